package org.cellscape.engine;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The test vectors published in docs/rng.md: any implementation of the RNG must reproduce them. */
class RngTest {
    // seed, level, step, x, y, stepKey, cellBits, u24
    static final long[][] VECTORS = {
            {0L, 0, 0, 0L, 0L, 0x238275BC38FCBE91L, 0x78AE5A9A6B5FD45EL, 7908954},
            {1L, 0, 0, 0L, 0L, 0xFC042709560421DAL, 0x4ACAF81868EB8265L, 4901624},
            {1L, 0, 0, 1L, 0L, 0xFC042709560421DAL, 0x67E16A0C98F7A6F9L, 6807914},
            {1L, 0, 0, 0L, 1L, 0xFC042709560421DAL, 0x0DD5414DB1AB90E7L, 906561},
            {42L, 3, 17, 1000L, 2000L, 0xF0F1EBDC4A10DE83L, 0x5458BC74F992D0E0L, 5527740},
            {-7L, 1, 5, 123456789L, 987654321L, 0x6EE5E5886ECD3FE2L, 0x69B4668167F883F0L, 6927462},
    };

    @Test
    void publishedVectors() {
        for (long[] v : VECTORS) {
            long key = Rng.stepKey(v[0], Rng.FIRE, (int) v[1], (int) v[2]);
            assertEquals(v[5], key, "stepKey");
            long row = Rng.rowKey(key, v[4]);
            assertEquals(v[6], Rng.cellBits(row, v[3]), "cellBits");
            assertEquals(v[7], Rng.u24(row, v[3]), "u24");
        }
        assertEquals(0x5692161d100b05e5L, Rng.mix(1));
    }

    @Test
    void thresholdIsExact() {
        assertEquals(0, Rng.threshold(0f));
        assertEquals(1 << 24, Rng.threshold(1f));
        assertEquals(1 << 23, Rng.threshold(0.5f));
        // u24 * 2^-24 < rate  <=>  u24 < threshold, for a rate that is not a multiple of 2^-24
        float rate = 0.3f;
        int t = Rng.threshold(rate);
        assertTrue((t - 1) * 0x1p-24f < rate && !(t * 0x1p-24f < rate));
    }

    @Test
    void fireFractionAndIndependence() {
        long key = Rng.stepKey(7, Rng.FIRE, 2, 3);
        int t = Rng.threshold(0.5f), fired = 0, n = 512 * 512, agree = 0;
        long other = Rng.stepKey(7, Rng.FIRE, 2, 4);
        for (int y = 0; y < 512; y++) {
            long r = Rng.rowKey(key, y), r2 = Rng.rowKey(other, y);
            for (int x = 0; x < 512; x++) {
                boolean f = Rng.u24(r, x) < t;
                if (f) fired++;
                if (f == (Rng.u24(r2, x) < t)) agree++;
            }
        }
        assertEquals(0.5, fired / (double) n, 0.005);
        assertEquals(0.5, agree / (double) n, 0.005, "consecutive steps are independent");
    }

    @Test
    void noiseIsInRangeAndPositional() {
        float a = Rng.noise(5, 2, 10, 20);
        assertEquals(a, Rng.noise(5, 2, 10, 20));
        assertNotEquals(a, Rng.noise(5, 3, 10, 20));
        double sum = 0;
        for (int i = 0; i < 10000; i++) {
            float v = Rng.noise(1, 0, i, 0);
            assertTrue(v >= -1 && v < 1);
            sum += v;
        }
        assertEquals(0, sum / 10000, 0.03);
    }
}
