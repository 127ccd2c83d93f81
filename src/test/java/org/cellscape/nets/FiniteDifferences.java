package org.cellscape.nets;

import java.util.function.ToDoubleFunction;

/** Float64 central differences, to check hand-written gradients, and the relative error they are judged by. */
public final class FiniteDifferences {
    private FiniteDifferences() {}

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
