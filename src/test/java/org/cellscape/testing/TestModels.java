package org.cellscape.testing;

import java.util.SplittableRandom;
import org.cellscape.model.Family;
import org.cellscape.model.NcaModel;

/** Random models for tests: weights scaled so a few steps keep states in a sensible range; second layer NON-zero. */
public final class TestModels {
    private TestModels() {}

    public static NcaModel random(Family family, int channels, int hidden, int extraInputs, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int in = channels * 4 + extraInputs;
        float[] w1 = gauss(r, hidden * in, 1.0 / Math.sqrt(in));
        float[] b1 = gauss(r, hidden, 0.1);
        float[] w2 = gauss(r, channels * hidden, 0.3 / Math.sqrt(hidden));
        float[] b2 = family == Family.PYTORCH ? null : gauss(r, channels, 0.02);
        return NcaModel.builder(family, channels, hidden).name("random-" + family.id() + "-" + seed)
                .extraInputs(extraInputs).weights(w1, b1, w2, b2).build();
    }

    public static NcaModel random(Family family, long seed) {
        return family == Family.RGBA ? random(family, 4, 8, 0, seed) : random(family, 12, 96, 0, seed);
    }

    public static float[] gauss(SplittableRandom r, int n, double sd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble(), v = r.nextDouble();
            a[i] = (float) (sd * Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v));
        }
        return a;
    }

    /** Seeded noise state of amplitude amp for a w x h canvas. */
    public static float[] noise(int w, int h, int c, double amp, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[w * h * c];
        for (int i = 0; i < a.length; i++) a[i] = (float) ((r.nextDouble() * 2 - 1) * amp);
        return a;
    }
}
