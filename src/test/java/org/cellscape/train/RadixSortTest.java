package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The radix sorts give exactly what Arrays.sort gives: the patch loss must not change with the sort. */
class RadixSortTest {
    /** Negative and positive values, both zeros, exact repeats, doubles that round to the same float, wide exponents. */
    static double[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (r.nextInt(6)) {
                case 0 -> r.nextDouble(-1, 1);
                case 1 -> i > 0 ? v[r.nextInt(i)] : 0.5; // an exact repeat
                case 2 -> i > 0 ? v[r.nextInt(i)] + 1e-12 : 0.25; // the same float, a different double
                case 3 -> r.nextBoolean() ? 0.0 : -0.0;
                case 4 -> r.nextDouble(-1, 1) * Math.pow(10, r.nextInt(-30, 30));
                default -> r.nextGaussian() * 3;
            };
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7, 64, 1000, 4096})
    void keysAsArraysSort(int n) {
        double[] v = values(n, n);
        long[] a = new long[n];
        for (int i = 0; i < n; i++) a[i] = PatchLoss.sortKey(v[i], i);
        long[] b = a.clone();
        Arrays.sort(a);
        RadixSort.sortKeys(b, n);
        assertArrayEquals(a, b);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 64, 1000, 4096})
    void valuesAsArraysSort(int n) {
        double[] v = values(n + 5, 7 * n);
        double[] a = Arrays.copyOfRange(v, 5, n + 5);
        Arrays.sort(a);
        double[] b = RadixSort.sorted(v, 5, n);
        for (int i = 0; i < n; i++) assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), "rank " + i);
    }
}
