package org.cellscape.preset;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.cellscape.model.Family;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;

/** Small models made in tests, so no test depends on the shipped ones. */
public final class TestModels {
    static final int C = 6, H = 8;

    private TestModels() {}

    /** All weights zero: every step leaves the state as it is (a seeded-noise start stays noisy). */
    public static NcaModel still() {
        return NcaModel.builder(Family.CELLSCAPE, C, H).name("still")
                .weights(new float[H * C * 4], new float[H], new float[C * H], null).build();
    }

    /** Small random weights: a model that changes the state, for checks that steps really ran. */
    public static NcaModel random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w1 = new float[H * C * 4], b1 = new float[H], w2 = new float[C * H];
        for (int i = 0; i < w1.length; i++) w1[i] = (float) (r.nextGaussian() * 0.3);
        for (int i = 0; i < b1.length; i++) b1[i] = (float) (r.nextGaussian() * 0.1);
        for (int i = 0; i < w2.length; i++) w2[i] = (float) (r.nextGaussian() * 0.1);
        return NcaModel.builder(Family.CELLSCAPE, C, H).name("random" + seed).weights(w1, b1, w2, null).build();
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
}
