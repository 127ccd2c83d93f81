package org.cellscape.backend.opencl;

import java.util.Random;
import org.cellscape.engine.Tile;
import org.cellscape.model.Family;
import org.cellscape.model.NcaModel;

/**
 * The random models and states of the device check ({@code cellscape devices --check}, the GPU check, and the
 * OpenCL tests): every weight non-zero except a few exact zeros, negative zeros and subnormals, which are the
 * values where a sloppy implementation (fmax, flushed denormals, dropped signs) would differ.
 */
final class CheckModels {
    private CheckModels() {}

    /** Google's texture NCA shape: 12 channels, 96 hidden, second bias, clipping. */
    static NcaModel google(long seed) {
        return of(Family.GOOGLE, 12, 96, true, seed);
    }

    /** The PyTorch notebook's shape: 12 channels, 96 hidden, no second bias, no clipping. */
    static NcaModel pytorch(long seed) {
        return of(Family.PYTORCH, 12, 96, false, seed);
    }

    /** The RGBA variant: 4 channels, 8 hidden. */
    static NcaModel rgba(long seed) {
        return of(Family.RGBA, 4, 8, false, seed);
    }

    static NcaModel of(Family family, int channels, int hidden, boolean bias2, long seed) {
        Random r = new Random(seed);
        int in = channels * 4;
        float[] w1 = gaussian(r, hidden * in, (float) (1.0 / Math.sqrt(in)));
        float[] b1 = gaussian(r, hidden, 0.2f);
        float[] w2 = gaussian(r, channels * hidden, (float) (0.15 / Math.sqrt(hidden)));
        float[] b2 = bias2 ? gaussian(r, channels, 0.05f) : null;
        return NcaModel.builder(family, channels, hidden).name("random-" + family.id() + "-" + seed)
                .weights(w1, b1, w2, b2).build();
    }

    private static float[] gaussian(Random r, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian() * scale;
        if (n > 8) {
            a[r.nextInt(n)] = 0f;
            a[r.nextInt(n)] = -0f;
            a[r.nextInt(n)] = Float.MIN_VALUE * 3;
            a[r.nextInt(n)] = -Float.MIN_NORMAL / 7;
        }
        return a;
    }

    /** A tile of random state in [-amp, amp) with a few exact and negative zeros. */
    static Tile state(int w, int h, int channels, long originX, long originY, long canvasW, long canvasH, float amp, long seed) {
        Random r = new Random(seed);
        float[] d = new float[w * h * channels];
        for (int i = 0; i < d.length; i++) d[i] = (r.nextFloat() * 2 - 1) * amp;
        for (int i = 0; i < d.length / 50; i++) d[r.nextInt(d.length)] = r.nextBoolean() ? 0f : -0f;
        return new Tile(w, h, channels, originX, originY, canvasW, canvasH, d);
    }
}
