package org.cellscape.testing;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Central finite differences of a scalar function of a float64 vector, against an analytic gradient, and the relative error they are judged by. */
public final class FiniteDifference {
    private FiniteDifference() {}

    /**
     * The largest relative error over {@code samples} random coordinates (all of them if fewer): |analytic - numeric|
     * over the larger of the two, floored at 1e-3 of the gradient's largest entry so near-zero entries do not
     * dominate.
     */
    public static double maxError(ToDoubleFunction<double[]> f, double[] x, double[] grad, int samples, long seed) {
        double scale = 0;
        for (double g : grad) scale = Math.max(scale, Math.abs(g));
        if (scale == 0) throw new AssertionError("the analytic gradient is all zeros");
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] at = new int[Math.min(samples, x.length)];
        for (int s = 0; s < at.length; s++) at[s] = samples >= x.length ? s : rnd.nextInt(x.length);
        double[] numeric = gradient(f, x, at, 1e-5);
        double worst = 0;
        for (int s = 0; s < at.length; s++) {
            double a = grad[at[s]];
            worst = Math.max(worst, Math.abs(numeric[s] - a) / Math.max(1e-3 * scale, Math.max(Math.abs(numeric[s]), Math.abs(a))));
        }
        return worst;
    }

    /** Random values, Gaussian times {@code scale}. */
    public static double[] random(int n, double scale, SplittableRandom rnd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * rnd.nextGaussian();
        return v;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** d f / d x[i] for each i in {@code at}, by central differences of step eps (x is restored). */
    public static double[] gradient(ToDoubleFunction<double[]> f, double[] x, int[] at, double eps) {
        double[] g = new double[at.length];
        for (int k = 0; k < at.length; k++) {
            int i = at[k];
            double v = x[i];
            x[i] = v + eps;
            double up = f.applyAsDouble(x);
            x[i] = v - eps;
            double down = f.applyAsDouble(x);
            x[i] = v;
            g[k] = (up - down) / (2 * eps);
        }
        return g;
    }

    /** The entries of {@code g} at {@code at}. */
    public static double[] pick(double[] g, int[] at) {
        double[] out = new double[at.length];
        for (int k = 0; k < at.length; k++) out[k] = g[at[k]];
        return out;
    }

    /** {@code count} distinct indices below n, spread over the whole range (deterministic). */
    public static int[] spread(int n, int count) {
        int k = Math.min(n, count);
        int[] at = new int[k];
        for (int i = 0; i < k; i++) at[i] = (int) ((i * (long) n + n / 2) / k);
        return at;
    }

    /** ||a - b|| / max(||a||, ||b||). */
    public static double relError(double[] a, double[] b) {
        double d = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return Math.sqrt(d) / Math.max(Math.sqrt(Math.max(na, nb)), 1e-300);
    }
}
