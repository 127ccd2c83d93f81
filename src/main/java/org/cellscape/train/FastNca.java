package org.cellscape.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.cellscape.model.NcaModel;

/**
 * The training rollout in float32 with the Vector API: forward steps that compute exactly
 * {@link org.cellscape.engine.ReferenceStep} (same fma chains in the same order, same clipping; tested bit for bit),
 * and the hand-written backward pass through them (backpropagation through time).
 *
 * <p>The hidden layer is vectorised over hidden units and the update over channels, so each lane runs the
 * reference's own fma chain. The backward pass recomputes perception, hidden and update from the stored
 * state of each step instead of storing activations (the state is 12 floats a cell, the activations 96+).
 * Cells that do not fire skip the MLP both ways. One instance per weight set; {@link Work} is per thread.
 */
public final class FastNca {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    final int C, K, H, IN, Hp, INp, Cp;
    final float[][] kern;
    final float clipP, clipH, clipU, clipS;
    /** w1T [IN][Hp], b1 [Hp], w2T [H][Cp], b2 [Cp], w1 [Hp][INp], w2 [C][Hp]; padding is zero. */
    final float[] w1T, b1, w2T, b2, w1, w2;

    public FastNca(NcaModel template, NcaParams p) {
        C = template.channels();
        K = template.kernelCount();
        H = template.hidden();
        IN = template.inputs();
        if (template.extraInputs() != 0) throw new IllegalArgumentException("training models with extra inputs is not supported");
        Hp = roundUp(H);
        INp = roundUp(IN);
        Cp = roundUp(C);
        kern = new float[K][];
        for (int k = 0; k < K; k++) kern[k] = template.kernel(k);
        clipP = bound(template.clipPerception());
        clipH = bound(template.clipHidden());
        clipU = bound(template.clipUpdate());
        clipS = bound(template.clipState());
        w1T = new float[IN * Hp];
        b1 = new float[Hp];
        w2T = new float[H * Cp];
        b2 = new float[Cp];
        w1 = new float[Hp * INp];
        w2 = new float[C * Hp];
        for (int j = 0; j < H; j++) {
            b1[j] = p.b1[j];
            for (int i = 0; i < IN; i++) {
                w1T[i * Hp + j] = p.w1[j * IN + i];
                w1[j * INp + i] = p.w1[j * IN + i];
            }
            for (int c = 0; c < C; c++) {
                w2T[j * Cp + c] = p.w2[c * H + j];
                w2[c * Hp + j] = p.w2[c * H + j];
            }
        }
        System.arraycopy(p.b2, 0, b2, 0, C);
    }

    static int roundUp(int n) {
        return (n + L - 1) / L * L;
    }

    /** NaN (no clipping) becomes +infinity: min(max(v, -inf), inf) == v for every finite v, as in the reference. */
    static float bound(float b) {
        return Float.isNaN(b) ? Float.POSITIVE_INFINITY : b;
    }

    /** Per-thread scratch and gradient accumulators. */
    public final class Work {
        final float[] p = new float[INp], pre = new float[INp], hid = new float[Hp], u = new float[Cp];
        final float[] du = new float[Cp], dp = new float[INp];
        final int[] nb = new int[9];
        // one row of firing cells in the backward pass
        float[] rowP = new float[0], rowDA = new float[0], rowH = new float[0], rowDU = new float[0];
        /** Gradients: gw1T [IN][Hp], gb1 [Hp], gw2 [C][Hp], gb2 [Cp]. */
        final float[] gw1T = new float[IN * Hp], gb1 = new float[Hp], gw2 = new float[C * Hp], gb2 = new float[Cp];

        void ensureRow(int w) {
            if (rowP.length < w * INp) {
                rowP = new float[w * INp];
                rowDA = new float[w * Hp];
                rowH = new float[w * Hp];
                rowDU = new float[w * Cp];
            }
        }

        /** The accumulated gradients in the model file's layout. */
        public NcaParams gradients() {
            NcaParams g = new NcaParams(C, H, IN);
            for (int j = 0; j < H; j++) {
                g.b1[j] = gb1[j];
                for (int i = 0; i < IN; i++) g.w1[j * IN + i] = gw1T[i * Hp + j];
                for (int c = 0; c < C; c++) g.w2[c * H + j] = gw2[c * Hp + j];
            }
            System.arraycopy(gb2, 0, g.b2, 0, C);
            return g;
        }

        public void clear() {
            java.util.Arrays.fill(gw1T, 0f);
            java.util.Arrays.fill(gb1, 0f);
            java.util.Arrays.fill(gw2, 0f);
            java.util.Arrays.fill(gb2, 0f);
        }
    }

    public Work work() {
        return new Work();
    }

