package org.cellscape.train;

import static org.cellscape.testing.FiniteDifference.maxError;
import static org.cellscape.testing.FiniteDifference.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cellscape.nets.ClipConfig;
import org.cellscape.nets.ClipModel;
import org.cellscape.nets.ClipVision;
import org.cellscape.nets.RandomClip;
import org.cellscape.testing.FiniteDifference;
import org.junit.jupiter.api.Test;

/** The prompt loss: its gradient on the sample's pixels against float64 central differences, its key, its weight. */
class ClipLossTest {
    static final ClipConfig SMALL = new ClipConfig(new ClipConfig.Tower(8, 1, 2, 12, 1e-5), new ClipConfig.Tower(8, 2, 2, 16, 1e-5), 6, 40, 10, 8, 4);
    static final ClipVision VISION = ClipModel.of(SMALL, null, RandomClip.tensors(SMALL, 3, false), "random", true).vision();
    final SplittableRandom rnd = new SplittableRandom(5);

    ClipLoss loss(double weight) {
        return new ClipLoss(VISION, random(6, 1, new SplittableRandom(9)), 3, weight);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        int w = 13, h = 11;
        double[] img = random(3 * w * h, 0.3, rnd);
        for (int i = 0; i < img.length; i++) img[i] += 0.5;
        ClipLoss l = loss(1);
        double[] grad = new double[img.length];
        double value = l.lossAndGradient(img, w, h, 42, grad);
        assertTrue(value > 0 && value < 2, "1 - cos lies in [0, 2]: " + value);
        double e = maxError(v -> l.lossAndGradient(v, w, h, 42, new double[v.length]), img, grad, 3 * w * h, 1);
        assertTrue(e < 1e-6, "relative error " + e);
    }

    @Test
    void theKeyDecidesTheCropsAndTheWeightScalesTheGradient() {
        int w = 16, h = 16;
        double[] img = random(3 * w * h, 0.3, rnd), g1 = new double[img.length], g1b = new double[img.length], g2 = new double[img.length];
        double a = loss(1).lossAndGradient(img, w, h, 7, g1);
        assertEquals(a, loss(1).lossAndGradient(img, w, h, 7, g1b));
        assertArrayEquals(g1, g1b);
        assertEquals(a, loss(2).lossAndGradient(img, w, h, 7, g2));
        for (int i = 0; i < g1.length; i++) assertEquals(2 * g1[i], g2[i], 1e-15 * Math.abs(g2[i]) + 1e-300);
        assertNotEquals(a, loss(1).lossAndGradient(img, w, h, 8, new double[img.length]));
    }

    @Test
    void gradientAddsToWhatIsThere() {
        int w = 16, h = 16;
        double[] img = random(3 * w * h, 0.3, rnd), g = new double[img.length], base = random(img.length, 1, rnd), sum = base.clone();
        loss(1).lossAndGradient(img, w, h, 3, g);
        loss(1).lossAndGradient(img, w, h, 3, sum);
        for (int i = 0; i < g.length; i++) assertEquals(base[i] + g[i], sum[i], 1e-12);
    }
}
