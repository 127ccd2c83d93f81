package org.cellscape.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.cellscape.engine.Upsample;
import org.junit.jupiter.api.Test;

class CellGridTest {
    @Test
    void coresCoverTheRegionExactlyOnceInRowMajorBands() {
        Random r = new Random(1);
        for (int c = 0; c < 200; c++) {
            long cw = 1 + r.nextInt(60), ch = 1 + r.nextInt(60);
            long rw = 1 + r.nextInt((int) cw), rh = 1 + r.nextInt((int) ch);
            int tile = 1 + r.nextInt(25), halo = r.nextInt(10);
            CellGrid g = CellGrid.tiled(cw, ch, rw, rh, tile, halo);
            int[] hits = new int[(int) (rw * rh)];
            long lastRowEnd = 0;
            for (int i = 0; i < g.count(); i++) {
                CellGrid.Rect core = g.core(i);
                assertTrue(core.x() >= 0 && core.y() >= 0 && core.endX() <= rw && core.endY() <= rh, core.toString());
                assertTrue(core.width() <= tile && core.height() <= tile);
                assertEquals(core.grow(halo), g.withHalo(i));
                assertEquals(g.rowStart(g.row(i)), core.y());
                assertEquals(g.rowEnd(g.row(i)), core.endY());
                for (long y = core.y(); y < core.endY(); y++)
                    for (long x = core.x(); x < core.endX(); x++) hits[(int) (y * rw + x)]++;
                if (g.endsRow(i)) {
                    assertEquals(lastRowEnd, g.rowStart(g.row(i)), "bands follow each other");
                    lastRowEnd = g.rowEnd(g.row(i));
                    assertEquals(rw, core.endX());
                }
            }
            assertEquals(rh, lastRowEnd);
            for (int h : hits) assertEquals(1, h);
            assertTrue(g.maxTileCells() >= g.withHalo(0).cells());
        }
    }

    @Test
    void computedCellUpdatesCountTheShrinkingHalo() {
        Random r = new Random(2);
        for (int c = 0; c < 100; c++) {
            long cw = 1 + r.nextInt(50), ch = 1 + r.nextInt(50);
            int tile = 1 + r.nextInt(20), steps = r.nextInt(9);
            CellGrid g = CellGrid.tiled(cw, ch, cw, ch, tile, steps);
            long brute = 0;
            for (int i = 0; i < g.count(); i++) {
                CellGrid.Rect h = g.withHalo(i);
                for (int s = 0; s < steps; s++) brute += (long) (h.width() - 2 * (s + 1)) * (h.height() - 2 * (s + 1));
            }
            assertEquals(brute, g.computedCellUpdates(steps), "grid " + g);
        }
        assertEquals(12L * 7 * 5, CellGrid.untiled(12, 7).computedCellUpdates(5));
    }

    @Test
    void untiledIsOneTorusTile() {
        CellGrid g = CellGrid.untiled(33, 17);
        assertTrue(g.isUntiled());
        assertEquals(1, g.count());
        assertEquals(new CellGrid.Rect(0, 0, 33, 17), g.withHalo(0));
        assertTrue(g.endsRow(0));
        assertEquals(17, g.rowEnd(0));
        assertFalse(CellGrid.tiled(33, 17, 33, 17, 64, 3).isUntiled());
    }

    @Test
    void coarseCoverHoldsEverySourceCellOfBothModes() {
        Random r = new Random(3);
        for (int c = 0; c < 500; c++) {
            int f = 1 + r.nextInt(5);
            CellGrid.Rect fine = new CellGrid.Rect(r.nextInt(200) - 100, r.nextInt(200) - 100, 1 + r.nextInt(40), 1 + r.nextInt(40));
            CellGrid.Rect cov = CellGrid.coarseCover(fine, f);
            for (long x = fine.x(); x < fine.endX(); x++) {
                long i = Math.floorDiv(x, f);
                long left = i + Upsample.leftOffset((int) Math.floorMod(x, f), f);
                assertTrue(left >= cov.x() && left + 1 < cov.endX() && i >= cov.x() && i < cov.endX(), fine + " f " + f + " x " + x);
            }
            assertTrue(cov.width() <= fine.width() / f + 4);
        }
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> CellGrid.tiled(10, 10, 11, 10, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> CellGrid.tiled(10, 10, 10, 10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> CellGrid.tiled(10, 10, 10, 10, 4, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> CellGrid.tiled(10, 10, 10, 10, 4, 1).core(9));
    }
}
