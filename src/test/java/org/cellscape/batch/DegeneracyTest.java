package org.cellscape.batch;

import static org.junit.jupiter.api.Assertions.*;

import org.cellscape.backend.ReferenceBackend;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.model.NcaModel;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.Test;

class DegeneracyTest {
    private static final Schedule S = Schedule.parse("16:noise(0.5):24, x2:16, x2:16");

    private static Degeneracy.Verdict check(NcaModel m, Schedule s) {
        return Degeneracy.check(m, s, new StepContext(3, m.fireRate()), ColourMap.of(m), new ReferenceBackend(), Degeneracy.DEFAULT_BUDGET);
    }

    @Test
    void deadModelIsFlat() {
        Degeneracy.Verdict v = check(TestModels.dead(), S);
        assertEquals(Degeneracy.Kind.DEAD, v.kind(), v.message());
        assertTrue(v.degenerate());
        assertEquals(1, v.level(), "judged on the last coarse level, never the final one");
        assertEquals(32, v.width());
        assertTrue(v.message().startsWith("dead: flat colour"), v.message());
    }

    @Test
    void explodingModelIsCaught() {
        Degeneracy.Verdict v = check(TestModels.exploding(), S);
        assertEquals(Degeneracy.Kind.EXPLODED, v.kind(), v.message());
        assertTrue(v.message().startsWith("exploded"), v.message());
    }

    @Test
    void livingPatternsPass() {
        Degeneracy.Verdict still = check(TestModels.still(), S);
        assertEquals(Degeneracy.Kind.OK, still.kind(), still.message());
        Degeneracy.Verdict random = check(TestModels.small(5), S);
        assertFalse(random.kind() == Degeneracy.Kind.EXPLODED, random.message());
    }

    @Test
    void bigSeedIsCheckedOnAWindowWithinTheBudget() {
        Schedule big = Schedule.parse("400x300:noise:2, x4:2, x2:2");
        Degeneracy.Verdict v = Degeneracy.check(TestModels.still(), big, new StepContext(1, 0.5f),
                ColourMap.of(TestModels.still()), new ReferenceBackend(), 64 * 64);
        assertEquals(0, v.level(), "level 1 (256x256) exceeds the budget");
        assertEquals(64, v.width());
        assertEquals(64, v.height());
        assertEquals(Degeneracy.Kind.OK, v.kind());
        assertEquals(Degeneracy.Kind.UNCHECKED, check(TestModels.still(), Schedule.parse("8:noise:2")).kind());
    }

    @Test
    void saturationIsReported() {
        // colours pushed far past 1: everything clips, yet the state still varies
        NcaModel m = TestModels.still().toBuilder().colour(1000f, 0.5f).build();
        Degeneracy.Verdict v = Degeneracy.check(m, S, new StepContext(3, 0.5f), ColourMap.of(m), new ReferenceBackend(), Degeneracy.DEFAULT_BUDGET);
        assertEquals(Degeneracy.Kind.SATURATED, v.kind(), v.message());
    }
}
