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
        final float[] du = new float[Cp], dp = new float[INp], praw = new float[4 * L];
        final int[] nb = new int[9];
        int[] xs = new int[0];
        /** One row of firing cells: perception (clipped, raw), hidden, update; dA and dU in the backward pass. */
        float[] rowP = new float[0], rowPre = new float[0], rowH = new float[0], rowU = new float[0], rowDA = new float[0], rowDU = new float[0];
        /** Gradients: gw1T [IN][Hp], gb1 [Hp], gw2 [C][Hp], gb2 [Cp]. */
        final float[] gw1T = new float[IN * Hp], gb1 = new float[Hp], gw2 = new float[C * Hp], gb2 = new float[Cp];

        void ensureRow(int w) {
            if (xs.length < w) {
                xs = new int[w];
                rowP = new float[w * INp];
                rowPre = new float[w * INp];
                rowH = new float[w * Hp];
                rowU = new float[w * Cp];
                rowDA = new float[w * Hp];
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
        wk.ensureRow(w);
        for (int y = 0; y < h; y++) {
            int n = firing(src, dst, w, y, mask, s, wk);
            mlpRow(src, w, h, y, n, wk);
            for (int r = 0; r < n; r++) {
                int self = (y * w + wk.xs[r]) * C;
                for (int c = 0; c < C; c++)
                    dst[self + c] = clip(src[self + c] + clip(wk.rowU[r * Cp + c], clipU), clipS);
            }
        }
    }

    /** Lists the row's firing columns in wk.xs; copies the others from src to dst (when dst is not null). */
    private int firing(float[] src, float[] dst, int w, int y, FireMask mask, int s, Work wk) {
        long rk = mask.rowKey(s, y);
        int n = 0;
        for (int x = 0; x < w; x++) {
            if (mask.fires(rk, x)) wk.xs[n++] = x;
            else if (dst != null) System.arraycopy(src, (y * w + x) * C, dst, (y * w + x) * C, C);
        }
        return n;
    }

    static float clip(float v, float b) {
        return Math.min(Math.max(v, -b), b);
    }

    /**
     * Perception (clipped into rowP, raw into rowPre), hidden (rowH) and unclipped update (rowU) of the row's n firing
     * cells, four cells at a time so each weight vector loaded serves four fma chains (each still the reference's).
     */
    private void mlpRow(float[] src, int w, int h, int y, int n, Work wk) {
        final float[] P = wk.rowP, PRE = wk.rowPre, HID = wk.rowH, U = wk.rowU;
        final int[] nb = wk.nb;
        for (int r = 0; r < n; r++) {
            neighbours(w, h, wk.xs[r], y, nb);
            int o = r * INp;
            if (K == 4 && C <= L) {
                perception4(src, nb, o, wk);
                continue;
            }
            for (int c = 0; c < C; c++)
                for (int k = 0; k < K; k++) {
                    float[] kk = kern[k];
                    float acc = 0f;
                    for (int t = 0; t < 9; t++)
                        if (kk[t] != 0f) acc = Math.fma(kk[t], src[nb[t] + c], acc);
                    PRE[o + c * K + k] = acc;
                    P[o + c * K + k] = clip(acc, clipP);
                }
        }
        final FloatVector zero = FloatVector.zero(S), hiV = FloatVector.broadcast(S, clipH);
        for (int r0 = 0; r0 < n; r0 += 4) {
            // slots past the row's end repeat its last cell; their results are never read
            int r1 = Math.min(r0 + 1, n - 1), r2 = Math.min(r0 + 2, n - 1), r3 = Math.min(r0 + 3, n - 1);
            int p0 = r0 * INp, p1 = r1 * INp, p2 = r2 * INp, p3 = r3 * INp;
            for (int jv = 0; jv < Hp; jv += L) {
                FloatVector a0 = FloatVector.fromArray(S, b1, jv), a1 = a0, a2 = a0, a3 = a0;
                for (int i = 0; i < IN; i++) {
                    FloatVector wv = FloatVector.fromArray(S, w1T, i * Hp + jv);
                    a0 = FloatVector.broadcast(S, P[p0 + i]).fma(wv, a0);
                    a1 = FloatVector.broadcast(S, P[p1 + i]).fma(wv, a1);
                    a2 = FloatVector.broadcast(S, P[p2 + i]).fma(wv, a2);
                    a3 = FloatVector.broadcast(S, P[p3 + i]).fma(wv, a3);
                }
                a3.max(zero).min(hiV).intoArray(HID, r3 * Hp + jv);
                a2.max(zero).min(hiV).intoArray(HID, r2 * Hp + jv);
                a1.max(zero).min(hiV).intoArray(HID, r1 * Hp + jv);
                a0.max(zero).min(hiV).intoArray(HID, r0 * Hp + jv);
            }
            int h0 = r0 * Hp, h1 = r1 * Hp, h2 = r2 * Hp, h3 = r3 * Hp;
            for (int cv = 0; cv < Cp; cv += L) {
                FloatVector a0 = FloatVector.fromArray(S, b2, cv), a1 = a0, a2 = a0, a3 = a0;
                for (int j = 0; j < H; j++) {
                    FloatVector wv = FloatVector.fromArray(S, w2T, j * Cp + cv);
                    a0 = FloatVector.broadcast(S, HID[h0 + j]).fma(wv, a0);
                    a1 = FloatVector.broadcast(S, HID[h1 + j]).fma(wv, a1);
                    a2 = FloatVector.broadcast(S, HID[h2 + j]).fma(wv, a2);
                    a3 = FloatVector.broadcast(S, HID[h3 + j]).fma(wv, a3);
                }
                a3.intoArray(U, r3 * Cp + cv);
                a2.intoArray(U, r2 * Cp + cv);
                a1.intoArray(U, r1 * Cp + cv);
                a0.intoArray(U, r0 * Cp + cv);
            }
        }
    }

    /**
     * Perception of one cell for 4 kernels with the channels in vector lanes: lane c runs the reference's chain for
     * channel c (non-zero taps in row-major order, fma from +0). Lanes past C read the next cell and are dropped.
     */
    private void perception4(float[] src, int[] nb, int o, Work wk) {
        final float[] k0 = kern[0], k1 = kern[1], k2 = kern[2], k3 = kern[3];
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int t = 0; t < 9; t++) {
            int off = nb[t];
            FloatVector v = off + L <= src.length ? FloatVector.fromArray(S, src, off)
                    : FloatVector.fromArray(S, src, off, S.indexInRange(off, src.length));
            if (k0[t] != 0f) a0 = FloatVector.broadcast(S, k0[t]).fma(v, a0);
            if (k1[t] != 0f) a1 = FloatVector.broadcast(S, k1[t]).fma(v, a1);
            if (k2[t] != 0f) a2 = FloatVector.broadcast(S, k2[t]).fma(v, a2);
            if (k3[t] != 0f) a3 = FloatVector.broadcast(S, k3[t]).fma(v, a3);
        }
        final float[] raw = wk.praw;
        a0.intoArray(raw, 0);
        a1.intoArray(raw, L);
        a2.intoArray(raw, 2 * L);
        a3.intoArray(raw, 3 * L);
        final float[] P = wk.rowP, PRE = wk.rowPre;
        for (int c = 0; c < C; c++)
            for (int k = 0; k < 4; k++) {
                float v = raw[k * L + c];
                PRE[o + c * 4 + k] = v;
                P[o + c * 4 + k] = clip(v, clipP);
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
        final float[] du = wk.du, dp = wk.dp;
        for (int y = 0; y < h; y++) {
            long rk = mask.rowKey(s, y);
            for (int x = 0; x < w; x++) {
                if (mask.fires(rk, x)) continue;
                int self = (y * w + x) * C;
                for (int c = 0; c < C; c++) gOut[self + c] += gIn[self + c];
            }
            int n = firing(src, null, w, y, mask, s, wk);
            mlpRow(src, w, h, y, n, wk);
            for (int r = 0; r < n; r++) {
                int x = wk.xs[r], self = (y * w + x) * C;
                int uo = r * Cp, ho = r * Hp, po = r * INp;
                boolean any = false;
                for (int c = 0; c < C; c++) {
                    float u = wk.rowU[uo + c];
                    float v = src[self + c] + clip(u, clipU);
                    float gs = Math.abs(v) < clipS ? gIn[self + c] : 0f;
                    gOut[self + c] += gs;
                    du[c] = Math.abs(u) < clipU ? gs : 0f;
                    any |= du[c] != 0f;
                }
                System.arraycopy(du, 0, wk.rowDU, uo, Cp);
                if (!any) {
                    java.util.Arrays.fill(wk.rowDA, ho, ho + Hp, 0f);
                    continue;
                }
                // dh = W2^T du, masked by the hidden clip (0 < h < clipH)
                for (int jv = 0; jv < Hp; jv += L) {
                    FloatVector acc = zero;
                    for (int c = 0; c < C; c++)
                        acc = FloatVector.broadcast(S, du[c]).fma(FloatVector.fromArray(S, w2, c * Hp + jv), acc);
                    FloatVector hv = FloatVector.fromArray(S, wk.rowH, ho + jv);
                    VectorMask<Float> live = hv.compare(VectorOperators.GT, zero).and(hv.compare(VectorOperators.LT, hiV));
                    zero.blend(acc, live).intoArray(wk.rowDA, ho + jv);
                }
                // dp = W1^T da, masked by the perception clip
                for (int iv = 0; iv < INp; iv += L) {
                    FloatVector e0 = zero, e1 = zero, e2 = zero, e3 = zero;
                    int j = 0;
                    for (; j + 4 <= H; j += 4) {
                        e0 = FloatVector.broadcast(S, wk.rowDA[ho + j]).fma(FloatVector.fromArray(S, w1, j * INp + iv), e0);
                        e1 = FloatVector.broadcast(S, wk.rowDA[ho + j + 1]).fma(FloatVector.fromArray(S, w1, (j + 1) * INp + iv), e1);
                        e2 = FloatVector.broadcast(S, wk.rowDA[ho + j + 2]).fma(FloatVector.fromArray(S, w1, (j + 2) * INp + iv), e2);
                        e3 = FloatVector.broadcast(S, wk.rowDA[ho + j + 3]).fma(FloatVector.fromArray(S, w1, (j + 3) * INp + iv), e3);
                    }
                    for (; j < H; j++) e0 = FloatVector.broadcast(S, wk.rowDA[ho + j]).fma(FloatVector.fromArray(S, w1, j * INp + iv), e0);
                    e0.add(e1).add(e2.add(e3)).intoArray(dp, iv);
                }
                final int[] nb = wk.nb;
                neighbours(w, h, x, y, nb);
                for (int c = 0; c < C; c++)
                    for (int k = 0; k < K; k++) {
                        int i = c * K + k;
                        if (!(Math.abs(wk.rowPre[po + i]) < clipP) || dp[i] == 0f) continue;
                        float d = dp[i];
                        float[] kk = kern[k];
                        for (int t = 0; t < 9; t++)
                            if (kk[t] != 0f) gOut[nb[t] + c] += kk[t] * d;
                    }
            }
            accumulateRow(wk, n);
        }
    }

    /** Weight gradients of a row's firing cells: gw1T += P^T DA, gw2 += DU^T Hid, biases += column sums. */
    private void accumulateRow(Work wk, int n) {
        if (n == 0) return;
        final float[] P = wk.rowP, DA = wk.rowDA, Hh = wk.rowH, DU = wk.rowDU;
        // four independent chains per loop so the FMAs do not wait on each other
        int i = 0;
        for (; i + 4 <= IN; i += 4)
            for (int jv = 0; jv < Hp; jv += L) {
                FloatVector a0 = FloatVector.fromArray(S, wk.gw1T, i * Hp + jv), a1 = FloatVector.fromArray(S, wk.gw1T, (i + 1) * Hp + jv);
                FloatVector a2 = FloatVector.fromArray(S, wk.gw1T, (i + 2) * Hp + jv), a3 = FloatVector.fromArray(S, wk.gw1T, (i + 3) * Hp + jv);
                for (int r = 0; r < n; r++) {
                    FloatVector da = FloatVector.fromArray(S, DA, r * Hp + jv);
                    int o = r * INp + i;
                    a0 = FloatVector.broadcast(S, P[o]).fma(da, a0);
                    a1 = FloatVector.broadcast(S, P[o + 1]).fma(da, a1);
                    a2 = FloatVector.broadcast(S, P[o + 2]).fma(da, a2);
                    a3 = FloatVector.broadcast(S, P[o + 3]).fma(da, a3);
                }
                a0.intoArray(wk.gw1T, i * Hp + jv);
                a1.intoArray(wk.gw1T, (i + 1) * Hp + jv);
                a2.intoArray(wk.gw1T, (i + 2) * Hp + jv);
                a3.intoArray(wk.gw1T, (i + 3) * Hp + jv);
            }
        for (; i < IN; i++)
            for (int jv = 0; jv < Hp; jv += L) {
                FloatVector a0 = FloatVector.fromArray(S, wk.gw1T, i * Hp + jv);
                for (int r = 0; r < n; r++) a0 = FloatVector.broadcast(S, P[r * INp + i]).fma(FloatVector.fromArray(S, DA, r * Hp + jv), a0);
                a0.intoArray(wk.gw1T, i * Hp + jv);
            }
        for (int jv = 0; jv < Hp; jv += L) {
            FloatVector b = FloatVector.fromArray(S, wk.gb1, jv);
            for (int r = 0; r < n; r++) b = b.add(FloatVector.fromArray(S, DA, r * Hp + jv));
            b.intoArray(wk.gb1, jv);
        }
        int c = 0;
        for (; c + 4 <= C; c += 4)
            for (int jv = 0; jv < Hp; jv += L) {
                FloatVector a0 = FloatVector.fromArray(S, wk.gw2, c * Hp + jv), a1 = FloatVector.fromArray(S, wk.gw2, (c + 1) * Hp + jv);
                FloatVector a2 = FloatVector.fromArray(S, wk.gw2, (c + 2) * Hp + jv), a3 = FloatVector.fromArray(S, wk.gw2, (c + 3) * Hp + jv);
                for (int r = 0; r < n; r++) {
                    FloatVector hv = FloatVector.fromArray(S, Hh, r * Hp + jv);
                    int o = r * Cp + c;
                    a0 = FloatVector.broadcast(S, DU[o]).fma(hv, a0);
                    a1 = FloatVector.broadcast(S, DU[o + 1]).fma(hv, a1);
                    a2 = FloatVector.broadcast(S, DU[o + 2]).fma(hv, a2);
                    a3 = FloatVector.broadcast(S, DU[o + 3]).fma(hv, a3);
                }
                a0.intoArray(wk.gw2, c * Hp + jv);
                a1.intoArray(wk.gw2, (c + 1) * Hp + jv);
                a2.intoArray(wk.gw2, (c + 2) * Hp + jv);
                a3.intoArray(wk.gw2, (c + 3) * Hp + jv);
            }
        for (; c < C; c++)
            for (int jv = 0; jv < Hp; jv += L) {
                FloatVector a = FloatVector.fromArray(S, wk.gw2, c * Hp + jv);
                for (int r = 0; r < n; r++) a = FloatVector.broadcast(S, DU[r * Cp + c]).fma(FloatVector.fromArray(S, Hh, r * Hp + jv), a);
                a.intoArray(wk.gw2, c * Hp + jv);
            }
        for (int cv = 0; cv < Cp; cv += L) {
            FloatVector b = FloatVector.fromArray(S, wk.gb2, cv);
            for (int r = 0; r < n; r++) b = b.add(FloatVector.fromArray(S, DU, r * Cp + cv));
            b.intoArray(wk.gb2, cv);
        }
    }
}
