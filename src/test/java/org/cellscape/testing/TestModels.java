package org.cellscape.testing;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.cellscape.model.Family;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;

/**
 * The tests' models, made in the tests so that none depends on the shipped ones: random weights (scaled so a few
 * steps keep states in a sensible range; second layer NON-zero) and a few made by hand to behave in one way.
 */
public final class TestModels {
    /** Channels and hidden units of the small models. */
    static final int C = 6, H = 8;

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

    /** Small random cellscape weights (6 channels, 8 hidden): a model that changes the state, quick to render. */
    public static NcaModel small(long seed) {
        return random(Family.CELLSCAPE, C, H, 0, seed);
    }

    /** Google or PyTorch family (their kernels and clipping differ) and a fire rate in [0.3, 0.9), all from the seed. */
    public static NcaModel anyFamily(long seed, int channels, int hidden) {
        SplittableRandom r = new SplittableRandom(seed);
        Family f = r.nextBoolean() ? Family.GOOGLE : Family.PYTORCH;
        return random(f, channels, hidden, 0, r.nextLong()).toBuilder().fireRate(0.3f + 0.6f * (float) r.nextDouble()).build();
    }

    /** All weights zero: every step leaves the state as it is (a seeded-noise start stays noisy). */
    public static NcaModel still() {
        return NcaModel.builder(Family.CELLSCAPE, C, H).name("still")
                .weights(new float[H * C * 4], new float[H], new float[C * H], null).build();
    }

    /** Zero weights and a negative output bias: every fired cell moves down until the clip; all cells end at -2. */
    public static NcaModel dead() {
        float[] b2 = new float[C];
        Arrays.fill(b2, -0.5f);
        return NcaModel.builder(Family.CELLSCAPE, C, H).name("dead")
                .weights(new float[H * C * 4], new float[H], new float[C * H], b2).build();
    }

    /** PyTorch family (no clipping), large positive weights: the state grows without bound to Inf and NaN. */
    public static NcaModel exploding() {
        float[] w1 = new float[H * C * 4], b1 = new float[H], w2 = new float[C * H];
        Arrays.fill(w1, 1f);
        Arrays.fill(b1, 1f);
        Arrays.fill(w2, 1f);
        return NcaModel.builder(Family.PYTORCH, C, H).name("exploding").weights(w1, b1, w2, new float[C]).build();
    }

    public static Path write(NcaModel m, Path dir, String file) {
        Path p = dir.resolve(file);
        ModelIO.write(m, p);
        return p;
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
