package org.cellscape.backend.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import org.cellscape.engine.Rng;
import org.cellscape.engine.Tile;

/** Initial states and comparisons shared by the cpu backend tests. */
final class TestStates {
    private TestStates() {}

    /** A tile of seeded noise in [-amplitude, amplitude), drawn by global coordinates. */
    static Tile noise(int w, int h, int c, long ox, long oy, long cw, long ch, long seed, float amplitude) {
        Tile t = new Tile(w, h, c, ox, oy, cw, ch, new float[w * h * c]);
        float[] d = t.data();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int k = 0; k < c; k++)
                    d[(y * w + x) * c + k] = amplitude * Rng.noise(seed, k, t.globalX(x), t.globalY(y));
        return t;
    }

    static Tile copy(Tile t) {
        return new Tile(t.width(), t.height(), t.channels(), t.originX(), t.originY(), t.canvasWidth(), t.canvasHeight(), t.data().clone());
    }

    /**
     * Fails unless the cells at least {@code margin} from the border hold the same bits (NaNs compared as NaN).
     * Returns how many floats were compared.
     */
    static int assertSameInterior(Tile expected, Tile actual, int margin, String what) {
        int w = expected.width(), h = expected.height(), c = expected.channels(), n = 0;
        float[] e = expected.data(), a = actual.data();
        for (int y = margin; y < h - margin; y++)
            for (int x = margin; x < w - margin; x++)
                for (int k = 0; k < c; k++, n++) {
                    int i = (y * w + x) * c + k;
                    if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i]))
                        fail(what + ": cell (" + x + ", " + y + ") channel " + k + ": expected " + e[i] + " (0x"
                                + Integer.toHexString(Float.floatToRawIntBits(e[i])) + "), got " + a[i] + " (0x"
                                + Integer.toHexString(Float.floatToRawIntBits(a[i])) + ")");
                }
        return n;
    }
}
