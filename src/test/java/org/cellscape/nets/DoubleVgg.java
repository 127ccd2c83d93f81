package org.cellscape.nets;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.cellscape.model.SafeTensors;

/**
 * A float64 twin of {@link Vgg16} and {@link VggStyle} written as plain loops (one output cell at a time, no patch
 * matrix, no vectors): the finite-difference checks run on it, and the float32 code is compared with it.
 */
final class DoubleVgg {
    static final int[] FEATURE = {0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24}, TAPS = {0, 2, 4, 7, 10};
    static final double[] MEAN = {0.485, 0.456, 0.406}, STD = {0.229, 0.224, 0.225};
    final int[] in, out;
    final double[][] w, b;

    DoubleVgg(Vgg16 net) {
        Map<String, SafeTensors.Tensor> t = net.tensors();
        int n = FEATURE.length;
        in = new int[n];
        out = new int[n];
        w = new double[n][];
        b = new double[n][];
        for (int i = 0; i < n; i++) {
            SafeTensors.Tensor wt = t.get("features." + FEATURE[i] + ".weight");
            out[i] = wt.shape()[0];
            in[i] = wt.shape()[1];
            w[i] = doubles(wt.data());
            b[i] = doubles(t.get("features." + FEATURE[i] + ".bias").data());
        }
    }

    static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    static boolean pooledBefore(int i) {
        return i == 2 || i == 4 || i == 7 || i == 10;
    }

