package org.cellscape.testing;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Central finite differences of a scalar function of a float64 vector, against an analytic gradient. */
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
        double worst = 0, h = 1e-5;
        for (int s = 0; s < Math.min(samples, x.length); s++) {
            int i = samples >= x.length ? s : rnd.nextInt(x.length);
            double keep = x[i];
            x[i] = keep + h;
            double up = f.applyAsDouble(x);
            x[i] = keep - h;
            double down = f.applyAsDouble(x);
            x[i] = keep;
            double numeric = (up - down) / (2 * h);
            worst = Math.max(worst, Math.abs(numeric - grad[i]) / Math.max(1e-3 * scale, Math.max(Math.abs(numeric), Math.abs(grad[i]))));
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
}
