package org.cellscape.backend.opencl;

import static org.cellscape.backend.opencl.OpenClTestSupport.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.Family;
import org.cellscape.model.NcaModel;
import org.cellscape.testing.TestControls;
import org.junit.jupiter.api.Test;

/**
 * The OpenCL step with control inputs (R = 1..3, blends, one-hot, zeros, unclipped values) against the reference,
 * bit for bit: both kernels, torus and halo tiles, whole tiles and streamed bands (each band reads its own control
 * rows, wrapping on a torus). Skipped where this machine has no OpenCL device.
 */
class OpenClControlTest {
    static Tile withControl(Tile t, float[] ctl) {
        Tile c = OpenClTestSupport.copy(t);
        c.setControl(ctl.clone());
        return c;
    }

    static Tile reference(Tile start, NcaModel m, StepContext ctx, int steps) {
        Tile t = withControl(start, start.control());
        new org.cellscape.backend.ReferenceBackend().advance(t, m, ctx, 1, 2, steps);
        return t;
    }

    @Test
    void everyRuleCountKernelAndTileMatchesTheReference() {
        ClDevice device = OpenClTestSupport.deviceOrSkip();
        StepContext ctx = new StepContext(77, 0.5f);
        try (OpenClBackend direct = new OpenClBackend(device, Tuning.DEFAULT.withKernel("direct"));
             OpenClBackend compact = new OpenClBackend(device, Tuning.DEFAULT.withKernel("compact").withWorkGroup(32))) {
            for (int rules = 1; rules <= 3; rules++) {
                NcaModel m = TestControls.multiRule(rules == 2 ? Family.PYTORCH : Family.GOOGLE, 12, 96, rules, 60 + rules);
                for (Tile s : List.of(CheckModels.state(37, 23, 12, 0, 0, 37, 23, 1f, rules), CheckModels.state(31, 19, 12, -7, 190, 300, 200, 1f, rules))) {
                    Tile start = withControl(s, TestControls.blend(s.width() * s.height(), rules, rules + 10));
                    Tile expected = reference(start, m, ctx, 4), plain = OpenClTestSupport.copy(s);
                    new org.cellscape.backend.ReferenceBackend().advance(plain, m, ctx, 1, 2, 4);
                    assertFalse(Arrays.equals(expected.data(), plain.data()), "the control inputs changed nothing");
                    for (OpenClBackend b : List.of(direct, compact)) {
                        Tile got = withControl(start, start.control());
                        b.advance(got, m, ctx, 1, 2, 4);
                        assertSameBits(expected, got, "R=" + rules + (s.isTorus() ? " torus " : " halo ") + b.describe());
                        // the same backend without a map afterwards: the plain program, zeros as today
                        Tile none = OpenClTestSupport.copy(s);
                        b.advance(none, m, ctx, 1, 2, 4);
                        assertSameBits(plain, none, "R=" + rules + " without a map after one with");
                    }
                }
            }
        }
    }

    @Test
    void streamedBandsReadTheirOwnControlRows() {
        ClDevice device = OpenClTestSupport.deviceOrSkip();
        NcaModel m = TestControls.multiRule(Family.GOOGLE, 12, 96, 3, 9);
        StepContext ctx = new StepContext(5, 0.5f);
        Tuning t = Tuning.DEFAULT.withKernel("compact").withMemory(1920 * 14, 1 << 30, 0, false); // bands of ~8 rows
        try (OpenClBackend b = new OpenClBackend(device, t)) {
            for (Tile s : List.of(CheckModels.state(40, 37, 12, 0, 0, 40, 37, 1f, 8), CheckModels.state(40, 41, 12, 13, -5, 90, 60, 1f, 9))) {
                Tile start = withControl(s, TestControls.blend(s.width() * s.height(), 3, 4));
                Tile expected = reference(start, m, ctx, 3), got = withControl(start, start.control());
                b.advance(got, m, ctx, 1, 2, 3);
                assertTrue(b.lastStats().bands() >= 4, "expected streaming, got " + b.lastStats());
                assertSameBits(expected, got, "streamed " + (s.isTorus() ? "torus" : "halo") + " " + b.lastStats());
            }
        }
    }
}
