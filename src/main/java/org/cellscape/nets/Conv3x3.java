package org.cellscape.nets;

import java.util.Arrays;

/**
 * A 3x3 convolution with zero padding 1 and stride 1 (every convolution of VGG16) on planar float32 maps
 * {@code x[(c * h + y) * w + x]}; weights {@code [out][in][3][3]} as torch stores them. Computed as a matrix product
 * over a patch matrix (im2col) built a band of rows at a time, so its memory stays small whatever the image size.
 * Weights are fixed: the backward pass gives the input gradient only.
 */
public final class Conv3x3 {
    /** Floats of one band's patch matrix: a band is as many rows as fit (at least one). */
    private static final int BAND = 1 << 19;

    final int in, out;
    /** out x (in * 9), and its transpose for the input gradient. */
    private final float[] w, wt;
    private final float[] bias;

    public Conv3x3(int in, int out, float[] weight, float[] bias) {
        if (weight.length != out * in * 9 || bias.length != out) throw new IllegalArgumentException("weights of a " + in + " -> " + out + " convolution expected");
        this.in = in;
        this.out = out;
        this.w = weight.clone();
        this.bias = bias.clone();
        int k = in * 9;
        this.wt = new float[k * out];
        for (int o = 0; o < out; o++)
            for (int j = 0; j < k; j++) wt[j * out + o] = w[o * k + j];
    }

    float[] weight() { return w.clone(); }
    float[] bias() { return bias.clone(); }

    private int bandRows(int width) {
        return Math.max(1, BAND / (in * 9 * width));
    }

    /** y (out x h x w) = conv(x) + bias. */
    public void forward(float[] x, int h, int width, float[] y) {
        int n = h * width, k = in * 9;
        for (int o = 0; o < out; o++) Arrays.fill(y, o * n, (o + 1) * n, bias[o]);
        int rows = Math.min(h, bandRows(width));
        float[] col = new float[k * rows * width];
        for (int y0 = 0; y0 < h; y0 += rows) {
            int y1 = Math.min(h, y0 + rows), np = (y1 - y0) * width;
            im2col(x, h, width, y0, y1, col);
            MatMul.mulAdd(out, np, k, w, 0, k, col, 0, np, y, y0 * width, n);
        }
    }

    /** dx (in x h x w) = the gradient of the input, given dy (out x h x w), the gradient of the output. */
    public void backward(float[] dy, int h, int width, float[] dx) {
        int n = h * width, k = in * 9;
        Arrays.fill(dx, 0, in * n, 0f);
        int rows = Math.min(h, bandRows(width));
        float[] col = new float[k * rows * width];
        for (int y0 = 0; y0 < h; y0 += rows) {
            int y1 = Math.min(h, y0 + rows), np = (y1 - y0) * width;
            Arrays.fill(col, 0, k * np, 0f);
            MatMul.mulAdd(k, np, out, wt, 0, out, dy, y0 * width, n, col, 0, np);
            col2im(col, h, width, y0, y1, dx);
        }
    }

    /** Patch matrix of output rows y0..y1: row (c * 9 + ky * 3 + kx), column (y - y0) * w + x, holding x[c][y+ky-1][x+kx-1] or 0. */
    private void im2col(float[] x, int h, int width, int y0, int y1, float[] col) {
        int np = (y1 - y0) * width;
        for (int c = 0; c < in; c++)
            for (int t = 0; t < 9; t++) {
                int dy = t / 3 - 1, dx = t % 3 - 1, row = (c * 9 + t) * np;
                for (int y = y0; y < y1; y++) {
                    int at = row + (y - y0) * width, sy = y + dy;
                    if (sy < 0 || sy >= h) {
                        Arrays.fill(col, at, at + width, 0f);
                        continue;
                    }
                    int src = (c * h + sy) * width;
                    if (dx < 0) {
                        col[at] = 0f;
                        System.arraycopy(x, src, col, at + 1, width - 1);
                    } else if (dx > 0) {
                        System.arraycopy(x, src + 1, col, at, width - 1);
                        col[at + width - 1] = 0f;
                    } else {
                        System.arraycopy(x, src, col, at, width);
                    }
                }
            }
    }

    /** The adjoint of im2col: every patch entry added back onto the input cell it was read from. */
    private void col2im(float[] col, int h, int width, int y0, int y1, float[] dx) {
        int np = (y1 - y0) * width;
        for (int c = 0; c < in; c++)
            for (int t = 0; t < 9; t++) {
                int dy = t / 3 - 1, ox = t % 3 - 1, row = (c * 9 + t) * np;
                for (int y = y0; y < y1; y++) {
                    int sy = y + dy;
                    if (sy < 0 || sy >= h) continue;
                    int at = row + (y - y0) * width, dst = (c * h + sy) * width;
                    int x0 = Math.max(0, -ox), x1 = Math.min(width, width - ox);
                    for (int xx = x0; xx < x1; xx++) dx[dst + xx + ox] += col[at + xx];
                }
            }
    }
}
