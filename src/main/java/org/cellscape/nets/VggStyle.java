package org.cellscape.nets;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The style loss of an image against an exemplar on VGG16's features relu1_1 ... relu5_1, as in the Distill texture
 * notebooks: Gram matrices ({@link Kind#GRAM}), or a sliced Wasserstein distance of the features ({@link Kind#SW}).
 * Each layer's term is relative to the exemplar's own size on that layer (so every layer counts alike and a loss of
 * about 1 means far off); the loss is their sum. The exemplar's side is computed once; one instance serves every
 * thread, each call single-threaded (the trainer runs a batch's samples in parallel).
 */
public final class VggStyle {
    public enum Kind { GRAM, SW }

    /** Time spent in the network's forward and backward passes, summed over threads (for the benchmark). */
    public record Timing(long forwardNanos, long backwardNanos, long calls) {}

    private final Vgg16 net;
    private final Kind kind;
    private final int projections;
    /** GRAM: each layer's exemplar Gram matrix (C x C, divided by its cells) and the sum of its squares. */
    private final double[][] gram;
    /** SW: each layer's exemplar features (C x cells) and their mean square. */
    private final float[][] features;
    private final int[] cells;
    private final double[] norm;
    private final LongAdder forward = new LongAdder(), backward = new LongAdder(), calls = new LongAdder();

    /** The exemplar is planar RGB in [0, 1], w x h; {@code projections} per layer and call for SW. */
    public VggStyle(Vgg16 net, Kind kind, int projections, double[] exemplar, int w, int h) {
        if (kind == Kind.SW && projections < 1) throw new IllegalArgumentException("projections must be positive");
        this.net = net;
        this.kind = kind;
        this.projections = projections;
        Vgg16.Activations a = net.forward(exemplar, w, h);
        int taps = Vgg16.TAPS.length;
        gram = new double[taps][];
        features = new float[taps][];
        cells = new int[taps];
        norm = new double[taps];
        for (int t = 0; t < taps; t++) {
            double s = 0;
            if (kind == Kind.GRAM) {
                gram[t] = gram(a, t);
                for (double v : gram[t]) s += v * v;
            } else {
                features[t] = a.tap(t);
                cells[t] = a.cells(t);
                for (float v : features[t]) s += (double) v * v;
                s /= features[t].length;
            }
            norm[t] = s > 0 ? s : 1;
        }
    }

    public Timing timing() {
        return new Timing(forward.sum(), backward.sum(), calls.sum());
    }

    /**
     * The loss of {@code img} (planar RGB, w x h); adds {@code weight * d loss / d img} into {@code grad} unless it is
     * null. {@code key} draws SW's projections (the same key, the same bits).
     */
    public double loss(double[] img, int w, int h, long key, double[] grad, double weight) {
        long t0 = System.nanoTime();
        Vgg16.Activations a = net.forward(img, w, h);
        int taps = Vgg16.TAPS.length;
        float[][] g = grad == null ? null : new float[taps][];
        double total = 0;
        for (int t = 0; t < taps; t++)
            total += kind == Kind.GRAM ? gramTerm(a, t, g, weight) : swTerm(a, t, key, g, weight);
        long t1 = System.nanoTime();
        if (grad != null) {
            double[] d = net.inputGradient(a, g);
            for (int i = 0; i < d.length; i++) grad[i] += d[i];
        }
        forward.add(t1 - t0);
        backward.add(System.nanoTime() - t1);
        calls.increment();
        return total;
    }

    /** Layer t's Gram matrix F·Fᵀ / cells. */
    private static double[] gram(Vgg16.Activations a, int t) {
        int c = a.channels(t), n = a.cells(t);
        float[] f = a.tap(t), ft = transpose(f, c, n), gm = new float[c * c];
        MatMul.mulAdd(c, c, n, f, 0, n, ft, 0, c, gm, 0, c);
        double[] out = new double[c * c];
        for (int i = 0; i < out.length; i++) out[i] = gm[i] / (double) n;
        return out;
    }

    /** Σ (G − T)² / Σ T²; its gradient 4 (G − T) F / (cells Σ T²), times weight, into g[t]. */
    private double gramTerm(Vgg16.Activations a, int t, float[][] g, double weight) {
        double[] gm = gram(a, t), target = gram[t];
        int c = a.channels(t), n = a.cells(t);
        double s = 0;
        float[] d = g == null ? null : new float[c * c];
        for (int i = 0; i < gm.length; i++) {
            double e = gm[i] - target[i];
            s += e * e;
            if (d != null) d[i] = (float) (weight * 4 * e / (n * norm[t]));
        }
        if (g != null) {
            g[t] = new float[c * n];
            MatMul.mulAdd(c, n, c, d, 0, c, a.tap(t), 0, n, g[t], 0, n);
        }
        return s / norm[t];
    }

    /**
     * Mean over random unit projections and cells of (sorted projections of the image − the exemplar's at the same
     * quantile, nearest)², over the exemplar's mean square; its gradient into g[t].
     */
    private double swTerm(Vgg16.Activations a, int t, long key, float[][] g, double weight) {
        int c = a.channels(t), n = a.cells(t), q = projections, m = cells[t];
        float[] u = new float[q * c];
        SplittableRandom r = new SplittableRandom(key ^ 0x9E3779B97F4A7C15L * (t + 1));
        for (int k = 0; k < q; k++) {
            double s = 0;
            for (int j = 0; j < c; j++) {
                double v = r.nextGaussian();
                u[k * c + j] = (float) v;
                s += v * v;
            }
            float inv = (float) (1 / Math.sqrt(s));
            for (int j = 0; j < c; j++) u[k * c + j] *= inv;
        }
        float[] p = new float[q * n], pt = new float[q * m];
        MatMul.mulAdd(q, n, c, u, 0, c, a.tap(t), 0, n, p, 0, n);
        MatMul.mulAdd(q, m, c, u, 0, c, features[t], 0, m, pt, 0, m);
        double scale = 1 / (q * (double) n * norm[t]), s = 0;
        float[] dp = g == null ? null : new float[q * n];
        long[] order = new long[n];
        for (int k = 0; k < q; k++) {
            Arrays.sort(pt, k * m, (k + 1) * m);
            for (int i = 0; i < n; i++) order[i] = (long) sortable(p[k * n + i]) << 32 | i;
            Arrays.sort(order);
            for (int i = 0; i < n; i++) {
                int at = (int) order[i];
                double e = p[k * n + at] - pt[k * m + (int) ((long) i * m / n)];
                s += e * e;
                if (dp != null) dp[k * n + at] = (float) (weight * 2 * e * scale);
            }
        }
        if (g != null) {
            g[t] = new float[c * n];
            MatMul.mulAdd(c, n, q, transpose(u, q, c), 0, q, dp, 0, n, g[t], 0, n);
        }
        return s * scale;
    }

    /** Float bits whose signed order is the floats' order. */
    private static int sortable(float v) {
        int b = Float.floatToIntBits(v);
        return b ^ (b >> 31 & 0x7fffffff);
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
        return t;
    }
}
