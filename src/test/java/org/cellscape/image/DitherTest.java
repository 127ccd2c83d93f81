package org.cellscape.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DitherTest {
    @Test
    void staysWithinOneStepOfTheExactValue() {
        for (int v = 0; v < 65536; v++) {
            long x = v * 7L, y = v % 13;
            for (int c = 0; c < 3; c++) {
                int out = Dither.to8(v, x, y, c);
                assertTrue(out >= 0 && out <= 255, "v=" + v);
                assertTrue(Math.abs(out - v / 257.0) < 1.0, "v=" + v + " -> " + out);
            }
        }
    }

    @Test
    void blackAndWhiteAndExactLevelsStayPut() {
        for (long x = 0; x < 1000; x++) {
            assertEquals(0, Dither.to8(0, x, 3, 1));
            assertEquals(255, Dither.to8(65535, x, 3, 1));
            assertEquals(128, Dither.to8(128 * 257, x, 5, 2));
        }
    }

    @Test
    void isUnbiasedOverPositions() {
        for (int v : new int[] {1, 100, 257 * 10 + 128, 30000, 65534}) {
            double sum = 0;
            int n = 0;
            for (int y = 0; y < 200; y++)
                for (int x = 0; x < 200; x++) {
                    sum += Dither.to8(v, x, y, 0);
                    n++;
                }
            assertEquals(v / 257.0, sum / n, 0.01, "v=" + v);
        }
    }

    @Test
    void dependsOnlyOnPositionValueAndChannel() {
        short[] row = new short[300 * 3];
        for (int i = 0; i < row.length; i++) row[i] = (short) (i * 211);
        byte[] whole = new byte[row.length];
        Dither.row(row, 0, whole, 0, 300, 1000, 77);
        // the same pixels dithered in two pieces, at other offsets in the arrays
        byte[] split = new byte[row.length + 9];
        Dither.row(row, 0, split, 9, 100, 1000, 77);
        Dither.row(row, 300, split, 309, 200, 1100, 77);
        assertArrayEquals(whole, java.util.Arrays.copyOfRange(split, 9, split.length));
        // and it is position dependent: not the same threshold everywhere
        var seen = new java.util.HashSet<Integer>();
        for (int x = 0; x < 100; x++) seen.add(Dither.threshold(x, 0, 0));
        assertTrue(seen.size() > 50, "thresholds: " + seen.size() + " distinct");
        for (int x = 0; x < 10000; x++) {
            int t = Dither.threshold(x, x * 3L, x % 3);
            assertTrue(t >= 0 && t <= 256);
        }
    }

    /** The row loop (hash terms hoisted) gives exactly the per-sample definition, to8, at any position. */
    @org.junit.jupiter.api.Test
    void rowIsTo8SampleBySample() {
        java.util.Random r = new java.util.Random(5);
        short[] src = new short[3 * 500];
        for (int i = 0; i < src.length; i++) src[i] = (short) r.nextInt(65536);
        for (long[] at : new long[][]{{0, 0}, {123456789L, 987654321L}, {-7, 3}, {1L << 40, 1L << 33}}) {
            byte[] out = new byte[src.length];
            Dither.row(src, 0, out, 0, 500, at[0], at[1]);
            for (int i = 0; i < 500; i++)
                for (int c = 0; c < 3; c++)
                    org.junit.jupiter.api.Assertions.assertEquals(Dither.to8(src[i * 3 + c] & 0xFFFF, at[0] + i, at[1], c), out[i * 3 + c] & 0xFF);
        }
    }
}
