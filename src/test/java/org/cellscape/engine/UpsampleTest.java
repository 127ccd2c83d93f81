package org.cellscape.engine;

import static org.junit.jupiter.api.Assertions.*;

import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.Test;

class UpsampleTest {
    @Test
    void weightsForFactorsTwoAndThree() {
        assertEquals(-1, Upsample.leftOffset(0, 2));
        assertEquals(0.75f, Upsample.weight(0, 2));
        assertEquals(0, Upsample.leftOffset(1, 2));
        assertEquals(0.25f, Upsample.weight(1, 2));
        assertEquals(-1, Upsample.leftOffset(0, 3));
        assertEquals((float) (2.0 / 3), Upsample.weight(0, 3));
        assertEquals(0f, Upsample.weight(1, 3));
        assertEquals((float) (1.0 / 3), Upsample.weight(2, 3));
    }

    @Test
    void nearestRepeatsCells() {
        Tile s = new Tile(3, 2, 1, 0, 0, 3, 2, new float[]{1, 2, 3, 4, 5, 6});
        Tile d = Tile.canvas(6, 4, 1);
        Upsample.apply(s, d, 2, Upsample.Mode.NEAREST);
        assertArrayEquals(new float[]{1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 4, 4, 5, 5, 6, 6}, d.data());
    }

    @Test
    void bilinearOnTheTorusByHand() {
        // one row 0, 4 (width 2, height 1), factor 2: outputs at source positions -0.25, 0.25, 0.75, 1.25
        Tile s = new Tile(2, 1, 1, 0, 0, 2, 1, new float[]{0, 4});
        Tile d = Tile.canvas(4, 2, 1);
        Upsample.apply(s, d, 2, Upsample.Mode.BILINEAR);
        // x=0: between cell -1 (=1, value 4) and 0 (0) with t=.75 -> 4 + .75*(0-4) = 1
        assertArrayEquals(new float[]{1, 1, 3, 3, 1, 1, 3, 3}, d.data());
    }

    /** Every output cell is the class comment's formula, evaluated cell by cell here (the code caches row lerps). */
    @Test
    void bilinearIsTheFormulaCellByCell() {
        int W = 9, H = 7, C = 5;
        Tile src = new Tile(W, H, C, 0, 0, W, H, TestModels.noise(W, H, C, 3, 4));
        for (int f : new int[]{2, 3, 4}) {
            Tile d = Tile.canvas(W * f, H * f, C);
            Upsample.apply(src, d, f, Upsample.Mode.BILINEAR);
            for (int y = 0; y < H * f; y++)
                for (int x = 0; x < W * f; x++) {
                    int rx = Math.floorMod(x, f), ry = Math.floorMod(y, f);
                    int x0 = Math.floorDiv(x, f) + Upsample.leftOffset(rx, f), y0 = Math.floorDiv(y, f) + Upsample.leftOffset(ry, f);
                    float tx = Upsample.weight(rx, f), ty = Upsample.weight(ry, f);
                    for (int c = 0; c < C; c++) {
                        float a = cell(src, x0, y0, c), b = cell(src, x0 + 1, y0, c), e = cell(src, x0, y0 + 1, c), g = cell(src, x0 + 1, y0 + 1, c);
                        float want = Upsample.lerp(Upsample.lerp(a, b, tx), Upsample.lerp(e, g, tx), ty);
                        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(d.data()[(y * W * f + x) * C + c]), "f " + f + " at " + x + "," + y + " channel " + c);
                    }
                }
        }
    }

    private static float cell(Tile t, int x, int y, int c) {
        return t.data()[(Math.floorMod(y, t.height()) * t.width() + Math.floorMod(x, t.width())) * t.channels() + c];
    }

    @Test
    void constantStaysConstantAndTilesMatchTheWhole() {
        int W = 7, H = 5, C = 3;
        Tile src = new Tile(W, H, C, 0, 0, W, H, TestModels.noise(W, H, C, 1, 4));
        for (int f : new int[]{2, 3})
            for (Upsample.Mode mode : Upsample.Mode.values()) {
                Tile whole = Tile.canvas(W * f, H * f, C);
                Upsample.apply(src, whole, f, mode);
                // destination tile at (5, 4) size 8x6, its source window covers cells floor(5/f)-1 .. plus one
                long dx = 5, dy = 4;
                int tw = 8, th = 6;
                long sx0 = Math.floorDiv(dx, f) - 1, sy0 = Math.floorDiv(dy, f) - 1;
                int sw = (int) (Math.floorDiv(dx + tw - 1, f) + 2 - sx0), sh = (int) (Math.floorDiv(dy + th - 1, f) + 2 - sy0);
                float[] sd = new float[sw * sh * C];
                for (int y = 0; y < sh; y++)
                    for (int x = 0; x < sw; x++)
                        System.arraycopy(src.data(), (int) ((Math.floorMod(sy0 + y, H) * W + Math.floorMod(sx0 + x, W)) * C), sd, (y * sw + x) * C, C);
                Tile part = new Tile(tw, th, C, dx, dy, W * f, H * f, new float[tw * th * C]);
                Upsample.apply(new Tile(sw, sh, C, sx0, sy0, W, H, sd), part, f, mode);
                for (int y = 0; y < th; y++)
                    for (int x = 0; x < tw; x++)
                        for (int c = 0; c < C; c++)
                            assertEquals(whole.get((int) (dx + x), (int) (dy + y), c), part.get(x, y, c), mode + " f=" + f);
            }
        Tile k = new Tile(2, 2, 1, 0, 0, 2, 2, new float[]{0.3f, 0.3f, 0.3f, 0.3f});
        Tile o = Tile.canvas(6, 6, 1);
        Upsample.apply(k, o, 3, Upsample.Mode.BILINEAR);
        for (float v : o.data()) assertEquals(0.3f, v);
    }
}
