package org.cellscape.nets;

import static org.cellscape.testing.FiniteDifference.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The style losses: the twin's gradients by finite differences, the float32 loss against the twin, threads. */
class VggStyleTest {
    static final int W = 21, H = 18, EW = 26, EH = 23;

    static double[] image(long seed, int n) {
        return VggLayersTest.uniform(new SplittableRandom(seed), n);
    }

    @Test
    void twinGramLossGradientMatchesFiniteDifferences() {
        DoubleVgg d = new DoubleVgg(Vgg16.random(2, 7));
        double[][] target = d.grams(image(8, 3 * EW * EH), EW, EH);
        double[] img = image(9, 3 * W * H), g = new double[img.length];
        d.gramLoss(img, W, H, target, g);
        int[] at = spread(img.length, 60);
        double[] fd = gradient(v -> d.gramLoss(v, W, H, target, null), img, at, 1e-6);
        assertTrue(relError(fd, pick(g, at)) < 1e-6, "gram: " + relError(fd, pick(g, at)));
    }

    @Test
    void twinSlicedWassersteinGradientMatchesFiniteDifferences() {
        DoubleVgg d = new DoubleVgg(Vgg16.random(2, 10));
        double[] ex = image(11, 3 * EW * EH), img = image(12, 3 * W * H), g = new double[img.length];
        d.swLoss(img, W, H, ex, EW, EH, 6, 99, g);
        int[] at = spread(img.length, 60);
        double[] fd = gradient(v -> d.swLoss(v, W, H, ex, EW, EH, 6, 99, null), img, at, 1e-7);
        assertTrue(relError(fd, pick(g, at)) < 1e-5, "sw: " + relError(fd, pick(g, at)));
    }

    @Test
    void gramLossMatchesTheTwin() {
        Vgg16 net = Vgg16.random(4, 13);
        DoubleVgg d = new DoubleVgg(net);
        double[] ex = image(14, 3 * EW * EH), img = image(15, 3 * W * H);
        VggStyle style = new VggStyle(net, VggStyle.Kind.GRAM, 0, ex, EW, EH);
        double[] g = new double[img.length], gd = new double[img.length];
        double l = style.loss(img, W, H, 1, g, 1), ld = d.gramLoss(img, W, H, d.grams(ex, EW, EH), gd);
        assertEquals(ld, l, 1e-5 * ld);
        assertTrue(relError(g, gd) < 1e-4, "gradient: " + relError(g, gd));
        double[] g2 = new double[img.length];
        style.loss(img, W, H, 1, g2, 2.5);
        double[] scaled = g.clone();
        for (int i = 0; i < g.length; i++) scaled[i] *= 2.5;
        assertTrue(relError(scaled, g2) < 1e-6, "the weight scales the gradient");
        assertEquals(0, style.loss(ex, EW, EH, 1, null, 1), 1e-9, "the exemplar against itself");
    }

    @Test
    void slicedWassersteinMatchesTheTwin() {
        Vgg16 net = Vgg16.random(4, 16);
        DoubleVgg d = new DoubleVgg(net);
        double[] ex = image(17, 3 * EW * EH), img = image(18, 3 * W * H);
        VggStyle style = new VggStyle(net, VggStyle.Kind.SW, 8, ex, EW, EH);
        double[] g = new double[img.length], gd = new double[img.length];
        double l = style.loss(img, W, H, 42, g, 1), ld = d.swLoss(img, W, H, ex, EW, EH, 8, 42, gd);
        assertEquals(ld, l, 1e-4 * ld);
        assertTrue(relError(g, gd) < 1e-4, "gradient: " + relError(g, gd));
        assertNotEquals(l, style.loss(img, W, H, 43, null, 1), "another key, other projections");
    }

    @Test
    void threadsGetTheSameBits() throws Exception {
        Vgg16 net = Vgg16.random(4, 19);
        VggStyle style = new VggStyle(net, VggStyle.Kind.SW, 4, image(20, 3 * EW * EH), EW, EH);
        double[] img = image(21, 3 * W * H), alone = new double[img.length];
        double l = style.loss(img, W, H, 5, alone, 1);
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] fs = new Future<?>[8];
            for (int k = 0; k < fs.length; k++)
                fs[k] = ex.submit(() -> {
                    double[] g = new double[img.length];
                    assertEquals(l, style.loss(img, W, H, 5, g, 1));
                    assertArrayEquals(alone, g);
                });
            for (Future<?> f : fs) f.get();
        } finally {
            ex.shutdownNow();
        }
    }
}
