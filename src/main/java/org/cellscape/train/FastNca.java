package org.cellscape.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.cellscape.backend.cpu.Blocking;
import org.cellscape.model.NcaModel;

/**
 * The training rollout in float32 with the Vector API: forward steps that compute exactly
 * {@link org.cellscape.engine.ReferenceStep} (same fma chains in the same order, same clipping; tested bit for bit),
 * and the hand-written backward pass through them (backpropagation through time).
 *
 * <p>The hidden layer is vectorised over hidden units and the update over channels, so each lane runs the
 * reference's own fma chain. The backward pass recomputes perception from the stored state of each step; hidden
 * and update values come from the forward pass's {@link Tape} when the Work has one, else they are recomputed too
 * (the state is 12 floats a cell, the activations 96+: the tape is optional for large rollouts).
 * Cells that do not fire skip the MLP both ways. One instance per weight set; {@link Work} is per thread.
 */
public final class FastNca {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** R: control inputs (rules) per cell, after the C*K perception features (ck = C*K); planes: see {@link #planes}. */
    final int C, K, H, IN, R, ck, Hp, CKp, Cp, planes;
    /** The hidden layer's register block: cells x vectors of hidden units (see {@link #blocking}). */
    final int cells, vectors;
    final float[][] kern;
    final float clipP, clipH, clipU, clipS;
    /**
     * w1T [IN][Hp], b1 [Hp], w2T [H][Cp], b2 [Cp], w2 [C][Hp]; w1k [Hp][CKp]: w1's perception columns kernel-major
     * (k * C + c), the layout of {@link RowPerception}'s planes. Padding is zero.
     */
    final float[] w1T, b1, w2T, b2, w1k, w2;

    public FastNca(NcaModel template, NcaParams p) {
        this(template, p, blocking(Blocking.vectorRegisters()));
    }

    /** With a given hidden-layer block shape, {8, 2} or {4, 3} (tests run both). */
    FastNca(NcaModel template, NcaParams p, int[] shape) {
        if (!(shape[0] == 8 && shape[1] == 2) && !(shape[0] == 4 && shape[1] == 3))
            throw new IllegalArgumentException("no trainer kernel for blocking " + shape[0] + "x" + shape[1]);
        C = template.channels();
        K = template.kernelCount();
        H = template.hidden();
        IN = template.inputs();
        R = template.extraInputs();
        ck = C * K;
        cells = shape[0];
        vectors = shape[1];
        Hp = (H + 6 * L - 1) / (6 * L) * (6 * L); // whole blocks of 2 and of 3 vectors
        CKp = (ck + 3 * L - 1) / (3 * L) * (3 * L); // the inputs that need a gradient: the controls have none upstream
        Cp = roundUp(C);
        planes = K + (R + C - 1) / C;
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
        w1k = new float[Hp * CKp];
        w2 = new float[C * Hp];
        for (int j = 0; j < H; j++) {
            b1[j] = p.b1[j];
            for (int i = 0; i < IN; i++) {
                w1T[i * Hp + j] = p.w1[j * IN + i];
                if (i < ck) w1k[j * CKp + i % K * C + i / K] = p.w1[j * IN + i];
            }
            for (int c = 0; c < C; c++) {
                w2T[j * Cp + c] = p.w2[c * H + j];
                w2[c * Hp + j] = p.w2[c * H + j];
            }
        }
        System.arraycopy(p.b2, 0, b2, 0, C);
    }

