package org.cellscape.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.cellscape.engine.Npy;
import org.cellscape.engine.Tile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    /** Value of channel c of global cell (x, y) in these tests. */
    static float value(long x, long y, int c) {
        return (float) (x * 0.001 + y * 1.5 + c * 0.25);
    }

    static Tile filled(long ox, long oy, int w, int h, int C, long cw, long ch) {
        Tile t = new Tile(w, h, C, ox, oy, cw, ch, new float[w * h * C]);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < C; c++) t.data()[(y * w + x) * C + c] = value(t.globalX(x), t.globalY(y), c);
        return t;
    }

    @Test
    void halosWrapAroundTheTorusAsOftenAsNeeded() {
        int C = 3;
        long W = 7, H = 5;
        try (StateStore s = StateStore.openWritable(dir.resolve("a.bin"), W, H, C, Precision.FLOAT32, new byte[0])) {
            s.write(filled(0, 0, 7, 5, C, W, H), new CellGrid.Rect(0, 0, 7, 5));
        }
        try (StateStore s = StateStore.openWritable(dir.resolve("a.bin"), W, H, C, Precision.FLOAT32, new byte[0])) {
            Random r = new Random(4);
            for (int i = 0; i < 100; i++) {
                int w = 1 + r.nextInt(20), h = 1 + r.nextInt(20);
                Tile t = new Tile(w, h, C, r.nextInt(40) - 20, r.nextInt(40) - 20, W, H, new float[w * h * C]);
                s.read(t);
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        for (int c = 0; c < C; c++) assertEquals(value(t.globalX(x), t.globalY(y), c), t.get(x, y, c));
            }
        }
    }

    @Test
    void float16RoundsLikeFloatToFloat16() throws Exception {
        int C = 2;
        try (StateStore s = StateStore.openWritable(dir.resolve("h.bin"), 9, 4, C, Precision.FLOAT16, new byte[0])) {
            assertEquals(9 * 4 * C * 2, Files.size(dir.resolve("h.bin")));
            s.write(filled(0, 0, 9, 4, C, 9, 4), new CellGrid.Rect(0, 0, 9, 4));
            Tile t = new Tile(9, 4, C, 0, 0, 9, 4, new float[9 * 4 * C]);
            s.read(t);
            for (int y = 0; y < 4; y++)
                for (int x = 0; x < 9; x++)
                    for (int c = 0; c < C; c++)
                        assertEquals(Float.float16ToFloat(Float.floatToFloat16(value(x, y, c))), t.get(x, y, c));
        }
    }

    @Test
    void filesPastTwoGibibytesUseLongOffsets() throws Exception {
        // A sparse 3 GiB store: only the touched pages take disk.
        long W = 1 << 14, H = 1 << 12;
        int C = 12;
        Path f = dir.resolve("big.bin");
        try (StateStore s = StateStore.openWritable(f, W, H, C, Precision.FLOAT32, new byte[0])) {
            assertTrue(Files.size(f) > 2L << 30);
            Tile t = filled(W - 5, H - 3, 5, 3, C, W, H);
            s.write(t, new CellGrid.Rect(W - 5, H - 3, 5, 3));
            Tile back = new Tile(9, 5, C, W - 5, H - 3, W, H, new float[9 * 5 * C]); // wraps to row 0 / column 0
            s.read(back);
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 5; x++)
                    for (int c = 0; c < C; c++) assertEquals(value(W - 5 + x, H - 3 + y, c), back.get(x, y, c));
            assertEquals(0f, back.get(6, 4, 0)); // untouched cells read as zero
        }
    }

    @Test
    void anNpyStateIsAStore() {
        Tile t = filled(0, 0, 6, 4, 5, 6, 4);
        Path f = dir.resolve("s.npy");
        Npy.write(f, t);
        org.cellscape.engine.Npy.Header h = org.cellscape.engine.Npy.readHeader(f);
        assertEquals(4, h.height());
        assertEquals(6, h.width());
        assertEquals(5, h.channels());
        try (StateStore s = StateStore.openReadOnly(f, 6, 4, 5, h.dataOffset())) {
            Tile back = new Tile(8, 6, 5, -1, -1, 6, 4, new float[8 * 6 * 5]);
            s.read(back);
            for (int y = 0; y < 6; y++)
                for (int x = 0; x < 8; x++) assertEquals(value(back.globalX(x), back.globalY(y), 4), back.get(x, y, 4));
        }
    }
}
