package org.cellscape.engine;

import org.cellscape.model.NcaModel;

/**
 * THE definition of one NCA step, in plain scalar float32. Every backend is tested against this class;
 * change it only together with docs/nca-step.md.
 *
 * <p>Order of operations, for every cell of the region (x, y), with its global coordinates (gx, gy):
 * <ol>
 *   <li>Fire test: {@link Rng} on (seed, level, step, gx, gy). A cell that does not fire is copied unchanged
 *       (no perception, no MLP).
 *   <li>Perception: for channel c, kernel k: p[c*K+k] = clip(sum over the 9 taps in row-major order of
 *       kernel[t] * s(neighbour t, c)), accumulated with fused multiply-add from +0; zero taps may be skipped
 *       (fma(0, v, a) == a for finite v). Neighbours wrap inside the buffer (torus) — tiles carry halos instead.
 *       clip(v) = min(max(v, -clipPerception), clipPerception), or v when the bound is NaN.
 *   <li>Control inputs: p[C*K+r] = ctl(x, y, r) for the R = In - C*K extra inputs: the cell's own control
 *       weights, read as given (not perceived through the kernels, not clipped), constant during the step;
 *       0 when the render has no control map.
 *   <li>Hidden: h[j] = min(max(fma-chain over i = 0..In-1 of p[i]*w1[j][i], starting from b1[j], 0), clipHidden).
 *       A zero control term leaves the chain unchanged (fma(0, w, a) == a), so it may be skipped.
 *   <li>Update: u[c] = clip(fma-chain over j = 0..H-1 of h[j]*w2[c][j], starting from b2[c]) with clipUpdate.
 *   <li>New state: s'[c] = clip(s[c] + u[c]) with clipState.
 * </ol>
 */
public final class ReferenceStep {
    private ReferenceStep() {}

    /**
     * Computes one step for the cells [x0, x1) x [y0, y1) of a width x height buffer, reading {@code src}
     * and writing {@code dst}. Cells outside the region are not written. No control inputs (all zero).
     */
    public static void step(NcaModel m, StepContext ctx, int level, int step, Tile geometry, float[] src, float[] dst,
                            int x0, int y0, int x1, int y1) {
        step(m, ctx, level, step, geometry, src, dst, null, x0, y0, x1, y1);
    }

    /**
     * As {@link #step(NcaModel, StepContext, int, int, Tile, float[], float[], int, int, int, int)}, with the
     * control inputs {@code ctl}: R = {@code m.extraInputs()} floats per cell of the buffer, laid out like the
     * state ({@code ctl[(y * width + x) * R + r]}); {@code null} means all zero.
     */
    public static void step(NcaModel m, StepContext ctx, int level, int step, Tile geometry, float[] src, float[] dst,
                            float[] ctl, int x0, int y0, int x1, int y1) {
        final int w = geometry.width(), h = geometry.height(), C = m.channels(), K = m.kernelCount();
        final int in = m.inputs(), hid = m.hidden(), R = m.extraInputs(), ck = C * K;
        if (ctl != null && ctl.length < w * h * R)
            throw new IllegalArgumentException("control buffer has " + ctl.length + " floats, the tile needs " + w * h * R);
        final float[][] kern = new float[K][];
        for (int k = 0; k < K; k++) kern[k] = m.kernel(k);
        final float[] w1 = m.w1(), b1 = m.b1(), w2 = m.w2(), b2 = m.b2();
        final float[] p = new float[in], hidden = new float[hid];
        final int threshold = ctx.threshold();
        final long key = ctx.stepKey(level, step);
        final int[] nb = new int[9];
        for (int y = y0; y < y1; y++) {
            long rowKey = Rng.rowKey(key, geometry.globalY(y));
            for (int x = x0; x < x1; x++) {
                int self = (y * w + x) * C;
                if (Rng.u24(rowKey, geometry.globalX(x)) >= threshold) {
                    System.arraycopy(src, self, dst, self, C);
                    continue;
                }
                for (int t = 0; t < 9; t++) {
                    int yy = Math.floorMod(y + t / 3 - 1, h), xx = Math.floorMod(x + t % 3 - 1, w);
                    nb[t] = (yy * w + xx) * C;
                }
                for (int c = 0; c < C; c++)
                    for (int k = 0; k < K; k++) {
                        float acc = 0f;
                        for (int t = 0; t < 9; t++)
                            if (kern[k][t] != 0f) acc = Math.fma(kern[k][t], src[nb[t] + c], acc);
                        p[c * K + k] = clipSym(acc, m.clipPerception());
                    }
                if (ctl != null) System.arraycopy(ctl, (y * w + x) * R, p, ck, R);
                int used = ctl != null ? in : ck;
                for (int j = 0; j < hid; j++) {
                    float acc = b1[j];
                    for (int i = 0; i < used; i++) acc = Math.fma(p[i], w1[j * in + i], acc);
                    hidden[j] = clipHidden(acc, m.clipHidden());
                }
                for (int c = 0; c < C; c++) {
                    float acc = b2[c];
                    for (int j = 0; j < hid; j++) acc = Math.fma(hidden[j], w2[c * hid + j], acc);
                    float u = clipSym(acc, m.clipUpdate());
                    dst[self + c] = clipSym(src[self + c] + u, m.clipState());
                }
            }
        }
    }

    /** Symmetric clip to [-bound, bound]; NaN bound = no clip. */
    public static float clipSym(float v, float bound) {
        if (bound != bound) return v;
        return Math.min(Math.max(v, -bound), bound);
    }

    /** ReLU, then clip to [0, bound]; NaN bound = plain ReLU. */
    public static float clipHidden(float v, float bound) {
        float r = Math.max(v, 0f);
        return bound != bound ? r : Math.min(r, bound);
    }
}
