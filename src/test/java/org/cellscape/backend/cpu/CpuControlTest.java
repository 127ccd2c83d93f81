package org.cellscape.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.Family;
import org.cellscape.model.NcaModel;
import org.cellscape.testing.TestControls;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The cpu backend with control inputs (multi-rule models, R = 1..3): bit-exact with the reference in every blocking. */
class CpuControlTest {
    static Stream<Arguments> cases() {
        List<Arguments> l = new ArrayList<>();
        for (int rules = 1; rules <= 3; rules++)
            for (Blocking blocking : Blocking.all())
                for (boolean torus : new boolean[]{true, false})
                    l.add(Arguments.of(rules, blocking, torus));
        return l.stream();
    }

    @ParameterizedTest(name = "R={0} {1} torus={2}")
    @MethodSource("cases")
    void matchesReference(int rules, Blocking blocking, boolean torus) {
        NcaModel m = TestControls.multiRule(rules == 2 ? Family.PYTORCH : Family.GOOGLE, 12, 96, rules, 40 + rules);
        int w = 37, h = 21;
        Tile start = torus ? TestStates.noise(w, h, 12, 0, 0, w, h, 5, 1f) : TestStates.noise(w, h, 12, 90, 7, 100, 90, 5, 1f);
        float[] ctl = TestControls.blend(w * h, rules, rules);
        StepContext ctx = new StepContext(8, 0.5f);
        Tile ref = withControl(start, ctl), cpu = withControl(start, ctl), plain = TestStates.copy(start);
        new ReferenceBackend().advance(ref, m, ctx, 1, 0, 4);
        new ReferenceBackend().advance(plain, m, ctx, 1, 0, 4);
        try (CpuBackend b = new CpuBackend(new BackendOptions(2, null), blocking)) {
            b.advance(cpu, m, ctx, 1, 0, 4);
        }
        TestStates.assertSameInterior(ref, cpu, torus ? 0 : 4, m.name() + " " + blocking);
        assertFalse(Arrays.equals(ref.data(), plain.data()), "the control inputs changed nothing");
    }

    static Tile withControl(Tile t, float[] ctl) {
        Tile c = TestStates.copy(t);
        c.setControl(ctl.clone());
        return c;
    }
}
