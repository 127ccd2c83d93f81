package org.cellscape.nets;

/**
 * One axis of a separable linear resampling: output i = sum of {@code w[k] * src[idx[k]]} for k in
 * [start[i], start[i + 1]). Being linear, its gradient is its transpose ({@link #addTransposed}), which is how a
 * network's image gradient reaches the pixels of a crop.
 */
public record Resample(int[] start, int[] idx, double[] w, int srcLen, int outLen) {
    /** Samples of an image: channel c of pixel (x, y). */
    public interface Source {
        double get(int c, int y, int x);
    }

    /**
     * Samples [from, from + len) of an axis of n pixels at {@code out} evenly spaced pixel centres, with a triangle
     * filter that widens with the scale when shrinking (so a reduction averages rather than aliases). {@code wrap}:
     * indices run modulo n (a torus, as the NCA's canvas), else they are clamped to the edge; {@code flip} mirrors.
     */
    public static Resample of(int n, double from, double len, int out, boolean wrap, boolean flip) {
        double scale = len / out, radius = Math.max(1, scale);
        int taps = (int) Math.ceil(2 * radius) + 2;
        int[] start = new int[out + 1], idx = new int[out * taps];
        double[] w = new double[out * taps];
        int k = 0;
        for (int i = 0; i < out; i++) {
            start[i] = k;
            double centre = from + ((flip ? out - 1 - i : i) + 0.5) * scale - 0.5, sum = 0;
            int k0 = k;
            for (int j = (int) Math.ceil(centre - radius); j <= Math.floor(centre + radius); j++) {
                double wt = 1 - Math.abs(j - centre) / radius;
                if (wt <= 0) continue;
                idx[k] = wrap ? Math.floorMod(j, n) : Math.clamp(j, 0, n - 1);
                w[k++] = wt;
                sum += wt;
            }
            for (int m = k0; m < k; m++) w[m] /= sum;
        }
        start[out] = k;
        return new Resample(start, idx, w, n, out);
    }

    /** Planar channels x h x w to channels x ry.outLen x rx.outLen. */
    public static double[] apply(Source src, int channels, Resample rx, Resample ry) {
        int h = ry.srcLen, ow = rx.outLen, oh = ry.outLen;
        double[] tmp = new double[channels * h * ow], out = new double[channels * oh * ow];
        boolean[] used = ry.rowsUsed();
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < h; y++) {
                if (!used[y]) continue;
                for (int x = 0; x < ow; x++) {
                    double s = 0;
                    for (int k = rx.start[x]; k < rx.start[x + 1]; k++) s += rx.w[k] * src.get(c, y, rx.idx[k]);
                    tmp[(c * h + y) * ow + x] = s;
                }
            }
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < oh; y++)
                for (int k = ry.start[y]; k < ry.start[y + 1]; k++) {
                    double wt = ry.w[k];
                    int t = (c * h + ry.idx[k]) * ow, o = (c * oh + y) * ow;
                    for (int x = 0; x < ow; x++) out[o + x] += wt * tmp[t + x];
                }
        return out;
    }

    /** A planar image (channels x h x w) as a source. */
    public static Source planar(double[] img, int w, int h) {
        return (c, y, x) -> img[(c * h + y) * w + x];
    }

    /** Adds {@code factor} times the transpose of {@link #apply} of {@code dOut} into {@code dImg} (planar, channels x h x w). */
    public static void addTransposed(double[] dOut, int channels, Resample rx, Resample ry, double factor, double[] dImg) {
        int h = ry.srcLen, w = rx.srcLen, ow = rx.outLen, oh = ry.outLen;
        double[] tmp = new double[channels * h * ow];
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < oh; y++)
                for (int k = ry.start[y]; k < ry.start[y + 1]; k++) {
                    double wt = ry.w[k];
                    int t = (c * h + ry.idx[k]) * ow, o = (c * oh + y) * ow;
                    for (int x = 0; x < ow; x++) tmp[t + x] += wt * dOut[o + x];
                }
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < ow; x++) {
                    double g = factor * tmp[(c * h + y) * ow + x];
                    if (g == 0) continue;
                    for (int k = rx.start[x]; k < rx.start[x + 1]; k++) dImg[(c * h + y) * w + rx.idx[k]] += rx.w[k] * g;
                }
    }

    private boolean[] rowsUsed() {
        boolean[] used = new boolean[srcLen];
        for (int k = 0; k < start[outLen]; k++) used[idx[k]] = true;
        return used;
    }
}
