package org.cellscape.train;

import java.util.Random;
import org.cellscape.model.NcaModel;

/** Test helpers: random models and rollouts for the gradient checks. */
final class GradCheck {
    private GradCheck() {}

    /** A CELLSCAPE model with random weights in every layer (a non-zero last layer, so every gradient is live). */
    static NcaModel randomModel(int channels, int hidden, long seed, double scale1, double scale2) {
        return randomModel(channels, hidden, 0, seed, scale1, scale2);
    }

    /** With {@code rules} control inputs. */
    static NcaModel randomModel(int channels, int hidden, int rules, long seed, double scale1, double scale2) {
        NcaParams p = NcaParams.initial(channels, hidden, 4, rules, seed);
        Random r = new Random(seed + 1);
        for (int i = 0; i < p.w1.length; i++) p.w1[i] *= (float) scale1;
        for (int i = 0; i < p.w2.length; i++) p.w2[i] = (float) (r.nextGaussian() * scale2);
        for (int i = 0; i < p.b2.length; i++) p.b2[i] = (float) (r.nextGaussian() * scale2);
        return p.toModel("random");
    }

    static float[] randomState(int n, long seed, double amp) {
        Random r = new Random(seed);
        float[] s = new float[n];
        for (int i = 0; i < n; i++) s[i] = (float) ((r.nextDouble() * 2 - 1) * amp);
        return s;
    }

    /** Relative error ||a - b|| / max(||a||, ||b||) over the given entries. */
    static double relError(double[] a, double[] b) {
        return org.cellscape.testing.FiniteDifference.relError(a, b);
    }

    static double norm(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return Math.sqrt(s);
    }
}
