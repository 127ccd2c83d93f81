package org.cellscape.train;

import org.cellscape.model.NcaModel;

/**
 * The double-precision twin of {@link FastNca}: the same rollout and backward pass written plainly in scalar
 * float64, so that finite differences can check the gradient formulas, and the float32 trainer can be checked
 * against it. Not used in training.
 */
public final class DoubleNca {
    final int C, K, H, IN, R;
    /** Control inputs, R per cell ({@code ctl[(y*w+x)*R+r]}); null = zero. */
    double[] ctl;
    /** dL/d(states[0]) of the last {@link #backward} call. */
    double[] stateGradient;
    final double[][] kern;
    final double clipP, clipH, clipU, clipS;
    /** Model layout: w1 [H][IN], b1 [H], w2 [C][H], b2 [C]. */
    public final double[] w1, b1, w2, b2;

    public DoubleNca(NcaModel template, NcaParams p) {
        C = template.channels();
        K = template.kernelCount();
        H = template.hidden();
        IN = template.inputs();
        R = template.extraInputs();
        kern = new double[K][9];
        for (int k = 0; k < K; k++) {
            float[] kk = template.kernel(k);
            for (int t = 0; t < 9; t++) kern[k][t] = kk[t];
        }
        clipP = FastNca.bound(template.clipPerception());
        clipH = FastNca.bound(template.clipHidden());
        clipU = FastNca.bound(template.clipUpdate());
        clipS = FastNca.bound(template.clipState());
        w1 = toDouble(p.w1);
        b1 = toDouble(p.b1);
        w2 = toDouble(p.w2);
        b2 = toDouble(p.b2);
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    public double[][] tensors() {
        return new double[][]{w1, b1, w2, b2};
    }

    static double clip(double v, double b) {
        return Math.min(Math.max(v, -b), b);
    }

    /** states[0] given; fills states[1..steps]. */
    public void forward(double[][] states, int w, int h, FireMask mask) {
        double[] p = new double[IN], pre = new double[IN], hid = new double[H], u = new double[C];
        for (int s = 0; s < mask.steps(); s++) {
            double[] src = states[s], dst = states[s + 1];
            for (int y = 0; y < h; y++) {
                long rk = mask.rowKey(s, y);
                for (int x = 0; x < w; x++) {
                    int self = (y * w + x) * C;
                    if (!mask.fires(rk, x)) {
                        System.arraycopy(src, self, dst, self, C);
                        continue;
                    }
                    mlp(src, w, h, x, y, p, pre, hid, u);
                    for (int c = 0; c < C; c++) dst[self + c] = clip(src[self + c] + clip(u[c], clipU), clipS);
                }
            }
        }
    }

    private int nb(int w, int h, int x, int y, int t) {
        int yy = Math.floorMod(y + t / 3 - 1, h), xx = Math.floorMod(x + t % 3 - 1, w);
        return (yy * w + xx) * C;
    }

    private void mlp(double[] src, int w, int h, int x, int y, double[] p, double[] pre, double[] hid, double[] u) {
        for (int c = 0; c < C; c++)
            for (int k = 0; k < K; k++) {
                double acc = 0;
                for (int t = 0; t < 9; t++) acc += kern[k][t] * src[nb(w, h, x, y, t) + c];
                pre[c * K + k] = acc;
                p[c * K + k] = clip(acc, clipP);
            }
        for (int r = 0; r < R; r++) p[C * K + r] = pre[C * K + r] = ctl == null ? 0 : ctl[(y * w + x) * R + r];
        for (int j = 0; j < H; j++) {
            double acc = b1[j];
            for (int i = 0; i < IN; i++) acc += p[i] * w1[j * IN + i];
            hid[j] = Math.min(Math.max(acc, 0), clipH);
        }
        for (int c = 0; c < C; c++) {
            double acc = b2[c];
            for (int j = 0; j < H; j++) acc += hid[j] * w2[c * H + j];
            u[c] = acc;
        }
    }

    /**
     * Backpropagates g = dL/d(states[steps]) to the weights; returns the gradients in model layout
     * {w1, b1, w2, b2}. g is overwritten.
     */
    public double[][] backward(double[][] states, int w, int h, FireMask mask, double[] g) {
        double[] gw1 = new double[H * IN], gb1 = new double[H], gw2 = new double[C * H], gb2 = new double[C];
        double[] p = new double[IN], pre = new double[IN], hid = new double[H], u = new double[C];
        double[] du = new double[C], da = new double[H], dp = new double[IN];
        double[] gIn = g;
        for (int s = mask.steps() - 1; s >= 0; s--) {
            double[] src = states[s], gOut = new double[gIn.length];
            for (int y = 0; y < h; y++) {
                long rk = mask.rowKey(s, y);
                for (int x = 0; x < w; x++) {
                    int self = (y * w + x) * C;
                    if (!mask.fires(rk, x)) {
                        for (int c = 0; c < C; c++) gOut[self + c] += gIn[self + c];
                        continue;
                    }
                    mlp(src, w, h, x, y, p, pre, hid, u);
                    for (int c = 0; c < C; c++) {
                        double v = src[self + c] + clip(u[c], clipU);
                        double gs = Math.abs(v) < clipS ? gIn[self + c] : 0;
                        gOut[self + c] += gs;
                        du[c] = Math.abs(u[c]) < clipU ? gs : 0;
                        gb2[c] += du[c];
                        for (int j = 0; j < H; j++) gw2[c * H + j] += du[c] * hid[j];
                    }
                    for (int j = 0; j < H; j++) {
                        double acc = 0;
                        for (int c = 0; c < C; c++) acc += du[c] * w2[c * H + j];
                        da[j] = hid[j] > 0 && hid[j] < clipH ? acc : 0;
                        gb1[j] += da[j];
                        for (int i = 0; i < IN; i++) gw1[j * IN + i] += da[j] * p[i];
                    }
                    for (int i = 0; i < IN; i++) {
                        double acc = 0;
                        for (int j = 0; j < H; j++) acc += da[j] * w1[j * IN + i];
                        dp[i] = Math.abs(pre[i]) < clipP ? acc : 0;
                    }
                    for (int c = 0; c < C; c++)
                        for (int k = 0; k < K; k++)
                            for (int t = 0; t < 9; t++) gOut[nb(w, h, x, y, t) + c] += kern[k][t] * dp[c * K + k];
                }
            }
            gIn = gOut;
        }
        stateGradient = gIn;
        return new double[][]{gw1, gb1, gw2, gb2};
    }
}
