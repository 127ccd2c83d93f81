package org.cellscape.train;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An independent judge of texture structure, never used as a training loss: it compares an image with an exemplar
 * by statistics the patch loss does not see. Three parts, each a distance (0 = same statistics):
 * <ul>
 *   <li><b>random features</b>: Gram matrices of a fixed, seeded random convolutional network (3×3 filters, ReLU,
 *   2×2 average pooling, four stages, so the last stage sees about 46 px). Random shallow networks capture texture
 *   structure (Ustyuzhaninov et al., 2017), and a fixed seed makes the judge the same for every run;</li>
 *   <li><b>spectrum</b>: the radially averaged power spectrum of luminance in log-spaced frequency bands, which sees
 *   the scale of structures (stones 40 px across put power near 1/40 cycles per pixel; Welch windows of 64 px);</li>
 *   <li><b>regions</b>: the size distribution (area-weighted, log2 bins) of the connected light and dark regions of
 *   luminance split into light and dark by Otsu's threshold, which sees whether joints form a network and stones
 *   are whole.</li>
 * </ul>
 * Images of any size compare: every statistic is normalised by area. Lower is better. Images are planar RGB in 0..1,
 * {@code rgb[(c * h + y) * w + x]}, as {@link Exemplar} holds them.
 */
public final class StructureMeasure {
    static final int STAGES = 4, FILTERS = 12;
    static final int BANDS = 10, REGION_BINS = 13;
    static final long SEED = 0x5eed_cafe_f00dL;
    private static final float[][][] WEIGHTS = weights();

    /** The statistics of one image. */
    public record Profile(double[][] grams, double[] spectrum, double[] regions) {}

    /** The distance of a candidate from an exemplar, by part, and their mean. */
    public record Distance(double features, double spectrum, double regions) {
        public double total() {
            return (features + spectrum + regions) / 3;
        }

        public String describe() {
            return String.format(Locale.ROOT, "structure distance %.3f (random features %.3f, spectrum %.3f, regions %.3f; 0 = the exemplar's statistics, lower is better)",
                    total(), features, spectrum, regions);
        }
    }

    private StructureMeasure() {}

    /** The profile of a planar RGB image in 0..1, w×h (at least 16×16). */
    public static Profile profile(double[] rgb, int w, int h) {
        if (w < 16 || h < 16 || rgb.length != 3 * w * h) throw new IllegalArgumentException("image must be at least 16x16 RGB, got " + w + "x" + h);
        return new Profile(grams(rgb, w, h), spectrum(luma(rgb, w, h), w, h), regions(luma(rgb, w, h), w, h));
    }

    public static Distance distance(Profile exemplar, Profile candidate) {
        double f = 0;
        for (int s = 0; s < STAGES; s++) f += relative(exemplar.grams[s], candidate.grams[s]);
        return new Distance(f / STAGES, l1(exemplar.spectrum, candidate.spectrum) / 2, sizeShift(exemplar.regions, candidate.regions));
    }

    public static Distance distance(double[] exemplar, int ew, int eh, double[] candidate, int cw, int ch) {
        return distance(profile(exemplar, ew, eh), profile(candidate, cw, ch));
    }

    // --- random features -------------------------------------------------------------------------------------

    private static float[][][] weights() {
        SplittableRandom r = new SplittableRandom(SEED);
        float[][][] w = new float[STAGES][][];
        for (int s = 0; s < STAGES; s++) {
            int in = s == 0 ? 3 : FILTERS;
            w[s] = new float[FILTERS][in * 9 + 1];
            double scale = Math.sqrt(2.0 / (in * 9));
            for (float[] f : w[s]) {
                double mean = 0;
                for (int i = 0; i < in * 9; i++) mean += f[i] = (float) (r.nextGaussian() * scale);
                mean /= in * 9;
                for (int i = 0; i < in * 9; i++) f[i] -= (float) mean; // zero-mean filters respond to structure, not brightness
            }
        }
        return w;
    }

    private static double[][] grams(double[] rgb, int w, int h) {
        int C = 3, n = w * h;
        float[] x = new float[n * C];
        for (int i = 0; i < n; i++) for (int c = 0; c < 3; c++) x[i * 3 + c] = (float) (rgb[c * n + i] - 0.5);
        double[][] out = new double[STAGES][];
        for (int s = 0; s < STAGES; s++) {
            float[] y = conv(x, w, h, C, WEIGHTS[s]);
            C = FILTERS;
            out[s] = gram(y, w * h, C);
            if (s + 1 < STAGES) {
                int nw = Math.max(1, w / 2), nh = Math.max(1, h / 2);
                x = pool(y, w, h, C, nw, nh);
                w = nw;
                h = nh;
            }
        }
        return out;
    }