    /** Runs mask.steps() steps on a w x h torus: states[0] is the input, states[s+1] the state after step s. */
    public void forward(float[][] states, int w, int h, FireMask mask, Work wk) {
        for (int s = 0; s < mask.steps(); s++) step(states[s], states[s + 1], w, h, mask, s, wk);
    }

    /** One step, src to dst, the reference's arithmetic. */
    public void step(float[] src, float[] dst, int w, int h, FireMask mask, int s, Work wk) {
        for (int y = 0; y < h; y++) {
            long rk = mask.rowKey(s, y);
            for (int x = 0; x < w; x++) {
                int self = (y * w + x) * C;
                if (!mask.fires(rk, x)) {
                    System.arraycopy(src, self, dst, self, C);
                    continue;
                }
                mlp(src, w, h, x, y, wk);
                for (int c = 0; c < C; c++)
                    dst[self + c] = clip(src[self + c] + clip(wk.u[c], clipU), clipS);
            }
        }
    }

    static float clip(float v, float b) {
        return Math.min(Math.max(v, -b), b);
    }

    /** Perception (clipped into wk.p, raw into wk.pre), hidden (wk.hid) and the unclipped update (wk.u) of a cell. */
    private void mlp(float[] src, int w, int h, int x, int y, Work wk) {
        final int[] nb = wk.nb;
        neighbours(w, h, x, y, nb);
        final float[] p = wk.p, pre = wk.pre, hid = wk.hid, u = wk.u;
        for (int c = 0; c < C; c++)
            for (int k = 0; k < K; k++) {
                float[] kk = kern[k];
                float acc = 0f;
                for (int t = 0; t < 9; t++)
                    if (kk[t] != 0f) acc = Math.fma(kk[t], src[nb[t] + c], acc);
                pre[c * K + k] = acc;
                p[c * K + k] = clip(acc, clipP);
            }
        final FloatVector zero = FloatVector.zero(S), hiV = FloatVector.broadcast(S, clipH);
        for (int jv = 0; jv < Hp; jv += L) {
            FloatVector acc = FloatVector.fromArray(S, b1, jv);
            for (int i = 0; i < IN; i++)
                acc = FloatVector.broadcast(S, p[i]).fma(FloatVector.fromArray(S, w1T, i * Hp + jv), acc);
            acc.max(zero).min(hiV).intoArray(hid, jv);
        }
        for (int cv = 0; cv < Cp; cv += L) {
            FloatVector acc = FloatVector.fromArray(S, b2, cv);
            for (int j = 0; j < H; j++)
                acc = FloatVector.broadcast(S, hid[j]).fma(FloatVector.fromArray(S, w2T, j * Cp + cv), acc);
            acc.intoArray(u, cv);
        }
    }

    private void neighbours(int w, int h, int x, int y, int[] nb) {
        int ym = y == 0 ? h - 1 : y - 1, yp = y == h - 1 ? 0 : y + 1;
        int xm = x == 0 ? w - 1 : x - 1, xp = x == w - 1 ? 0 : x + 1;
        int r0 = ym * w, r1 = y * w, r2 = yp * w;
        nb[0] = (r0 + xm) * C; nb[1] = (r0 + x) * C; nb[2] = (r0 + xp) * C;
        nb[3] = (r1 + xm) * C; nb[4] = (r1 + x) * C; nb[5] = (r1 + xp) * C;
        nb[6] = (r2 + xm) * C; nb[7] = (r2 + x) * C; nb[8] = (r2 + xp) * C;
    }

    /**
     * Backpropagates dL/d(states[steps]) (in {@code g}, w*h*C) to dL/d(states[0]) through every step, adding the
     * weight gradients to wk. Returns the gradient with respect to the initial state (g's buffer or spare's).
     */
    public float[] backward(float[][] states, int w, int h, FireMask mask, float[] g, float[] spare, Work wk) {
        float[] gIn = g, gOut = spare;
        for (int s = mask.steps() - 1; s >= 0; s--) {
            java.util.Arrays.fill(gOut, 0f);
            backStep(states[s], gIn, gOut, w, h, mask, s, wk);
            float[] t = gIn; gIn = gOut; gOut = t;
        }
        return gIn;
    }

