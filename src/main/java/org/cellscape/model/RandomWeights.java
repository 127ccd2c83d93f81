package org.cellscape.model;

import java.util.SplittableRandom;

/**
 * Random weights of a family, for benchmarks (and tests). Unlike a freshly initialised NCA (whose second layer is
 * zero) the second layer is non-zero, so every part of the step matters; weights are scaled so that states change
 * by a few hundredths per step, and a little damping keeps them in a sensible range even without clipping.
 */
public final class RandomWeights {
    private RandomWeights() {}

    /** The usual sizes: 4 channels / 8 hidden for rgba, else 12 / 96. */
    public static int defaultChannels(Family f) {
        return f == Family.RGBA ? 4 : 12;
    }

    public static int defaultHidden(Family f) {
        return f == Family.RGBA ? 8 : 96;
    }

    public static NcaModel create(Family family, int channels, int hidden, int extraInputs, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        NcaModel.Builder b = NcaModel.builder(family, channels, hidden).extraInputs(extraInputs)
                .name("random-" + family.id() + "-" + channels + "x" + hidden + (extraInputs > 0 ? "+" + extraInputs : ""));
        // A first build with zero weights gives the family's kernels (all families have 4), to scale each
        // input by its kernel's gain.
        NcaModel shape = b.weights(new float[hidden * (channels * 4 + extraInputs)], new float[hidden], new float[channels * hidden], null).build();
        int k = shape.kernelCount(), in = shape.inputs();
        float[] gain = new float[k];
        for (int i = 0; i < k; i++) {
            float sum = 0;
            for (float v : shape.kernel(i)) sum += Math.abs(v);
            gain[i] = Math.max(1f, sum);
        }
        float[] w1 = new float[hidden * in], b1 = new float[hidden], w2 = new float[channels * hidden];
        double a1 = Math.sqrt(3.0 / in);
        for (int j = 0; j < hidden; j++)
            for (int i = 0; i < in; i++)
                w1[j * in + i] = (float) (uniform(r) * a1 / (i < channels * k ? gain[i % k] : 1f));
        for (int j = 0; j < hidden; j++) b1[j] = (float) (0.1 * uniform(r));
        double a2 = 0.1 / Math.sqrt(hidden);
        for (int i = 0; i < w2.length; i++) w2[i] = (float) (a2 * uniform(r));
        // Damping, so that families without clipping do not drift: hidden units 2c and 2c+1 see only +s[c] and
        // -s[c] (the identity feature) and give back -0.05 * (relu(s) - relu(-s)) = -0.05 * s[c].
        if (hidden >= 2 * channels)
            for (int c = 0; c < channels; c++)
                for (int sign = 0; sign < 2; sign++) {
                    int j = 2 * c + sign;
                    java.util.Arrays.fill(w1, j * in, (j + 1) * in, 0f);
                    w1[j * in + c * k] = sign == 0 ? 1f : -1f;
                    b1[j] = 0f;
                    w2[c * hidden + j] += sign == 0 ? -0.05f : 0.05f;
                }
        float[] b2 = null;
        if (family == Family.GOOGLE || family == Family.CELLSCAPE) {
            b2 = new float[channels];
            for (int c = 0; c < channels; c++) b2[c] = (float) (0.01 * uniform(r));
        }
        return b.weights(w1, b1, w2, b2).build();
    }

    private static double uniform(SplittableRandom r) {
        return r.nextDouble() * 2 - 1;
    }
}