    static double[] conv(double[] x, int cin, int cout, int h, int wd, double[] w, double[] b) {
        double[] y = new double[cout * h * wd];
        for (int o = 0; o < cout; o++)
            for (int yy = 0; yy < h; yy++)
                for (int xx = 0; xx < wd; xx++) {
                    double s = b[o];
                    for (int c = 0; c < cin; c++)
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++) {
                                int sy = yy + ky - 1, sx = xx + kx - 1;
                                if (sy >= 0 && sy < h && sx >= 0 && sx < wd) s += w[((o * cin + c) * 3 + ky) * 3 + kx] * x[(c * h + sy) * wd + sx];
                            }
                    y[(o * h + yy) * wd + xx] = s;
                }
        return y;
    }

    static double[] convBackward(double[] dy, int cin, int cout, int h, int wd, double[] w) {
        double[] dx = new double[cin * h * wd];
        for (int o = 0; o < cout; o++)
            for (int yy = 0; yy < h; yy++)
                for (int xx = 0; xx < wd; xx++) {
                    double g = dy[(o * h + yy) * wd + xx];
                    for (int c = 0; c < cin; c++)
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++) {
                                int sy = yy + ky - 1, sx = xx + kx - 1;
                                if (sy >= 0 && sy < h && sx >= 0 && sx < wd) dx[(c * h + sy) * wd + sx] += w[((o * cin + c) * 3 + ky) * 3 + kx] * g;
                            }
                }
        return dx;
    }

    /** Index of each 2x2 window's maximum (the first of equals). */
    static int[] argmax(double[] x, int c, int h, int wd) {
        int oh = h / 2, ow = wd / 2;
        int[] am = new int[c * oh * ow];
        for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    int best = -1;
                    for (int dy = 0; dy < 2; dy++)
                        for (int dx = 0; dx < 2; dx++) {
                            int p = (ch * h + 2 * i + dy) * wd + 2 * j + dx;
                            if (best < 0 || x[p] > x[best]) best = p;
                        }
                    am[(ch * oh + i) * ow + j] = best;
                }
        return am;
    }

    static double[] pool(double[] x, int c, int h, int wd) {
        int[] am = argmax(x, c, h, wd);
        double[] y = new double[am.length];
        for (int i = 0; i < am.length; i++) y[i] = x[am[i]];
        return y;
    }

    static double[] poolBackward(double[] x, double[] dy, int c, int h, int wd) {
        int[] am = argmax(x, c, h, wd);
        double[] dx = new double[x.length];
        for (int i = 0; i < am.length; i++) dx[am[i]] += dy[i];
        return dx;
    }

    /** Every ReLU's output, and the sizes. */
    record Acts(double[][] act, int[] h, int[] w, int height, int width) {}

    Acts forward(double[] img, int wd, int h) {
        int n = wd * h;
        double[] cur = new double[3 * n];
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < n; p++) cur[c * n + p] = (img[c * n + p] - MEAN[c]) / STD[c];
        int L = FEATURE.length, ch = h, cw = wd;
        double[][] act = new double[L][];
        int[] hs = new int[L], ws = new int[L];
        for (int i = 0; i < L; i++) {
            if (pooledBefore(i)) {
                cur = pool(cur, in[i], ch, cw);
                ch /= 2;
                cw /= 2;
            }
            double[] y = conv(cur, in[i], out[i], ch, cw, w[i], b[i]);
            for (int k = 0; k < y.length; k++) y[k] = Math.max(0, y[k]);
            act[i] = y;
            hs[i] = ch;
            ws[i] = cw;
            cur = y;
        }
        return new Acts(act, hs, ws, h, wd);
    }

    double[] inputGradient(Acts a, double[][] tapGrads) {
        double[] g = new double[a.act[FEATURE.length - 1].length];
        for (int i = FEATURE.length - 1; i >= 0; i--) {
            int t = Arrays.binarySearch(TAPS, i);
            if (t >= 0 && tapGrads[t] != null) for (int k = 0; k < g.length; k++) g[k] += tapGrads[t][k];
            for (int k = 0; k < g.length; k++) if (!(a.act[i][k] > 0)) g[k] = 0;
            double[] din = convBackward(g, in[i], out[i], a.h[i], a.w[i], w[i]);
            g = pooledBefore(i) ? poolBackward(a.act[i - 1], din, in[i], a.h[i - 1], a.w[i - 1]) : din;
        }
        int n = a.height * a.width;
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < n; p++) g[c * n + p] /= STD[c];
        return g;
    }

    static double[] gram(double[] f, int c, int n) {
        double[] g = new double[c * c];
        for (int i = 0; i < c; i++)
            for (int j = 0; j < c; j++) {
                double s = 0;
                for (int p = 0; p < n; p++) s += f[i * n + p] * f[j * n + p];
                g[i * c + j] = s / n;
            }
        return g;
    }

    /** The style loss of VggStyle's GRAM kind against the exemplar's Gram matrices; fills grad when not null. */
    double gramLoss(double[] img, int wd, int h, double[][] target, double[] grad) {
        Acts a = forward(img, wd, h);
        double total = 0;
        double[][] tg = new double[TAPS.length][];
        for (int t = 0; t < TAPS.length; t++) {
            int i = TAPS[t], c = out[i], n = a.h[i] * a.w[i];
            double[] f = a.act[i], gm = gram(f, c, n);
            double norm = 0, s = 0;
            for (double v : target[t]) norm += v * v;
            for (int k = 0; k < gm.length; k++) s += (gm[k] - target[t][k]) * (gm[k] - target[t][k]);
            total += s / norm;
            tg[t] = new double[c * n];
            for (int x = 0; x < c; x++)
                for (int y = 0; y < c; y++) {
                    double d = 4 * (gm[x * c + y] - target[t][x * c + y]) / (n * norm);
                    for (int p = 0; p < n; p++) tg[t][x * n + p] += d * f[y * n + p];
                }
        }
        if (grad != null) System.arraycopy(inputGradient(a, tg), 0, grad, 0, grad.length);
        return total;
    }

    double[][] grams(double[] img, int wd, int h) {
        Acts a = forward(img, wd, h);
        double[][] g = new double[TAPS.length][];
        for (int t = 0; t < TAPS.length; t++) g[t] = gram(a.act[TAPS[t]], out[TAPS[t]], a.h[TAPS[t]] * a.w[TAPS[t]]);
        return g;
    }

    /** The style loss of VggStyle's SW kind (the same projections from the same key); fills grad when not null. */
    double swLoss(double[] img, int wd, int h, double[] exemplar, int ew, int eh, int q, long key, double[] grad) {
        Acts a = forward(img, wd, h), e = forward(exemplar, ew, eh);
        double total = 0;
        double[][] tg = new double[TAPS.length][];
        for (int t = 0; t < TAPS.length; t++) {
            int i = TAPS[t], c = out[i], n = a.h[i] * a.w[i], m = e.h[i] * e.w[i];
            double norm = 0;
            for (double v : e.act[i]) norm += v * v;
            norm = norm > 0 ? norm / e.act[i].length : 1;
            SplittableRandom r = new SplittableRandom(key ^ 0x9E3779B97F4A7C15L * (t + 1));
            tg[t] = new double[c * n];
            double s = 0, scale = 1 / (q * (double) n * norm);
            for (int k = 0; k < q; k++) {
                double[] u = new double[c];
                double len = 0;
                for (int j = 0; j < c; j++) {
                    u[j] = r.nextGaussian();
                    len += u[j] * u[j];
                }
                for (int j = 0; j < c; j++) u[j] /= Math.sqrt(len);
                double[] p = project(a.act[i], u, c, n), pt = project(e.act[i], u, c, m);
                Arrays.sort(pt);
                Integer[] order = new Integer[n];
                for (int x = 0; x < n; x++) order[x] = x;
                Arrays.sort(order, (x, y) -> Double.compare(p[x], p[y]));
                for (int x = 0; x < n; x++) {
                    double d = p[order[x]] - pt[(int) ((long) x * m / n)];
                    s += d * d;
                    for (int j = 0; j < c; j++) tg[t][j * n + order[x]] += 2 * d * scale * u[j];
                }
            }
            total += s * scale;
        }
        if (grad != null) System.arraycopy(inputGradient(a, tg), 0, grad, 0, grad.length);
        return total;
    }

    private static double[] project(double[] f, double[] u, int c, int n) {
        double[] p = new double[n];
        for (int j = 0; j < c; j++)
            for (int x = 0; x < n; x++) p[x] += u[j] * f[j * n + x];
        return p;
    }
}
