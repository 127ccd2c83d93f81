package org.cellscape.canvas;

import java.util.Random;
import org.cellscape.model.Family;
import org.cellscape.model.Kernels;
import org.cellscape.model.NcaModel;

/** Small random models for tests: every layer non-zero (a zero second layer would leave the state unchanged). */
public final class RandomModels {
    private RandomModels() {}

    public static NcaModel random(long seed, int channels, int hidden) {
        Random r = new Random(seed);
        boolean google = r.nextBoolean();
        Kernels k = google ? Kernels.GOOGLE : Kernels.UNSCALED;
        int in = channels * k.count();
        float[] w1 = gauss(r, hidden * in, google ? 0.4f : 0.15f), b1 = gauss(r, hidden, 0.2f), w2 = gauss(r, channels * hidden, 0.2f);
        float[] b2 = google || r.nextBoolean() ? gauss(r, channels, 0.05f) : null;
        return NcaModel.builder(google ? Family.GOOGLE : Family.PYTORCH, channels, hidden).name("test-" + seed)
                .kernels(k.weights()).weights(w1, b1, w2, b2).fireRate(0.3f + 0.6f * r.nextFloat()).build();
    }

    private static float[] gauss(Random r, int n, float sd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * sd);
        return a;
    }
}
