package org.cellscape.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cellscape.engine.Backend;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;
import org.cellscape.render.PhaseTimes.Phase;
import org.junit.jupiter.api.Test;

/** The charging rules of the time breakdown, on a clock the test moves: every figure is exact. */
class PhaseTimesTest {
    long now;

    /** A two-thread backend whose call lasts {@code callNanos}, its threads computing {@code busyNanos} of them in all. */
    Backend backend(long callNanos, long busyPerCall) {
        return new Backend() {
            long busy;

            @Override
            public String describe() {
                return "fake";
            }

            @Override
            public int threads() {
                return 2;
            }

            @Override
            public long busyNanos() {
                return busy;
            }

            @Override
            public void advance(Tile tile, NcaModel model, StepContext ctx, int level, int firstStep, int steps) {
                now += callNanos;
                busy += busyPerCall;
            }
        };
    }

    @Test
    void phasesAreChargedForEveryThreadAndStepsSplitByCells() {
        PhaseTimes t = new PhaseTimes(2, () -> now);
        now = 1_000_000_000L; // 1 s of setup (OTHER)
        Backend b = t.timed(backend(4_000_000_000L, 6_000_000_000L));
        b.advance(Tile.canvas(5, 4, 1), null, null, 0, 0, 5); // a torus tile: 5 x 4 cells x 5 steps = 100 stepped
        t.useful(75);
        Phase was = t.enter(Phase.COLOUR);
        now += 1_000_000_000L;
        t.enter(Phase.ENCODE);
        now += 2_000_000_000L;
        t.enter(was);
        t.loaded(3_000_000_000L, 1_000_000_000L);
        PhaseReport r = t.report();
        assertEquals(8.0, r.wallSeconds(), 1e-12);
        assertEquals(4.0, r.stepWallSeconds(), 1e-12);
        assertEquals(100, r.steppedCells());
        assertEquals(75, r.usefulCells());
        assertEquals(4.5, r.useful(), 1e-12); // 6 busy thread-s, 3/4 of the cells useful
        assertEquals(1.5, r.halo(), 1e-12);
        assertEquals(2.0, r.stepWait(), 1e-12); // 2 threads x 4 s in the step, 6 of them busy
        assertEquals(2.0, r.colour(), 1e-12);
        assertEquals(4.0, r.encode(), 1e-12);
        assertEquals(2.0, r.other(), 1e-12);
        assertEquals(0.0, r.scratch() + r.loadWait(), 1e-12);
        assertEquals(16.0, r.sum(), 1e-12);
        assertEquals(r.threadSeconds(), r.sum(), 1e-12);
        assertEquals(1.0, r.read(), 1e-12);
        assertEquals(2.0, r.upsample(), 1e-12);
        assertEquals(25.0, r.steppingRate(), 1e-12);
    }

    @Test
    void aBackendThatDoesNotMeasureItsThreadsCountsItsWholeCallAsComputing() {
        PhaseTimes t = new PhaseTimes(1, () -> now);
        Backend plain = new Backend() {
            @Override
            public String describe() {
                return "plain";
            }

            @Override
            public void advance(Tile tile, NcaModel model, StepContext ctx, int level, int firstStep, int steps) {
                now += 3_000_000_000L;
            }
        };
        // a halo tile of 6 x 6 cells, 2 steps: step 0 computes 4 x 4, step 1 2 x 2
        t.timed(plain).advance(new Tile(6, 6, 1, 10, 10, 100, 100, new float[36]), null, null, 0, 0, 2);
        t.useful(4);
        PhaseReport r = t.report();
        assertEquals(20, r.steppedCells());
        assertEquals(0.0, r.stepWait(), 0);
        assertEquals(3.0 * 4 / 20, r.useful(), 1e-12);
        assertEquals(3.0 * 16 / 20, r.halo(), 1e-12);
        assertEquals(r.threadSeconds(), r.sum(), 1e-12);
    }
}
