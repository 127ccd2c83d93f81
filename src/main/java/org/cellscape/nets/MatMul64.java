package org.cellscape.nets;

import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y = x · wᵀ (+ b)} for row-major float64 matrices, the layout of PyTorch's {@code Linear} weights
 * ({@code w} is out x in): dot products along contiguous rows on the Vector API, four rows of {@code x} by two of
 * {@code w} at a time, outputs split over the common pool's threads. Each output is summed in one fixed order, so a
 * product gives the same bits every time on one machine (the order follows the vector width). The input gradient of such a layer is the same
 * product with the transposed weights ({@link #transpose}).
 */
public final class MatMul64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Below this many multiply-adds the product stays on the calling thread. */
    private static final long PARALLEL_WORK = 1 << 18;
    private static final int OUT_BLOCK = 16;

    private MatMul64() {}

    /** x: n x in, w: out x in, b: out values or null; returns n x out. */
    public static double[] times(double[] x, int n, int in, double[] w, int out, double[] b) {
        double[] y = new double[n * out];
        int blocks = (out + OUT_BLOCK - 1) / OUT_BLOCK;
        IntStream range = IntStream.range(0, blocks);
        if ((long) n * in * out >= PARALLEL_WORK) range = range.parallel();
        range.forEach(k -> block(x, n, in, w, out, b, y, k * OUT_BLOCK, Math.min(out, (k + 1) * OUT_BLOCK)));
        return y;
    }

    /** m x k to k x m. */
    public static double[] transpose(double[] a, int m, int k) {
        double[] t = new double[a.length];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < k; j++) t[j * m + i] = a[i * k + j];
        return t;
    }

    private static void block(double[] x, int n, int in, double[] w, int out, double[] b, double[] y, int o0, int o1) {
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            int o = o0;
            for (; o + 2 <= o1; o += 2) four2(x, i, in, w, o, out, b, y);
            for (; o < o1; o++)
                for (int r = 0; r < 4; r++) y[(i + r) * out + o] = dot(x, (i + r) * in, w, o * in, in) + (b == null ? 0 : b[o]);
        }
        for (; i < n; i++)
            for (int o = o0; o < o1; o++) y[i * out + o] = dot(x, i * in, w, o * in, in) + (b == null ? 0 : b[o]);
    }

    /** Rows i..i+3 of x against rows o, o+1 of w: eight sums, six loads per eight multiply-adds. */
    private static void four2(double[] x, int i, int in, double[] w, int o, int out, double[] b, double[] y) {
        int x0 = i * in, x1 = x0 + in, x2 = x1 + in, x3 = x2 + in, w0 = o * in, w1 = w0 + in;
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        int bound = S.loopBound(in), k = 0;
        for (; k < bound; k += S.length()) {
            DoubleVector v0 = DoubleVector.fromArray(S, w, w0 + k), v1 = DoubleVector.fromArray(S, w, w1 + k);
            DoubleVector u = DoubleVector.fromArray(S, x, x0 + k);
            a00 = u.fma(v0, a00);
            a01 = u.fma(v1, a01);
            u = DoubleVector.fromArray(S, x, x1 + k);
            a10 = u.fma(v0, a10);
            a11 = u.fma(v1, a11);
            u = DoubleVector.fromArray(S, x, x2 + k);
            a20 = u.fma(v0, a20);
            a21 = u.fma(v1, a21);
            u = DoubleVector.fromArray(S, x, x3 + k);
            a30 = u.fma(v0, a30);
            a31 = u.fma(v1, a31);
        }
        double s00 = sum(a00), s01 = sum(a01), s10 = sum(a10), s11 = sum(a11), s20 = sum(a20), s21 = sum(a21), s30 = sum(a30), s31 = sum(a31);
        for (; k < in; k++) {
            double v0 = w[w0 + k], v1 = w[w1 + k];
            s00 += x[x0 + k] * v0;
            s01 += x[x0 + k] * v1;
            s10 += x[x1 + k] * v0;
            s11 += x[x1 + k] * v1;
            s20 += x[x2 + k] * v0;
            s21 += x[x2 + k] * v1;
            s30 += x[x3 + k] * v0;
            s31 += x[x3 + k] * v1;
        }
        double b0 = b == null ? 0 : b[o], b1 = b == null ? 0 : b[o + 1];
        y[i * out + o] = s00 + b0;
        y[i * out + o + 1] = s01 + b1;
        y[(i + 1) * out + o] = s10 + b0;
        y[(i + 1) * out + o + 1] = s11 + b1;
        y[(i + 2) * out + o] = s20 + b0;
        y[(i + 2) * out + o + 1] = s21 + b1;
        y[(i + 3) * out + o] = s30 + b0;
        y[(i + 3) * out + o + 1] = s31 + b1;
    }

    /**
     * The lanes added in lane order. The Vector API's reduceLanes may add them in another order once the JIT
     * compiles it, so one input could give two results in one run; a loss must give the same bits every time.
     */
    private static double sum(DoubleVector v) {
        double s = 0;
        for (int i = 0; i < S.length(); i++) s += v.lane(i);
        return s;
    }

    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        DoubleVector acc = DoubleVector.zero(S);
        int bound = S.loopBound(len), k = 0;
        for (; k < bound; k += S.length()) acc = DoubleVector.fromArray(S, a, ao + k).fma(DoubleVector.fromArray(S, b, bo + k), acc);
        double s = sum(acc);
        for (; k < len; k++) s += a[ao + k] * b[bo + k];
        return s;
    }
}
