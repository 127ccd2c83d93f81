package org.cellscape.nets;

import static org.cellscape.testing.FiniteDifference.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each layer's backward pass: the float64 twin's by finite differences of a random linear functional of its output,
 * then the float32 layer against the twin, forward and backward.
 */
class VggLayersTest {
    static double[] gaussian(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
        return x;
    }

    static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void twinConvolutionBackwardMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(1);
        int cin = 3, cout = 4, h = 5, w = 7;
        double[] x = gaussian(r, cin * h * w), wt = gaussian(r, cout * cin * 9), b = gaussian(r, cout), rr = gaussian(r, cout * h * w);
        double[] g = DoubleVgg.convBackward(rr, cin, cout, h, w, wt);
        int[] at = spread(x.length, x.length);
        double[] fd = gradient(v -> dot(rr, DoubleVgg.conv(v, cin, cout, h, w, wt, b)), x, at, 1e-6);
        assertTrue(relError(fd, pick(g, at)) < 1e-8, "conv: " + relError(fd, pick(g, at)));
    }

    @Test
    void twinPoolBackwardMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(2);
        int c = 2, h = 7, w = 6;
        double[] x = gaussian(r, c * h * w), rr = gaussian(r, c * (h / 2) * (w / 2));
        double[] g = DoubleVgg.poolBackward(x, rr, c, h, w);
        int[] at = spread(x.length, x.length);
        double[] fd = gradient(v -> dot(rr, DoubleVgg.pool(v, c, h, w)), x, at, 1e-6);
        assertTrue(relError(fd, pick(g, at)) < 1e-8, "pool: " + relError(fd, pick(g, at)));
    }

    /** The whole net, ReLUs included: a random functional of the five style layers. */
    @Test
    void twinNetworkBackwardMatchesFiniteDifferences() {
        DoubleVgg d = new DoubleVgg(Vgg16.random(2, 3));
        SplittableRandom r = new SplittableRandom(4);
        int w = 19, h = 17;
        double[] img = uniform(r, 3 * w * h);
        DoubleVgg.Acts a = d.forward(img, w, h);
        double[][] rr = new double[DoubleVgg.TAPS.length][];
        for (int t = 0; t < rr.length; t++) rr[t] = gaussian(r, a.act()[DoubleVgg.TAPS[t]].length);
        double[] g = d.inputGradient(a, rr);
        int[] at = spread(img.length, 60);
        double[] fd = gradient(v -> {
            DoubleVgg.Acts b = d.forward(v, w, h);
            double s = 0;
            for (int t = 0; t < rr.length; t++) s += dot(rr[t], b.act()[DoubleVgg.TAPS[t]]);
            return s;
        }, img, at, 1e-6);
        assertTrue(relError(fd, pick(g, at)) < 1e-6, "net: " + relError(fd, pick(g, at)));
    }

    static double[] uniform(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = r.nextDouble();
        return x;
    }

    /** Odd sizes (vector tails), and a 64-channel 100-wide map that takes several bands of rows. */
    @ParameterizedTest(name = "{0}->{1} at {3}x{2}")
    @CsvSource({"3, 8, 5, 7", "8, 16, 9, 33", "64, 8, 30, 100", "16, 5, 1, 1", "5, 64, 2, 3"})
    void convolutionMatchesTheTwin(int cin, int cout, int h, int w) {
        SplittableRandom r = new SplittableRandom(cin * 31 + cout);
        double[] x = gaussian(r, cin * h * w), wt = gaussian(r, cout * cin * 9), b = gaussian(r, cout), dy = gaussian(r, cout * h * w);
        for (double[] v : new double[][]{x, wt, b, dy}) for (int i = 0; i < v.length; i++) v[i] = (float) v[i];
        Conv3x3 cv = new Conv3x3(cin, cout, floats(wt), floats(b));
        float[] y = new float[cout * h * w], dx = new float[cin * h * w];
        cv.forward(floats(x), h, w, y);
        cv.backward(floats(dy), h, w, dx);
        double ey = relError(DoubleVgg.doubles(y), DoubleVgg.conv(x, cin, cout, h, w, wt, b));
        double ex = relError(DoubleVgg.doubles(dx), DoubleVgg.convBackward(dy, cin, cout, h, w, wt));
        assertTrue(ey < 1e-5 && ex < 1e-5, "forward " + ey + ", backward " + ex);
    }

    @ParameterizedTest(name = "{1}x{2}")
    @CsvSource({"3, 7, 6", "2, 8, 9", "1, 2, 2"})
    void poolMatchesTheTwin(int c, int h, int w) {
        SplittableRandom r = new SplittableRandom(h * 10 + w);
        float[] x = floats(gaussian(r, c * h * w)), dy = floats(gaussian(r, c * (h / 2) * (w / 2)));
        x[0] = x[1] = 10; // a tie at the window's maximum: the first of equals takes the gradient, in both
        float[] y = new float[dy.length], dx = new float[x.length];
        MaxPool2.forward(x, c, h, w, y);
        MaxPool2.backward(x, dy, c, h, w, dx);
        double[] xd = DoubleVgg.doubles(x);
        assertTrue(relError(DoubleVgg.doubles(y), DoubleVgg.pool(xd, c, h, w)) == 0, "pool forward");
        assertTrue(relError(DoubleVgg.doubles(dx), DoubleVgg.poolBackward(xd, DoubleVgg.doubles(dy), c, h, w)) == 0, "pool backward");
    }

    @Test
    void networkMatchesTheTwin() {
        Vgg16 net = Vgg16.random(4, 5);
        DoubleVgg d = new DoubleVgg(net);
        SplittableRandom r = new SplittableRandom(6);
        int w = 37, h = 21;
        double[] img = uniform(r, 3 * w * h);
        Vgg16.Activations a = net.forward(img, w, h);
        DoubleVgg.Acts b = d.forward(img, w, h);
        float[][] rf = new float[5][];
        double[][] rd = new double[5][];
        for (int t = 0; t < 5; t++) {
            double e = relError(DoubleVgg.doubles(a.tap(t)), b.act()[DoubleVgg.TAPS[t]]);
            assertTrue(e < 1e-5, "style layer " + t + ": " + e);
            rd[t] = gaussian(r, a.tap(t).length);
            for (int i = 0; i < rd[t].length; i++) rd[t][i] = (float) rd[t][i];
            rf[t] = floats(rd[t]);
        }
        double e = relError(net.inputGradient(a, rf), d.inputGradient(b, rd));
        assertTrue(e < 1e-5, "input gradient: " + e);
    }
}