    /** 3×3 convolution with wrap-around (textures tile), bias last, then ReLU. */
    private static float[] conv(float[] x, int w, int h, int C, float[][] filters) {
        float[] y = new float[w * h * filters.length];
        for (int py = 0; py < h; py++)
            for (int px = 0; px < w; px++)
                for (int f = 0; f < filters.length; f++) {
                    float[] k = filters[f];
                    double acc = k[C * 9];
                    for (int dy = -1; dy <= 1; dy++) {
                        int yy = Math.floorMod(py + dy, h);
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = Math.floorMod(px + dx, w), base = (yy * w + xx) * C, kb = ((dy + 1) * 3 + dx + 1) * C;
                            for (int c = 0; c < C; c++) acc += k[kb + c] * x[base + c];
                        }
                    }
                    y[(py * w + px) * filters.length + f] = (float) Math.max(0, acc);
                }
        return y;
    }

    private static float[] pool(float[] x, int w, int h, int C, int nw, int nh) {
        float[] y = new float[nw * nh * C];
        for (int py = 0; py < nh; py++)
            for (int px = 0; px < nw; px++)
                for (int c = 0; c < C; c++) {
                    double s = 0;
                    for (int dy = 0; dy < 2; dy++)
                        for (int dx = 0; dx < 2; dx++) s += x[((Math.min(h - 1, 2 * py + dy)) * w + Math.min(w - 1, 2 * px + dx)) * C + c];
                    y[(py * nw + px) * C + c] = (float) (s / 4);
                }
        return y;
    }

    /** Mean outer product of the feature vectors (C×C), area-normalised. */
    private static double[] gram(float[] y, int n, int C) {
        double[] g = new double[C * C];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < C; a++) {
                double va = y[i * C + a];
                if (va == 0) continue;
                for (int b = 0; b < C; b++) g[a * C + b] += va * y[i * C + b];
            }
        for (int i = 0; i < g.length; i++) g[i] /= n;
        return g;
    }

    private static double relative(double[] a, double[] b) {
        double d = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return Math.sqrt(d) / Math.max(1e-12, Math.sqrt(na) + Math.sqrt(nb)); // 0..1
    }

    // --- spectrum --------------------------------------------------------------------------------------------

    static double[] luma(double[] rgb, int w, int h) {
        double[] l = new double[w * h];
        int n = l.length;
        for (int i = 0; i < n; i++) l[i] = 0.2126 * rgb[i] + 0.7152 * rgb[n + i] + 0.0722 * rgb[2 * n + i];
        return l;
    }

    /**
     * Share of the luminance power in each of {@link #BANDS} log-spaced bands of spatial frequency, from 1/64 to
     * 1/2 cycles per pixel (structures 2 to 64 px). Welch's estimate: Hann-windowed, mean-free 64×64 windows at a
     * stride of 32, their power spectra averaged, so images of any size (64 px and up) are seen at one resolution.
     */
    static double[] spectrum(double[] luma, int w, int h) {
        int n = Math.min(64, Integer.highestOneBit(Math.min(w, h)));
        double[] hann = new double[n];
        for (int i = 0; i < n; i++) hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / n);
        double[] bands = new double[BANDS];
        double lo = Math.log(1.0 / 64), hi = Math.log(0.5 * Math.sqrt(2));
        double[] re = new double[n * n], im = new double[n * n];
        for (int oy = 0; oy + n <= h; oy += n / 2)
            for (int ox = 0; ox + n <= w; ox += n / 2) {
                double mean = 0;
                for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) mean += luma[(oy + y) * w + ox + x];
                mean /= (double) n * n;
                for (int y = 0; y < n; y++)
                    for (int x = 0; x < n; x++) re[y * n + x] = (luma[(oy + y) * w + ox + x] - mean) * hann[x] * hann[y];
                java.util.Arrays.fill(im, 0);
                fft2(re, im, n);
                for (int v = 0; v < n; v++)
                    for (int u = 0; u < n; u++) {
                        double fu = (u <= n / 2 ? u : u - n) / (double) n, fv = (v <= n / 2 ? v : v - n) / (double) n;
                        double f = Math.hypot(fu, fv);
                        if (f == 0) continue;
                        int b = (int) Math.floor((Math.log(f) - lo) / (hi - lo) * BANDS);
                        bands[Math.max(0, Math.min(BANDS - 1, b))] += re[v * n + u] * re[v * n + u] + im[v * n + u] * im[v * n + u];
                    }
            }
        return normalise(bands);
    }

    /** In-place 2-D FFT (radix 2) of an n×n array. */
    private static void fft2(double[] re, double[] im, int n) {
        double[] r = new double[n], i = new double[n];
        for (int y = 0; y < n; y++) {
            System.arraycopy(re, y * n, r, 0, n);
            System.arraycopy(im, y * n, i, 0, n);
            fft(r, i);
            System.arraycopy(r, 0, re, y * n, n);
            System.arraycopy(i, 0, im, y * n, n);
        }
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) { r[y] = re[y * n + x]; i[y] = im[y * n + x]; }
            fft(r, i);
            for (int y = 0; y < n; y++) { re[y * n + x] = r[y]; im[y * n + x] = i[y]; }
        }
    }

    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int a = 1, b = 0; a < n; a++) {
            int bit = n >> 1;
            for (; (b & bit) != 0; bit >>= 1) b ^= bit;
            b ^= bit;
            if (a < b) {
                double t = re[a]; re[a] = re[b]; re[b] = t;
                t = im[a]; im[a] = im[b]; im[b] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            for (int s = 0; s < n; s += len)
                for (int k = 0; k < len / 2; k++) {
                    double wr = Math.cos(ang * k), wi = Math.sin(ang * k);
                    int p = s + k, q = p + len / 2;
                    double xr = re[q] * wr - im[q] * wi, xi = re[q] * wi + im[q] * wr;
                    re[q] = re[p] - xr; im[q] = im[p] - xi;
                    re[p] += xr; im[p] += xi;
                }
        }
    }

    // --- regions ---------------------------------------------------------------------------------------------

    /**
     * Area-weighted size distribution of the connected light and dark regions (4-neighbour, wrap-around) of
     * luminance split by Otsu's threshold (the one that best separates two classes): bins 0..12 light, 13..25 dark,
     * bin b holding regions of 2^b to 2^(b+1) pixels and the last one every region of 4096 px or more (connected at
     * the scale of the image, whatever its size). Each half sums to the share of the image it covers.
     */
    static double[] regions(double[] luma, int w, int h) {
        double t = otsu(luma);
        boolean[] light = new boolean[w * h];
        for (int i = 0; i < light.length; i++) light[i] = luma[i] > t;
        int[] label = new int[w * h];
        java.util.Arrays.fill(label, -1);
        double[] bins = new double[2 * REGION_BINS];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        for (int start = 0; start < label.length; start++) {
            if (label[start] >= 0) continue;
            boolean kind = light[start];
            int size = 0;
            label[start] = start;
            q.add(start);
            while (!q.isEmpty()) {
                int p = q.poll(), x = p % w, y = p / w;
                size++;
                int[] nb = {y * w + Math.floorMod(x - 1, w), y * w + Math.floorMod(x + 1, w),
                        Math.floorMod(y - 1, h) * w + x, Math.floorMod(y + 1, h) * w + x};
                for (int o : nb)
                    if (label[o] < 0 && light[o] == kind) {
                        label[o] = start;
                        q.add(o);
                    }
            }
            int b = Math.min(REGION_BINS - 1, 31 - Integer.numberOfLeadingZeros(size));
            bins[(kind ? 0 : REGION_BINS) + b] += size / (double) (w * h);
        }
        return bins;
    }

    /** Otsu's threshold of values in 0..1 (256 bins): the split with the largest between-class variance. */
    static double otsu(double[] v) {
        int[] hist = new int[256];
        for (double x : v) hist[Math.max(0, Math.min(255, (int) (x * 255.999)))]++;
        double total = v.length, sum = 0;
        for (int i = 0; i < 256; i++) sum += i * (double) hist[i];
        double sumB = 0, best = -1;
        int wB = 0, at = 127;
        for (int i = 0; i < 255; i++) {
            wB += hist[i];
            if (wB == 0) continue;
            double wF = total - wB;
            if (wF == 0) break;
            sumB += i * (double) hist[i];
            double mB = sumB / wB, mF = (sum - sumB) / wF, between = wB * wF * (mB - mF) * (mB - mF);
            if (between > best) {
                best = between;
                at = i;
            }
        }
        return (at + 1) / 256.0;
    }

    private static double[] normalise(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        if (s > 0) for (int i = 0; i < v.length; i++) v[i] /= s;
        return v;
    }

    /**
     * How far the region sizes moved (earth mover's distance along the log2 size bins, light and dark apart): a
     * whole image's worth of regions moved from the smallest bin to the largest counts 1. Unlike a bin-by-bin
     * difference, regions a bin larger or smaller count little, so a crop's few stones do not look like another texture.
     */
    static double sizeShift(double[] a, double[] b) {
        double d = 0;
        for (int half = 0; half < 2; half++) {
            double ca = 0, cb = 0;
            for (int k = 0; k < REGION_BINS; k++) {
                ca += a[half * REGION_BINS + k];
                cb += b[half * REGION_BINS + k];
                d += Math.abs(ca - cb) / (REGION_BINS - 1);
            }
        }
        return d;
    }

    private static double l1(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d += Math.abs(a[i] - b[i]);
        return d;
    }
}
