package org.cellscape.nets;

import static org.cellscape.testing.FiniteDifference.dot;
import static org.cellscape.testing.FiniteDifference.maxError;
import static org.cellscape.testing.FiniteDifference.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every CLIP layer's backward pass against float64 central differences of sum(output * r). */
class ClipLayersTest {
    static final double TOL = 1e-6;
    final SplittableRandom rnd = new SplittableRandom(18);

    /** A small vision tower: 8-px images of 4-px patches (5 tokens), width 8, 2 heads, 2 layers. */
    static ClipConfig small() {
        return new ClipConfig(new ClipConfig.Tower(8, 2, 2, 12, 1e-5), new ClipConfig.Tower(8, 2, 2, 16, 1e-5), 6, 40, 10, 8, 4);
    }

    static ClipModel smallModel(long seed) {
        return ClipModel.of(small(), null, RandomClip.tensors(small(), seed, false), "random", true);
    }

    Linear linear(int in, int out) {
        return new Linear(random(in * out, 1 / Math.sqrt(in), rnd), random(out, 0.1, rnd), in, out, true);
    }

    @Test
    void matMulIsTheNaiveProductForEveryBlockShape() {
        for (int[] s : new int[][]{{1, 1, 1}, {5, 13, 7}, {8, 16, 4}, {9, 3, 33}, {50, 77, 40}}) {
            int n = s[0], in = s[1], out = s[2];
            double[] x = random(n * in, 1, rnd), w = random(out * in, 1, rnd), b = random(out, 1, rnd);
            double[] y = MatMul64.times(x, n, in, w, out, b);
            for (int i = 0; i < n; i++)
                for (int o = 0; o < out; o++) {
                    double e = b[o];
                    for (int k = 0; k < in; k++) e += x[i * in + k] * w[o * in + k];
                    assertEquals(e, y[i * out + o], 1e-12 * in, "y[" + i + "][" + o + "] of " + n + "x" + in + "x" + out);
                }
        }
    }

    @Test
    void linear() {
        Linear l = linear(7, 5);
        double[] x = random(3 * 7, 1, rnd), r = random(3 * 5, 1, rnd);
        assertTrue(maxError(v -> dot(l.forward(v, 3), r), x, l.backward(r, 3), 100, 1) < TOL);
    }

    @Test
    void layerNorm() {
        LayerNorm ln = new LayerNorm(random(7, 0.3, rnd), random(7, 0.3, rnd), 1e-5);
        for (int j = 0; j < 7; j++) ln.gain[j] += 1;
        double[] x = random(3 * 7, 2, rnd), r = random(3 * 7, 1, rnd);
        assertTrue(maxError(v -> dot(ln.forward(v, 3).y(), r), x, ln.backward(ln.forward(x, 3), r), 100, 2) < TOL);
    }

    @Test
    void quickGelu() {
        double[] x = random(40, 3, rnd), r = random(40, 1, rnd);
        assertTrue(maxError(v -> dot(QuickGelu.forward(v), r), x, QuickGelu.backward(x, r), 100, 3) < TOL);
    }

    @Test
    void attention() {
        for (boolean causal : new boolean[]{false, true}) {
            Attention a = new Attention(linear(8, 8), linear(8, 8), linear(8, 8), linear(8, 8), 2, causal);
            double[] x = random(5 * 8, 1, rnd), r = random(5 * 8, 1, rnd);
            Attention.Pass[] p = new Attention.Pass[1];
            a.forward(x, 5, p);
            double e = maxError(v -> dot(a.forward(v, 5, null), r), x, a.backward(p[0], r), 100, 4);
            assertTrue(e < TOL, (causal ? "causal" : "full") + " attention: " + e);
        }
    }

    @Test
    void causalAttentionIgnoresLaterTokens() {
        Attention a = new Attention(linear(8, 8), linear(8, 8), linear(8, 8), linear(8, 8), 2, true);
        double[] x = random(5 * 8, 1, rnd), y = x.clone();
        for (int i = 3 * 8; i < y.length; i++) y[i] += 1;
        assertArrayEquals(java.util.Arrays.copyOf(a.forward(x, 5, null), 3 * 8), java.util.Arrays.copyOf(a.forward(y, 5, null), 3 * 8), 0);
    }

    @Test
    void encoderLayer() {
        LayerNorm n1 = new LayerNorm(random(8, 0.2, rnd), random(8, 0.2, rnd), 1e-5), n2 = new LayerNorm(random(8, 0.2, rnd), random(8, 0.2, rnd), 1e-5);
        for (int j = 0; j < 8; j++) {
            n1.gain[j] += 1;
            n2.gain[j] += 1;
        }
        EncoderLayer l = new EncoderLayer(n1, new Attention(linear(8, 8), linear(8, 8), linear(8, 8), linear(8, 8), 2, false), n2, linear(8, 12), linear(12, 8));
        double[] x = random(4 * 8, 1, rnd), r = random(4 * 8, 1, rnd);
        EncoderLayer.Pass[] p = new EncoderLayer.Pass[1];
        l.forward(x, 4, p);
        assertTrue(maxError(v -> dot(l.forward(v, 4, null), r), x, l.backward(p[0], r), 100, 5) < TOL);
    }

    @Test
    void visionTower() {
        ClipVision vis = smallModel(7).vision();
        double[] px = random(3 * 8 * 8, 1, rnd), r = random(6, 1, rnd);
        ClipVision.Pass[] p = new ClipVision.Pass[1];
        vis.forward(px, p);
        double e = maxError(v -> dot(vis.forward(v, null), r), px, vis.backward(p[0], r), 192, 6);
        assertTrue(e < TOL, "vision tower: " + e);
    }

    @Test
    void resampleTransposeIsItsAdjoint() {
        for (boolean wrap : new boolean[]{true, false}) {
            Resample rx = Resample.of(11, 7.3, 9.5, 16, wrap, true), ry = Resample.of(9, -2.2, 8, 5, wrap, false);
            double[] img = random(3 * 9 * 11, 1, rnd), r = random(3 * 5 * 16, 1, rnd), back = new double[img.length];
            Resample.addTransposed(r, 3, rx, ry, 1, back);
            assertEquals(dot(Resample.apply(Resample.planar(img, 11, 9), 3, rx, ry), r), dot(img, back), 1e-10);
        }
    }

    @Test
    void resampleKeepsAFlatImageFlat() {
        Resample rx = Resample.of(64, 0, 64, 7, false, false), ry = Resample.of(64, 0, 64, 224, false, false);
        double[] img = new double[3 * 64 * 64];
        java.util.Arrays.fill(img, 0.25);
        for (double v : Resample.apply(Resample.planar(img, 64, 64), 3, rx, ry)) assertEquals(0.25, v, 1e-12);
    }
}