    /** gOut += dL/d(src) given gIn = dL/d(dst) for one step. */
    void backStep(float[] src, float[] gIn, float[] gOut, int w, int h, FireMask mask, int s, Work wk) {
        wk.ensureRow(w);
        final FloatVector zero = FloatVector.zero(S), hiV = FloatVector.broadcast(S, clipH);
        final float[] hid = wk.hid, u = wk.u, du = wk.du, dp = wk.dp, pre = wk.pre, p = wk.p;
        for (int y = 0; y < h; y++) {
            long rk = mask.rowKey(s, y);
            int n = 0;
            for (int x = 0; x < w; x++) {
                int self = (y * w + x) * C;
                if (!mask.fires(rk, x)) {
                    for (int c = 0; c < C; c++) gOut[self + c] += gIn[self + c];
                    continue;
                }
                mlp(src, w, h, x, y, wk);
                boolean any = false;
                for (int c = 0; c < C; c++) {
                    float uc = clip(u[c], clipU);
                    float v = src[self + c] + uc;
                    float gs = Math.abs(v) < clipS ? gIn[self + c] : 0f;
                    gOut[self + c] += gs;
                    du[c] = Math.abs(u[c]) < clipU ? gs : 0f;
                    any |= du[c] != 0f;
                }
                if (!any) continue;
                // dh = W2^T du, masked by the hidden clip (0 < h < clipH)
                int rowH = n * Hp;
                for (int jv = 0; jv < Hp; jv += L) {
                    FloatVector acc = zero;
                    for (int c = 0; c < C; c++)
                        acc = FloatVector.broadcast(S, du[c]).fma(FloatVector.fromArray(S, w2, c * Hp + jv), acc);
                    FloatVector hv = FloatVector.fromArray(S, hid, jv);
                    VectorMask<Float> live = hv.compare(VectorOperators.GT, zero).and(hv.compare(VectorOperators.LT, hiV));
                    zero.blend(acc, live).intoArray(wk.rowDA, rowH + jv);
                    hv.intoArray(wk.rowH, rowH + jv);
                }
                // dp = W1^T da, masked by the perception clip
                for (int iv = 0; iv < INp; iv += L) {
                    FloatVector acc = zero;
                    for (int j = 0; j < H; j++) {
                        float d = wk.rowDA[rowH + j];
                        if (d != 0f) acc = FloatVector.broadcast(S, d).fma(FloatVector.fromArray(S, w1, j * INp + iv), acc);
                    }
                    acc.intoArray(dp, iv);
                }
                final int[] nb = wk.nb;
                for (int c = 0; c < C; c++)
                    for (int k = 0; k < K; k++) {
                        int i = c * K + k;
                        if (!(Math.abs(pre[i]) < clipP) || dp[i] == 0f) continue;
                        float d = dp[i];
                        float[] kk = kern[k];
                        for (int t = 0; t < 9; t++)
                            if (kk[t] != 0f) gOut[nb[t] + c] += kk[t] * d;
                    }
                System.arraycopy(p, 0, wk.rowP, n * INp, INp);
                System.arraycopy(du, 0, wk.rowDU, n * Cp, Cp);
                n++;
            }
            accumulateRow(wk, n);
        }
    }

    /** Weight gradients of a row's firing cells: gw1T += P^T DA, gw2 += DU^T Hid, biases += column sums. */
    private void accumulateRow(Work wk, int n) {
        if (n == 0) return;
        final float[] P = wk.rowP, DA = wk.rowDA, Hh = wk.rowH, DU = wk.rowDU;
        for (int i = 0; i < IN; i += 2) {
            boolean two = i + 1 < IN;
            for (int jv = 0; jv < Hp; jv += L) {
                FloatVector a0 = FloatVector.fromArray(S, wk.gw1T, i * Hp + jv);
                FloatVector a1 = two ? FloatVector.fromArray(S, wk.gw1T, (i + 1) * Hp + jv) : a0;
                for (int r = 0; r < n; r++) {
                    FloatVector da = FloatVector.fromArray(S, DA, r * Hp + jv);
                    a0 = FloatVector.broadcast(S, P[r * INp + i]).fma(da, a0);
                    if (two) a1 = FloatVector.broadcast(S, P[r * INp + i + 1]).fma(da, a1);
                }
                a0.intoArray(wk.gw1T, i * Hp + jv);
                if (two) a1.intoArray(wk.gw1T, (i + 1) * Hp + jv);
            }
        }
        for (int jv = 0; jv < Hp; jv += L) {
            FloatVector b = FloatVector.fromArray(S, wk.gb1, jv);
            for (int r = 0; r < n; r++) b = b.add(FloatVector.fromArray(S, DA, r * Hp + jv));
            b.intoArray(wk.gb1, jv);
        }
        for (int c = 0; c < C; c++)
            for (int jv = 0; jv < Hp; jv += L) {
                FloatVector a = FloatVector.fromArray(S, wk.gw2, c * Hp + jv);
                for (int r = 0; r < n; r++) {
                    float d = DU[r * Cp + c];
                    if (d != 0f) a = FloatVector.broadcast(S, d).fma(FloatVector.fromArray(S, Hh, r * Hp + jv), a);
                }
                a.intoArray(wk.gw2, c * Hp + jv);
            }
        for (int cv = 0; cv < Cp; cv += L) {
            FloatVector b = FloatVector.fromArray(S, wk.gb2, cv);
            for (int r = 0; r < n; r++) b = b.add(FloatVector.fromArray(S, DU, r * Cp + cv));
            b.intoArray(wk.gb2, cv);
        }
    }
}
