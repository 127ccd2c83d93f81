package org.cellscape.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cellscape.CellscapeException;
import org.cellscape.engine.Backend;
import org.cellscape.engine.Tile;
import org.junit.jupiter.api.Test;

/** Band planning needs no device: bands partition the rows, carry their halos and fit the buffers. */
class BandPlanTest {
    static final long GIB = 1L << 30;

    @Test
    void aTileThatFitsIsOneBandWithTheTilesOwnRegion() {
        for (boolean torus : new boolean[]{true, false}) {
            BandPlan p = BandPlan.plan(30, 20, 12, torus, 4, GIB, GIB, 64 << 20, false);
            assertTrue(p.single());
            Tile t = torus ? Tile.canvas(30, 20, 12) : new Tile(30, 20, 12, 5, 5, 100, 100, new float[30 * 20 * 12]);
            for (int i = 0; i < 4; i++) assertArrayEquals(Backend.region(t, i), p.region(p.bands().get(0), i), "step " + i);
        }
    }

    @Test
    void bandsPartitionTheRowsAndFitTheBuffers() {
        long row = 100 * 12 * 4;
        for (boolean torus : new boolean[]{true, false})
            for (int steps : new int[]{1, 3, 8}) {
                long maxAlloc = row * (30 + 2 * steps);
                BandPlan p = BandPlan.plan(100, 257, 12, torus, steps, maxAlloc, GIB, 0, false);
                assertTrue(p.bands().size() > 1);
                int next = 0;
                for (BandPlan.Band b : p.bands()) {
                    assertEquals(next, b.start());
                    assertTrue(b.end() - b.start() >= steps, "band shorter than its halo");
                    assertTrue(b.windowRows() * row <= maxAlloc, "band does not fit");
                    assertEquals(torus ? b.start() - steps : Math.max(0, b.start() - steps), b.windowStart());
                    assertEquals(torus ? b.end() + steps : Math.min(257, b.end() + steps), b.windowEnd());
                    // every step computes the band's inner rows wherever the whole tile would, and nothing the tile would not
                    for (int i = 0; i < steps; i++) {
                        int[] r = p.region(b, i);
                        int lo = r[1] + b.windowStart(), hi = r[3] + b.windowStart();
                        int want0 = torus ? b.start() : Math.max(b.start(), i + 1), want1 = torus ? b.end() : Math.min(b.end(), 257 - i - 1);
                        assertTrue(lo <= want0 && hi >= want1, "step " + i + " region " + lo + ".." + hi + " misses inner rows " + want0 + ".." + want1);
                        if (!torus) assertTrue(lo >= i + 1 && hi <= 257 - i - 1, "step " + i + " computes outside the tile's region");
                        assertTrue(r[1] >= i + 1 && r[3] <= b.windowRows() - i - 1, "step " + i + " reads outside the band's valid rows");
                    }
                    next = b.end();
                }
                assertEquals(257, next);
            }
    }

    @Test
    void overlapCutsBigTilesEvenWhenTheyFit() {
        BandPlan p = BandPlan.plan(4096, 4096, 12, true, 8, 4 * GIB, 100 * GIB, 64 << 20, true);
        assertTrue(p.bands().size() >= 8, p.bands().size() + " bands");
        assertTrue(BandPlan.plan(64, 64, 12, true, 8, 4 * GIB, 100 * GIB, 64 << 20, true).single());
    }

    @Test
    void tooManyStepsForTheMemorySaySo() {
        long row = 100 * 12 * 4;
        CellscapeException e = assertThrows(CellscapeException.class, () -> BandPlan.plan(100, 1000, 12, true, 50, row * 20, GIB, 0, false));
        assertEquals(CellscapeException.DOES_NOT_FIT, e.exitCode());
    }
}