    /**
     * Block shape of the hidden layer for a register file: cells x vectors accumulators, plus the vectors of
     * weights and a broadcast, must fit (measured with bench/ceiling.sh, as the cpu backend's).
     */
    static int[] blocking(int registers) {
        String p = System.getProperty("cellscape.train.blocking"); // "8x2" or "4x3", for measuring the other shape
        if (p != null) return p.equals("8x2") ? new int[]{8, 2} : new int[]{4, 3};
        return registers >= 32 ? new int[]{8, 2} : new int[]{4, 3};
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
        final float[] du = new float[Cp];
        int[] xs = new int[0];
        /** The row's perception (all cells), and where input i of a cell at column x is: x * C + qOf[i]. */
        RowPerception rp;
        int[] qOf = new int[0];
        /** One row of firing cells: hidden, update; dA, dU and dP (kernel-major, CKp a cell) in the backward pass. */
        float[] rowH = new float[0], rowU = new float[0], rowDA = new float[0], rowDU = new float[0], rowDP = new float[0];
        /** The forward pass's activations for the backward pass, or null to recompute them. */
        Tape tape;
        /** Gradients: gw1T [IN][Hp], gb1 [Hp], gw2 [C][Hp], gb2 [Cp]. */
        final float[] gw1T = new float[IN * Hp], gb1 = new float[Hp], gw2 = new float[C * Hp], gb2 = new float[Cp];

        void ensureRow(int w) {
            if (rp == null || rp.w != w) {
                xs = new int[w];
                rp = new RowPerception(kern, C, clipP, w, planes);
                qOf = new int[IN];
                // perception input c*K + k lies in plane k; control r in plane K + r / C, at channel position r % C
                for (int i = 0; i < IN; i++)
                    qOf[i] = i < ck ? i % K * rp.KS + i / K : (K + (i - ck) / C) * rp.KS + (i - ck) % C;
                rowH = new float[w * Hp];
                rowU = new float[w * Cp];
                rowDA = new float[w * Hp];
                rowDU = new float[w * Cp];
                rowDP = new float[w * CKp];
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

    /** A work area that keeps the forward pass's activations on {@code tape} (made by {@link #tape}) for the backward pass. */
    public Work work(Tape tape) {
        Work w = new Work();
        w.tape = tape;
        return w;
    }

    /** An empty tape for this network's shapes, or null when a rollout would need more than {@link Tape#BUDGET}. */
    Tape tape(int steps, long cells, double fireRate) {
        return Tape.bytesFor(steps, cells, fireRate, Hp, Cp) <= Tape.BUDGET ? new Tape(Hp, Cp) : null;
    }

    /** Whether {@code t} (from any instance) fits this network's shapes. */
    boolean fits(Tape t) {
        return t != null && t.fits(Hp, Cp);
    }

    /** Runs mask.steps() steps on a w x h torus: states[0] is the input, states[s+1] the state after step s. */
    public void forward(float[][] states, int w, int h, FireMask mask, Work wk) {
        forward(states, w, h, null, mask, wk);
    }

    /** As {@link #forward(float[][], int, int, FireMask, Work)} with R control inputs per cell ({@code ctl[(y*w+x)*R+r]}, null = zero). */
    public void forward(float[][] states, int w, int h, float[] ctl, FireMask mask, Work wk) {
        if (wk.tape != null) wk.tape.start(mask.steps(), h);
        for (int s = 0; s < mask.steps(); s++) step(states[s], states[s + 1], w, h, ctl, mask, s, wk);
    }

    /** One step, src to dst, the reference's arithmetic. */
    public void step(float[] src, float[] dst, int w, int h, FireMask mask, int s, Work wk) {
        step(src, dst, w, h, null, mask, s, wk);
    }

    /** One step with control inputs (as {@link org.cellscape.engine.ReferenceStep} takes them; null = zero). */
    public void step(float[] src, float[] dst, int w, int h, float[] ctl, FireMask mask, int s, Work wk) {
        wk.ensureRow(w);
        wk.rp.newSource();
        for (int y = 0; y < h; y++) {
            int n = firing(src, dst, w, y, mask, s, wk);
            perceive(src, w, h, y, n, ctl, wk);
            mlp(wk, n);
            if (wk.tape != null) wk.tape.save(s, y, wk.rowH, wk.rowU, n);
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

    /** Perception of the whole row (wk.rp), with the firing cells' control inputs after the perception features. */
    private void perceive(float[] src, int w, int h, int y, int n, float[] ctl, Work wk) {
        final float[] P = wk.rp.p;
        wk.rp.forward(src, h, y);
        // control inputs as given, after the perception features (the hidden chain runs over all IN inputs)
        for (int r = 0; r < n && R > 0; r++) {
            final int x = wk.xs[r];
            for (int i = ck; i < IN; i++) P[x * C + wk.qOf[i]] = ctl == null ? 0f : ctl[(y * w + x) * R + i - ck];
        }
    }

    /**
     * Hidden (rowH) and unclipped update (rowU) of the row's n firing cells from their perception, several cells at
     * a time so each weight vector loaded serves several fma chains (each still the reference's): the hidden layer
     * in blocks of {@link #cells} x {@link #vectors}, the update four cells at a time.
     */
    private void mlp(Work wk, int n) {
        for (int r0 = 0; r0 < n; r0 += cells)
            if (cells == 8) hidden8x2(wk, r0, n);
            else hidden4x3(wk, r0, n);
        for (int r0 = 0; r0 < n; r0 += 8) update8(wk, r0, n);
    }

    /**
     * Unclipped update of the row's cells r0 .. r0+7 (slots past n-1 repeat cell n-1): the reference's chain over
     * hidden units. Eight cells give eight independent FMA chains, enough to cover the FMA latency (four did not).
     */
    private void update8(Work wk, int r0, int n) {
        final float[] HID = wk.rowH, U = wk.rowU;
        final int r1 = Math.min(r0 + 1, n - 1), r2 = Math.min(r0 + 2, n - 1), r3 = Math.min(r0 + 3, n - 1),
                r4 = Math.min(r0 + 4, n - 1), r5 = Math.min(r0 + 5, n - 1), r6 = Math.min(r0 + 6, n - 1), r7 = Math.min(r0 + 7, n - 1);
        final int h0 = r0 * Hp, h1 = r1 * Hp, h2 = r2 * Hp, h3 = r3 * Hp, h4 = r4 * Hp, h5 = r5 * Hp, h6 = r6 * Hp, h7 = r7 * Hp;
        for (int cv = 0; cv < Cp; cv += L) {
            FloatVector a0 = FloatVector.fromArray(S, b2, cv), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            for (int j = 0; j < H; j++) {
                FloatVector wv = FloatVector.fromArray(S, w2T, j * Cp + cv);
                a0 = FloatVector.broadcast(S, HID[h0 + j]).fma(wv, a0);
                a1 = FloatVector.broadcast(S, HID[h1 + j]).fma(wv, a1);
                a2 = FloatVector.broadcast(S, HID[h2 + j]).fma(wv, a2);
                a3 = FloatVector.broadcast(S, HID[h3 + j]).fma(wv, a3);
                a4 = FloatVector.broadcast(S, HID[h4 + j]).fma(wv, a4);
                a5 = FloatVector.broadcast(S, HID[h5 + j]).fma(wv, a5);
                a6 = FloatVector.broadcast(S, HID[h6 + j]).fma(wv, a6);
                a7 = FloatVector.broadcast(S, HID[h7 + j]).fma(wv, a7);
            }
            // Slots past n-1 all hold cell n-1: each copy computes and stores the same values.
            a7.intoArray(U, r7 * Cp + cv);
            a6.intoArray(U, r6 * Cp + cv);
            a5.intoArray(U, r5 * Cp + cv);
            a4.intoArray(U, r4 * Cp + cv);
            a3.intoArray(U, r3 * Cp + cv);
            a2.intoArray(U, r2 * Cp + cv);
            a1.intoArray(U, r1 * Cp + cv);
            a0.intoArray(U, r0 * Cp + cv);
        }
    }

    /** Hidden layer of the row's cells r0 .. r0+7 (slots past n-1 repeat cell n-1), 2 vectors of units at a time. */
    private void hidden8x2(Work wk, int r0, int n) {
        final float[] P = wk.rp.p, HID = wk.rowH;
        final int[] q = wk.qOf, xs = wk.xs;
        final FloatVector zero = FloatVector.zero(S), hiV = FloatVector.broadcast(S, clipH);
        final int r1 = Math.min(r0 + 1, n - 1), r2 = Math.min(r0 + 2, n - 1), r3 = Math.min(r0 + 3, n - 1), r4 = Math.min(r0 + 4, n - 1), r5 = Math.min(r0 + 5, n - 1), r6 = Math.min(r0 + 6, n - 1), r7 = Math.min(r0 + 7, n - 1);
        final int p0 = xs[r0] * C, p1 = xs[r1] * C, p2 = xs[r2] * C, p3 = xs[r3] * C, p4 = xs[r4] * C, p5 = xs[r5] * C, p6 = xs[r6] * C, p7 = xs[r7] * C;
        for (int jv = 0; jv < Hp; jv += 2 * L) {
            final FloatVector bias0 = FloatVector.fromArray(S, b1, jv), bias1 = FloatVector.fromArray(S, b1, jv + L);
            FloatVector a00 = bias0, a01 = bias1, a10 = bias0, a11 = bias1,
                    a20 = bias0, a21 = bias1, a30 = bias0, a31 = bias1,
                    a40 = bias0, a41 = bias1, a50 = bias0, a51 = bias1,
                    a60 = bias0, a61 = bias1, a70 = bias0, a71 = bias1;
            for (int i = 0, wo = jv; i < IN; i++, wo += Hp) {
                final FloatVector w0 = FloatVector.fromArray(S, w1T, wo), w1 = FloatVector.fromArray(S, w1T, wo + L);
                final int qi = q[i];
                FloatVector x;
                x = FloatVector.broadcast(S, P[p0 + qi]);
                a00 = x.fma(w0, a00); a01 = x.fma(w1, a01);
                x = FloatVector.broadcast(S, P[p1 + qi]);
                a10 = x.fma(w0, a10); a11 = x.fma(w1, a11);
                x = FloatVector.broadcast(S, P[p2 + qi]);
                a20 = x.fma(w0, a20); a21 = x.fma(w1, a21);
                x = FloatVector.broadcast(S, P[p3 + qi]);
                a30 = x.fma(w0, a30); a31 = x.fma(w1, a31);
                x = FloatVector.broadcast(S, P[p4 + qi]);
                a40 = x.fma(w0, a40); a41 = x.fma(w1, a41);
                x = FloatVector.broadcast(S, P[p5 + qi]);
                a50 = x.fma(w0, a50); a51 = x.fma(w1, a51);
                x = FloatVector.broadcast(S, P[p6 + qi]);
                a60 = x.fma(w0, a60); a61 = x.fma(w1, a61);
                x = FloatVector.broadcast(S, P[p7 + qi]);
                a70 = x.fma(w0, a70); a71 = x.fma(w1, a71);
            }
            // last slot first: a repeated cell ends up with its own (equal) values either way. ReLU and clip are
            // compares and blends: Math.max(v, 0f) and Math.min(r, clipH) exactly (NaN stays, -0 becomes +0), in far
            // fewer instructions than the JIT's signed-zero-and-NaN-exact vector max/min.
            final int h7 = r7 * Hp + jv;
            a70 = a70.blend(zero, a70.compare(VectorOperators.LE, zero)); a70 = a70.blend(hiV, a70.compare(VectorOperators.GT, hiV)); a70.intoArray(HID, h7);
            a71 = a71.blend(zero, a71.compare(VectorOperators.LE, zero)); a71 = a71.blend(hiV, a71.compare(VectorOperators.GT, hiV)); a71.intoArray(HID, h7 + L);
            final int h6 = r6 * Hp + jv;
            a60 = a60.blend(zero, a60.compare(VectorOperators.LE, zero)); a60 = a60.blend(hiV, a60.compare(VectorOperators.GT, hiV)); a60.intoArray(HID, h6);
            a61 = a61.blend(zero, a61.compare(VectorOperators.LE, zero)); a61 = a61.blend(hiV, a61.compare(VectorOperators.GT, hiV)); a61.intoArray(HID, h6 + L);
            final int h5 = r5 * Hp + jv;
            a50 = a50.blend(zero, a50.compare(VectorOperators.LE, zero)); a50 = a50.blend(hiV, a50.compare(VectorOperators.GT, hiV)); a50.intoArray(HID, h5);
            a51 = a51.blend(zero, a51.compare(VectorOperators.LE, zero)); a51 = a51.blend(hiV, a51.compare(VectorOperators.GT, hiV)); a51.intoArray(HID, h5 + L);
            final int h4 = r4 * Hp + jv;
            a40 = a40.blend(zero, a40.compare(VectorOperators.LE, zero)); a40 = a40.blend(hiV, a40.compare(VectorOperators.GT, hiV)); a40.intoArray(HID, h4);
            a41 = a41.blend(zero, a41.compare(VectorOperators.LE, zero)); a41 = a41.blend(hiV, a41.compare(VectorOperators.GT, hiV)); a41.intoArray(HID, h4 + L);
            final int h3 = r3 * Hp + jv;
            a30 = a30.blend(zero, a30.compare(VectorOperators.LE, zero)); a30 = a30.blend(hiV, a30.compare(VectorOperators.GT, hiV)); a30.intoArray(HID, h3);
            a31 = a31.blend(zero, a31.compare(VectorOperators.LE, zero)); a31 = a31.blend(hiV, a31.compare(VectorOperators.GT, hiV)); a31.intoArray(HID, h3 + L);
            final int h2 = r2 * Hp + jv;
            a20 = a20.blend(zero, a20.compare(VectorOperators.LE, zero)); a20 = a20.blend(hiV, a20.compare(VectorOperators.GT, hiV)); a20.intoArray(HID, h2);
            a21 = a21.blend(zero, a21.compare(VectorOperators.LE, zero)); a21 = a21.blend(hiV, a21.compare(VectorOperators.GT, hiV)); a21.intoArray(HID, h2 + L);
            final int h1 = r1 * Hp + jv;
            a10 = a10.blend(zero, a10.compare(VectorOperators.LE, zero)); a10 = a10.blend(hiV, a10.compare(VectorOperators.GT, hiV)); a10.intoArray(HID, h1);
            a11 = a11.blend(zero, a11.compare(VectorOperators.LE, zero)); a11 = a11.blend(hiV, a11.compare(VectorOperators.GT, hiV)); a11.intoArray(HID, h1 + L);
            final int h0 = r0 * Hp + jv;
            a00 = a00.blend(zero, a00.compare(VectorOperators.LE, zero)); a00 = a00.blend(hiV, a00.compare(VectorOperators.GT, hiV)); a00.intoArray(HID, h0);
            a01 = a01.blend(zero, a01.compare(VectorOperators.LE, zero)); a01 = a01.blend(hiV, a01.compare(VectorOperators.GT, hiV)); a01.intoArray(HID, h0 + L);
        }
    }

    /** Hidden layer of the row's cells r0 .. r0+3 (slots past n-1 repeat cell n-1), 3 vectors of units at a time. */
    private void hidden4x3(Work wk, int r0, int n) {
        final float[] P = wk.rp.p, HID = wk.rowH;
        final int[] q = wk.qOf, xs = wk.xs;
        final FloatVector zero = FloatVector.zero(S), hiV = FloatVector.broadcast(S, clipH);
        final int r1 = Math.min(r0 + 1, n - 1), r2 = Math.min(r0 + 2, n - 1), r3 = Math.min(r0 + 3, n - 1);
        final int p0 = xs[r0] * C, p1 = xs[r1] * C, p2 = xs[r2] * C, p3 = xs[r3] * C;
        for (int jv = 0; jv < Hp; jv += 3 * L) {
            final FloatVector bias0 = FloatVector.fromArray(S, b1, jv), bias1 = FloatVector.fromArray(S, b1, jv + L), bias2 = FloatVector.fromArray(S, b1, jv + 2 * L);
            FloatVector a00 = bias0, a01 = bias1, a02 = bias2, a10 = bias0, a11 = bias1, a12 = bias2,
                    a20 = bias0, a21 = bias1, a22 = bias2, a30 = bias0, a31 = bias1, a32 = bias2;
            for (int i = 0, wo = jv; i < IN; i++, wo += Hp) {
                final FloatVector w0 = FloatVector.fromArray(S, w1T, wo), w1 = FloatVector.fromArray(S, w1T, wo + L), w2 = FloatVector.fromArray(S, w1T, wo + 2 * L);
                final int qi = q[i];
                FloatVector x;
                x = FloatVector.broadcast(S, P[p0 + qi]);
                a00 = x.fma(w0, a00); a01 = x.fma(w1, a01); a02 = x.fma(w2, a02);
                x = FloatVector.broadcast(S, P[p1 + qi]);
                a10 = x.fma(w0, a10); a11 = x.fma(w1, a11); a12 = x.fma(w2, a12);
                x = FloatVector.broadcast(S, P[p2 + qi]);
                a20 = x.fma(w0, a20); a21 = x.fma(w1, a21); a22 = x.fma(w2, a22);
                x = FloatVector.broadcast(S, P[p3 + qi]);
                a30 = x.fma(w0, a30); a31 = x.fma(w1, a31); a32 = x.fma(w2, a32);
            }
            // last slot first: a repeated cell ends up with its own (equal) values either way. ReLU and clip are
            // compares and blends: Math.max(v, 0f) and Math.min(r, clipH) exactly (NaN stays, -0 becomes +0), in far
            // fewer instructions than the JIT's signed-zero-and-NaN-exact vector max/min.
            final int h3 = r3 * Hp + jv;
            a30 = a30.blend(zero, a30.compare(VectorOperators.LE, zero)); a30 = a30.blend(hiV, a30.compare(VectorOperators.GT, hiV)); a30.intoArray(HID, h3);
            a31 = a31.blend(zero, a31.compare(VectorOperators.LE, zero)); a31 = a31.blend(hiV, a31.compare(VectorOperators.GT, hiV)); a31.intoArray(HID, h3 + L);
            a32 = a32.blend(zero, a32.compare(VectorOperators.LE, zero)); a32 = a32.blend(hiV, a32.compare(VectorOperators.GT, hiV)); a32.intoArray(HID, h3 + 2 * L);
            final int h2 = r2 * Hp + jv;
            a20 = a20.blend(zero, a20.compare(VectorOperators.LE, zero)); a20 = a20.blend(hiV, a20.compare(VectorOperators.GT, hiV)); a20.intoArray(HID, h2);
            a21 = a21.blend(zero, a21.compare(VectorOperators.LE, zero)); a21 = a21.blend(hiV, a21.compare(VectorOperators.GT, hiV)); a21.intoArray(HID, h2 + L);
            a22 = a22.blend(zero, a22.compare(VectorOperators.LE, zero)); a22 = a22.blend(hiV, a22.compare(VectorOperators.GT, hiV)); a22.intoArray(HID, h2 + 2 * L);
            final int h1 = r1 * Hp + jv;
            a10 = a10.blend(zero, a10.compare(VectorOperators.LE, zero)); a10 = a10.blend(hiV, a10.compare(VectorOperators.GT, hiV)); a10.intoArray(HID, h1);
            a11 = a11.blend(zero, a11.compare(VectorOperators.LE, zero)); a11 = a11.blend(hiV, a11.compare(VectorOperators.GT, hiV)); a11.intoArray(HID, h1 + L);
            a12 = a12.blend(zero, a12.compare(VectorOperators.LE, zero)); a12 = a12.blend(hiV, a12.compare(VectorOperators.GT, hiV)); a12.intoArray(HID, h1 + 2 * L);
            final int h0 = r0 * Hp + jv;
            a00 = a00.blend(zero, a00.compare(VectorOperators.LE, zero)); a00 = a00.blend(hiV, a00.compare(VectorOperators.GT, hiV)); a00.intoArray(HID, h0);
            a01 = a01.blend(zero, a01.compare(VectorOperators.LE, zero)); a01 = a01.blend(hiV, a01.compare(VectorOperators.GT, hiV)); a01.intoArray(HID, h0 + L);
            a02 = a02.blend(zero, a02.compare(VectorOperators.LE, zero)); a02 = a02.blend(hiV, a02.compare(VectorOperators.GT, hiV)); a02.intoArray(HID, h0 + 2 * L);
        }
    }


    /**
     * Backpropagates dL/d(states[steps]) (in {@code g}, w*h*C) to dL/d(states[0]) through every step, adding the
     * weight gradients to wk. Returns the gradient with respect to the initial state (g's buffer or spare's).
     */
    public float[] backward(float[][] states, int w, int h, FireMask mask, float[] g, float[] spare, Work wk) {
        return backward(states, w, h, null, mask, g, spare, wk);
    }

    /** As {@link #backward(float[][], int, int, FireMask, float[], float[], Work)} for a rollout with control inputs. */
    public float[] backward(float[][] states, int w, int h, float[] ctl, FireMask mask, float[] g, float[] spare, Work wk) {
        float[] gIn = g, gOut = spare;
        for (int s = mask.steps() - 1; s >= 0; s--) {
            java.util.Arrays.fill(gOut, 0f);
            backStep(states[s], gIn, gOut, w, h, ctl, mask, s, wk);
            float[] t = gIn; gIn = gOut; gOut = t;
        }
        return gIn;
    }

    /** gOut += dL/d(src) given gIn = dL/d(dst) for one step. */
    void backStep(float[] src, float[] gIn, float[] gOut, int w, int h, float[] ctl, FireMask mask, int s, Work wk) {
        wk.ensureRow(w);
        wk.rp.newSource();
        for (int y = 0; y < h; y++) {
            long rk = mask.rowKey(s, y);
            for (int x = 0; x < w; x++) {
                if (mask.fires(rk, x)) continue;
                int self = (y * w + x) * C;
                for (int c = 0; c < C; c++) gOut[self + c] += gIn[self + c];
            }
            int n = firing(src, null, w, y, mask, s, wk);
            perceive(src, w, h, y, n, ctl, wk);
            if (wk.tape != null && wk.tape.has(s)) wk.tape.load(s, y, wk.rowH, wk.rowU, n);
            else mlp(wk, n);
            for (int r = 0; r < n; r++) cellBackward(src, gIn, gOut, (y * w + wk.xs[r]) * C, r, wk);
            for (int r0 = 0; r0 < n; r0 += 4) inputGradient4x3(wk, r0, n);
            wk.rp.clearGradient();
            for (int r = 0; r < n; r++) wk.rp.setGradient(wk.xs[r], wk.rowDP, r * CKp);
            wk.rp.backward(gOut, h, y);
            accumulateRow(wk, n);
        }
    }

    /**
     * Back through firing cell r's update and clips: the skip path into gOut, dU into rowDU, dA into rowDA.
     * A method of its own (as every vector loop here): called per cell, the JIT compiles it within the first steps.
     */
    private void cellBackward(float[] src, float[] gIn, float[] gOut, int self, int r, Work wk) {
        final FloatVector zero = FloatVector.zero(S), hiV = FloatVector.broadcast(S, clipH);
        final float[] du = wk.du;
        final int uo = r * Cp, ho = r * Hp;
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
            return;
        }
        // dh = W2^T du, masked by the hidden clip (0 < h < clipH); 3 vectors at once, so 3 chains in flight
        for (int jv = 0; jv < Hp; jv += 3 * L) {
            FloatVector a0 = zero, a1 = zero, a2 = zero;
            for (int c = 0, wo = jv; c < C; c++, wo += Hp) {
                final FloatVector d = FloatVector.broadcast(S, du[c]);
                a0 = d.fma(FloatVector.fromArray(S, w2, wo), a0);
                a1 = d.fma(FloatVector.fromArray(S, w2, wo + L), a1);
                a2 = d.fma(FloatVector.fromArray(S, w2, wo + 2 * L), a2);
            }
            hiddenMask(a0, wk.rowH, wk.rowDA, ho + jv, hiV);
            hiddenMask(a1, wk.rowH, wk.rowDA, ho + jv + L, hiV);
            hiddenMask(a2, wk.rowH, wk.rowDA, ho + jv + 2 * L, hiV);
        }
    }

    /** dA = the hidden unit's gradient where 0 < h < clipH, else 0 (a clipped unit passes nothing). */
    private static void hiddenMask(FloatVector g, float[] hid, float[] da, int o, FloatVector hiV) {
        final FloatVector zero = FloatVector.zero(S), hv = FloatVector.fromArray(S, hid, o);
        zero.blend(g, hv.compare(VectorOperators.GT, zero).and(hv.compare(VectorOperators.LT, hiV))).intoArray(da, o);
    }

    /**
     * dp = W1^T dA for the row's cells r0 .. r0+3 (slots past n-1 repeat cell n-1) into rowDP, kernel-major (k * C + c,
     * as w1k's columns; the controls get none): 4 cells x 3 vectors of
     * inputs (12 accumulators, one chain per lane over the hidden units), so each row of W1 loaded serves 4 cells.
     */
    private void inputGradient4x3(Work wk, int r0, int n) {
        final float[] DA = wk.rowDA, DP = wk.rowDP;
        final int r1 = Math.min(r0 + 1, n - 1), r2 = Math.min(r0 + 2, n - 1), r3 = Math.min(r0 + 3, n - 1);
        final int d0 = r0 * Hp, d1 = r1 * Hp, d2 = r2 * Hp, d3 = r3 * Hp;
        for (int iv = 0; iv < CKp; iv += 3 * L) {
            FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00,
                    a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
            for (int j = 0, wo = iv; j < H; j++, wo += CKp) {
                final FloatVector v0 = FloatVector.fromArray(S, w1k, wo), v1 = FloatVector.fromArray(S, w1k, wo + L),
                        v2 = FloatVector.fromArray(S, w1k, wo + 2 * L);
                FloatVector x = FloatVector.broadcast(S, DA[d0 + j]);
                a00 = x.fma(v0, a00); a01 = x.fma(v1, a01); a02 = x.fma(v2, a02);
                x = FloatVector.broadcast(S, DA[d1 + j]);
                a10 = x.fma(v0, a10); a11 = x.fma(v1, a11); a12 = x.fma(v2, a12);
                x = FloatVector.broadcast(S, DA[d2 + j]);
                a20 = x.fma(v0, a20); a21 = x.fma(v1, a21); a22 = x.fma(v2, a22);
                x = FloatVector.broadcast(S, DA[d3 + j]);
                a30 = x.fma(v0, a30); a31 = x.fma(v1, a31); a32 = x.fma(v2, a32);
            }
            final int o3 = r3 * CKp + iv, o2 = r2 * CKp + iv, o1 = r1 * CKp + iv, o0 = r0 * CKp + iv;
            a30.intoArray(DP, o3); a31.intoArray(DP, o3 + L); a32.intoArray(DP, o3 + 2 * L);
            a20.intoArray(DP, o2); a21.intoArray(DP, o2 + L); a22.intoArray(DP, o2 + 2 * L);
            a10.intoArray(DP, o1); a11.intoArray(DP, o1 + L); a12.intoArray(DP, o1 + 2 * L);
            a00.intoArray(DP, o0); a01.intoArray(DP, o0 + L); a02.intoArray(DP, o0 + 2 * L);
        }
    }

    /** Weight gradients of a row's firing cells: gw1T += P^T DA, gw2 += DU^T Hid, biases += column sums. */
    /** W1's gradient for the inputs 0 .. 4k-1 in blocks of 4 inputs x 3 vectors; returns 4k, where the rest starts. */
    private int accumulateW1x4x3(Work wk, int n) {
        final float[] P = wk.rp.p, DA = wk.rowDA, G = wk.gw1T;
        final int[] q = wk.qOf, xs = wk.xs;
        int i = 0;
        for (; i + 4 <= IN; i += 4)
            for (int jv = 0; jv < Hp; jv += 3 * L) {
                final int g0 = i * Hp + jv, g1 = g0 + Hp, g2 = g1 + Hp, g3 = g2 + Hp;
                final int q0 = q[i], q1 = q[i + 1], q2 = q[i + 2], q3 = q[i + 3];
                FloatVector a00 = FloatVector.fromArray(S, G, g0), a01 = FloatVector.fromArray(S, G, g0 + L), a02 = FloatVector.fromArray(S, G, g0 + 2 * L),
                        a10 = FloatVector.fromArray(S, G, g1), a11 = FloatVector.fromArray(S, G, g1 + L), a12 = FloatVector.fromArray(S, G, g1 + 2 * L),
                        a20 = FloatVector.fromArray(S, G, g2), a21 = FloatVector.fromArray(S, G, g2 + L), a22 = FloatVector.fromArray(S, G, g2 + 2 * L),
                        a30 = FloatVector.fromArray(S, G, g3), a31 = FloatVector.fromArray(S, G, g3 + L), a32 = FloatVector.fromArray(S, G, g3 + 2 * L);
                for (int r = 0; r < n; r++) {
                    final int d = r * Hp + jv;
                    final FloatVector d0 = FloatVector.fromArray(S, DA, d), d1 = FloatVector.fromArray(S, DA, d + L), d2 = FloatVector.fromArray(S, DA, d + 2 * L);
                    final int o = xs[r] * C;
                    FloatVector x = FloatVector.broadcast(S, P[o + q0]);
                    a00 = x.fma(d0, a00); a01 = x.fma(d1, a01); a02 = x.fma(d2, a02);
                    x = FloatVector.broadcast(S, P[o + q1]);
                    a10 = x.fma(d0, a10); a11 = x.fma(d1, a11); a12 = x.fma(d2, a12);
                    x = FloatVector.broadcast(S, P[o + q2]);
                    a20 = x.fma(d0, a20); a21 = x.fma(d1, a21); a22 = x.fma(d2, a22);
                    x = FloatVector.broadcast(S, P[o + q3]);
                    a30 = x.fma(d0, a30); a31 = x.fma(d1, a31); a32 = x.fma(d2, a32);
                }
                a00.intoArray(G, g0); a01.intoArray(G, g0 + L); a02.intoArray(G, g0 + 2 * L);
                a10.intoArray(G, g1); a11.intoArray(G, g1 + L); a12.intoArray(G, g1 + 2 * L);
                a20.intoArray(G, g2); a21.intoArray(G, g2 + L); a22.intoArray(G, g2 + 2 * L);
                a30.intoArray(G, g3); a31.intoArray(G, g3 + L); a32.intoArray(G, g3 + 2 * L);
            }
        return i;
    }

    private void accumulateRow(Work wk, int n) {
        if (n == 0) return;
        final float[] P = wk.rp.p, DA = wk.rowDA, Hh = wk.rowH, DU = wk.rowDU;
        final int[] q = wk.qOf, xs = wk.xs;
        // 4 inputs x 2 vectors: 8 independent chains (over the cells, in order) so the FMAs do not wait on each other;
        // 4 x 3 (12 chains, 3 loads of dA per 12 FMAs) where the hidden layer is 4x3 (16 registers). Every chain runs
        // over the same cells in the same order either way: the same bits.
        final float[] G = wk.gw1T;
        int i = vectors == 3 ? accumulateW1x4x3(wk, n) : 0;
        for (; i + 4 <= IN; i += 4)
            for (int jv = 0; jv < Hp; jv += 2 * L) {
                final int g0 = i * Hp + jv, g1 = g0 + Hp, g2 = g1 + Hp, g3 = g2 + Hp;
                final int q0 = q[i], q1 = q[i + 1], q2 = q[i + 2], q3 = q[i + 3];
                FloatVector a00 = FloatVector.fromArray(S, G, g0), a01 = FloatVector.fromArray(S, G, g0 + L),
                        a10 = FloatVector.fromArray(S, G, g1), a11 = FloatVector.fromArray(S, G, g1 + L),
                        a20 = FloatVector.fromArray(S, G, g2), a21 = FloatVector.fromArray(S, G, g2 + L),
                        a30 = FloatVector.fromArray(S, G, g3), a31 = FloatVector.fromArray(S, G, g3 + L);
                for (int r = 0; r < n; r++) {
                    final FloatVector d0 = FloatVector.fromArray(S, DA, r * Hp + jv), d1 = FloatVector.fromArray(S, DA, r * Hp + jv + L);
                    final int o = xs[r] * C;
                    FloatVector x = FloatVector.broadcast(S, P[o + q0]);
                    a00 = x.fma(d0, a00); a01 = x.fma(d1, a01);
                    x = FloatVector.broadcast(S, P[o + q1]);
                    a10 = x.fma(d0, a10); a11 = x.fma(d1, a11);
                    x = FloatVector.broadcast(S, P[o + q2]);
                    a20 = x.fma(d0, a20); a21 = x.fma(d1, a21);
                    x = FloatVector.broadcast(S, P[o + q3]);
                    a30 = x.fma(d0, a30); a31 = x.fma(d1, a31);
                }
                a00.intoArray(G, g0); a01.intoArray(G, g0 + L);
                a10.intoArray(G, g1); a11.intoArray(G, g1 + L);
                a20.intoArray(G, g2); a21.intoArray(G, g2 + L);
                a30.intoArray(G, g3); a31.intoArray(G, g3 + L);
            }
        for (; i < IN; i++)
            for (int jv = 0; jv < Hp; jv += L) {
                FloatVector a0 = FloatVector.fromArray(S, wk.gw1T, i * Hp + jv);
                for (int r = 0; r < n; r++) a0 = FloatVector.broadcast(S, P[xs[r] * C + q[i]]).fma(FloatVector.fromArray(S, DA, r * Hp + jv), a0);
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
