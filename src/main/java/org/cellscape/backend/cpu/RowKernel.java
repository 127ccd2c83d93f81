package org.cellscape.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.cellscape.engine.ReferenceStep;
import org.cellscape.engine.Rng;
import org.cellscape.engine.Tile;

/**
 * One worker's step kernel and scratch: fire test, perception, MLP and update, fused, one row at a time.
 *
 * <p>Per row: copy the row (non-firing cells stay as they are); list the firing cells (branch-free); compute the
 * perception of the row's span densely, lanes over the interleaved (x, channel) floats; then run the firing cells
 * through the MLP in batches of {@link #BATCH}. Layer 1 loads each weight vector once per batch and feeds it to 8
 * independent FMA chains per vector (register blocking: 8 cells x {@link #STRIP} vectors = 16 accumulators);
 * layer 2 likewise runs 8 chains side by side.
 *
 * <p>Exactness: every float is produced by the same operations, in the same order, as {@link ReferenceStep}. Lanes
 * only ever run over independent outputs ((x, channel) pairs in perception, hidden units in layer 1, channels in
 * layer 2); each lane's chain of fused multiply-adds visits taps, inputs and hidden units in the reference's order
 * from the reference's start value, so the results are bit-identical. Vector max/min follow
 * {@link Math#max}/{@link Math#min} (NaN and signed zeros included).
 */
final class RowKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Vectors of hidden units per layer-1 pass. */
    static final int STRIP = 2;
    /** Firing cells computed together. The unrolled code below is written for exactly 8. */
    static final int BATCH = 8;

    private final PackedModel m;
    private final int hStride;
    private final float[] h, u;
    private final boolean clipP, clipH, clipU, clipS;
    /** Float offset in the row of each cell of the batch (x * C); unused slots repeat slot 0. */
    private final int[] cellBase = new int[BATCH];
    /** Per row: offset of each non-zero tap relative to the cell (rows and dx folded in). */
    private final int[] tapOffset;

    // Row scratch, sized to the widest row seen: firing columns, perception [k][x*C + c], feature i's index.
    private int[] firing = new int[0];
    private float[] p = new float[0];
    private int rowStride = -1;
    private int[] pIndex;

    // The step in progress (set by rows()).
    private float[] src, dst;
    private int width, height, rowBase, n;

    RowKernel(PackedModel m) {
        this.m = m;
        hStride = m.hPad;
        h = new float[BATCH * hStride];
        u = new float[BATCH * m.cPad];
        tapOffset = new int[m.tapIndex.length];
        clipP = !Float.isNaN(m.clipPerception);
        clipH = !Float.isNaN(m.clipHidden);
        clipU = !Float.isNaN(m.clipUpdate);
        clipS = !Float.isNaN(m.clipState);
    }

    /** Computes the cells [xa, xb) x [ya, yb) of one step of a width x height buffer. */
    void rows(float[] src, float[] dst, Tile geo, long stepKey, int threshold, int xa, int xb, int ya, int yb) {
        this.src = src;
        this.dst = dst;
        this.width = geo.width();
        this.height = geo.height();
        final int C = m.channels;
        ensureRowScratch(width);
        final int[] firing = this.firing;
        final long gx0 = geo.globalX(xa), cw = geo.canvasWidth();
        for (int y = ya; y < yb; y++) {
            rowBase = y * width * C;
            System.arraycopy(src, rowBase + xa * C, dst, rowBase + xa * C, (xb - xa) * C);
            if (threshold <= 0) continue;
            long rowKey = Rng.rowKey(stepKey, geo.globalY(y));
            long gx = gx0;
            int nf = 0;
            for (int x = xa; x < xb; x++) {
                firing[nf] = x; // kept only if the cell fires: no unpredictable branch
                nf += Rng.u24(rowKey, gx) < threshold ? 1 : 0;
                if (++gx == cw) gx = 0;
            }
            if (nf == 0) continue;
            perceiveRow(y, firing[0], firing[nf - 1] + 1);
            for (int s = 0; s < nf; s += BATCH) {
                n = Math.min(BATCH, nf - s);
                for (int b = 0; b < BATCH; b++) cellBase[b] = firing[s + (b < n ? b : 0)] * C;
                layer1();
                layer2();
            }
        }
        this.src = this.dst = null;
    }

    private void ensureRowScratch(int w) {
        int need = w * m.channels + L; // + L: the last full-vector store may run past the row
        if (rowStride >= need) return;
        rowStride = need;
        firing = new int[w];
        p = new float[m.kernels * rowStride];
        pIndex = new int[m.features];
        for (int i = 0; i < m.features; i++) pIndex[i] = (i % m.kernels) * rowStride + i / m.kernels;
    }

    /**
     * Perception of the cells [xa, xb) of row y into p[k * rowStride + x*C + c]: per kernel, an fma chain from +0
     * over its non-zero taps in row-major order, then the clip. Columns whose neighbours do not wrap are done as one
     * flat vector loop over (x, c); the wrapping end columns of a torus one cell at a time.
     */
    private void perceiveRow(int y, int xa, int xb) {
        final int C = m.channels, W = width, H = height;
        final int up = (y == 0 ? H - 1 : y - 1) * W * C - rowBase, dn = (y == H - 1 ? 0 : y + 1) * W * C - rowBase;
        final int[] ti = m.tapIndex, to = tapOffset;
        for (int q = 0; q < ti.length; q++) {
            int t = ti[q];
            to[q] = (t < 3 ? up : t < 6 ? 0 : dn) + (t % 3 - 1) * C;
        }
        int fa = Math.max(xa, 1) * C, fb = Math.min(xb, W - 1) * C;
        if (m.standardTaps) { // the usual kernels: straight-line code over whole vectors, the rest generic
            int end = fa + Math.max(0, fb - fa) / L * L;
            if (fa < end) perceiveStandard(fa, end, up, dn);
            fa = Math.max(fa, end);
        }
        if (fa < fb) perceiveFlat(fa, fb);
        if (xa == 0) perceiveCell(0, up, dn);
        if (xb == W && W > 1) perceiveCell(W - 1, up, dn);
    }

    /** Floats [fa, fb) of the row, all of whose neighbours lie inside their rows. */
    private void perceiveFlat(int fa, int fb) {
        final int K = m.kernels, R = rowStride, base = rowBase;
        final float[] src = this.src, tw = m.tapWeight, p = this.p;
        final int[] ts = m.tapStart, to = tapOffset;
        final int last = fb - L;
        for (int k = 0; k < K; k++) {
            final int qa = ts[k], qb = ts[k + 1], pk = k * R;
            for (int f = fa; f < fb; f += L) {
                FloatVector acc = FloatVector.zero(S);
                if (f <= last) {
                    for (int q = qa; q < qb; q++)
                        acc = FloatVector.fromArray(S, src, base + f + to[q]).fma(FloatVector.broadcast(S, tw[q]), acc);
                } else {
                    VectorMask<Float> mask = S.indexInRange(f, fb);
                    for (int q = qa; q < qb; q++)
                        acc = FloatVector.fromArray(S, src, base + f + to[q], mask).fma(FloatVector.broadcast(S, tw[q]), acc);
                    if (clipP) acc = acc.max(-m.clipPerception).min(m.clipPerception);
                    acc.intoArray(p, pk + f, mask);
                    break;
                }
                if (clipP) acc = acc.max(-m.clipPerception).min(m.clipPerception);
                acc.intoArray(p, pk + f);
            }
        }
    }

    /**
     * {@link #perceiveFlat} for the usual four kernels (identity, Sobel x, Sobel y, Laplacian: the non-zero taps of
     * {@link PackedModel#standardTaps}, any weights): nine loads shared by 22 FMAs, the chain of each kernel still in
     * row-major tap order. {@code fb - fa} is a multiple of L.
     */
    private void perceiveStandard(int fa, int fb, int up, int dn) {
        final int C = m.channels, R = rowStride, b = rowBase;
        final float[] src = this.src, p = this.p, w = m.tapWeight;
        final int o0 = b + up - C, o1 = b + up, o2 = b + up + C, o3 = b - C, o4 = b, o5 = b + C,
                o6 = b + dn - C, o7 = b + dn, o8 = b + dn + C;
        final FloatVector zero = FloatVector.zero(S);
        final FloatVector i4 = FloatVector.broadcast(S, w[0]);
        final FloatVector x0 = FloatVector.broadcast(S, w[1]), x2 = FloatVector.broadcast(S, w[2]),
                x3 = FloatVector.broadcast(S, w[3]), x5 = FloatVector.broadcast(S, w[4]),
                x6 = FloatVector.broadcast(S, w[5]), x8 = FloatVector.broadcast(S, w[6]);
        final FloatVector y0 = FloatVector.broadcast(S, w[7]), y1 = FloatVector.broadcast(S, w[8]),
                y2 = FloatVector.broadcast(S, w[9]), y6 = FloatVector.broadcast(S, w[10]),
                y7 = FloatVector.broadcast(S, w[11]), y8 = FloatVector.broadcast(S, w[12]);
        final FloatVector l0 = FloatVector.broadcast(S, w[13]), l1 = FloatVector.broadcast(S, w[14]),
                l2 = FloatVector.broadcast(S, w[15]), l3 = FloatVector.broadcast(S, w[16]),
                l4 = FloatVector.broadcast(S, w[17]), l5 = FloatVector.broadcast(S, w[18]),
                l6 = FloatVector.broadcast(S, w[19]), l7 = FloatVector.broadcast(S, w[20]),
                l8 = FloatVector.broadcast(S, w[21]);
        final boolean clip = clipP;
        final float cp = m.clipPerception;
        for (int f = fa; f < fb; f += L) {
            FloatVector v0 = FloatVector.fromArray(S, src, o0 + f), v1 = FloatVector.fromArray(S, src, o1 + f),
                    v2 = FloatVector.fromArray(S, src, o2 + f);
            FloatVector a1 = v0.fma(x0, zero), a2 = v0.fma(y0, zero), a3 = v0.fma(l0, zero);
            a2 = v1.fma(y1, a2);
            a3 = v1.fma(l1, a3);
            a1 = v2.fma(x2, a1);
            a2 = v2.fma(y2, a2);
            a3 = v2.fma(l2, a3);
            FloatVector v3 = FloatVector.fromArray(S, src, o3 + f), v4 = FloatVector.fromArray(S, src, o4 + f),
                    v5 = FloatVector.fromArray(S, src, o5 + f);
            FloatVector a0 = v4.fma(i4, zero);
            a1 = v3.fma(x3, a1);
            a3 = v3.fma(l3, a3);
            a3 = v4.fma(l4, a3);
            a1 = v5.fma(x5, a1);
            a3 = v5.fma(l5, a3);
            FloatVector v6 = FloatVector.fromArray(S, src, o6 + f), v7 = FloatVector.fromArray(S, src, o7 + f),
                    v8 = FloatVector.fromArray(S, src, o8 + f);
            a1 = v6.fma(x6, a1);
            a2 = v6.fma(y6, a2);
            a3 = v6.fma(l6, a3);
            a2 = v7.fma(y7, a2);
            a3 = v7.fma(l7, a3);
            a1 = v8.fma(x8, a1);
            a2 = v8.fma(y8, a2);
            a3 = v8.fma(l8, a3);
            if (clip) {
                a0 = a0.max(-cp).min(cp);
                a1 = a1.max(-cp).min(cp);
                a2 = a2.max(-cp).min(cp);
                a3 = a3.max(-cp).min(cp);
            }
            a0.intoArray(p, f);
            a1.intoArray(p, R + f);
            a2.intoArray(p, 2 * R + f);
            a3.intoArray(p, 3 * R + f);
        }
    }

    /** One cell whose neighbours wrap around the row ends: scalar, exactly as the reference. */
    private void perceiveCell(int x, int up, int dn) {
        final int C = m.channels, K = m.kernels, W = width;
        final int[] ti = m.tapIndex, ts = m.tapStart;
        final float[] tw = m.tapWeight;
        final int xl = x == 0 ? W - 1 : x - 1, xr = x == W - 1 ? 0 : x + 1;
        for (int k = 0; k < K; k++)
            for (int c = 0; c < C; c++) {
                float acc = 0f;
                for (int q = ts[k]; q < ts[k + 1]; q++) {
                    int t = ti[q], col = t % 3 == 0 ? xl : t % 3 == 1 ? x : xr;
                    acc = Math.fma(tw[q], src[rowBase + (t < 3 ? up : t < 6 ? 0 : dn) + col * C + c], acc);
                }
                p[k * rowStride + x * C + c] = ReferenceStep.clipSym(acc, m.clipPerception);
            }
    }

    /** h = clip(relu(b1 + W1 p)) for the 8 cells; lanes run over hidden units, the chain over inputs in order. */
    private void layer1() {
        final int F = m.features, SW = STRIP * L;
        final float[] w = m.w1p, b1 = m.b1p, p = this.p;
        final int[] pi = this.pIndex, cb = this.cellBase;
        final int q0 = cb[0], q1 = cb[1], q2 = cb[2], q3 = cb[3], q4 = cb[4], q5 = cb[5], q6 = cb[6], q7 = cb[7];
        for (int s = 0; s < m.strips; s++) {
            final int j0 = s * SW;
            final FloatVector bias0 = FloatVector.fromArray(S, b1, j0), bias1 = FloatVector.fromArray(S, b1, j0 + L);
            FloatVector a00 = bias0, a01 = bias1, a10 = bias0, a11 = bias1, a20 = bias0, a21 = bias1,
                    a30 = bias0, a31 = bias1, a40 = bias0, a41 = bias1, a50 = bias0, a51 = bias1,
                    a60 = bias0, a61 = bias1, a70 = bias0, a71 = bias1;
            int wo = j0 * F;
            for (int i = 0; i < F; i++, wo += SW) {
                FloatVector w0 = FloatVector.fromArray(S, w, wo), w1 = FloatVector.fromArray(S, w, wo + L);
                int q = pi[i];
                FloatVector x = FloatVector.broadcast(S, p[q + q0]);
                a00 = w0.fma(x, a00);
                a01 = w1.fma(x, a01);
                x = FloatVector.broadcast(S, p[q + q1]);
                a10 = w0.fma(x, a10);
                a11 = w1.fma(x, a11);
                x = FloatVector.broadcast(S, p[q + q2]);
                a20 = w0.fma(x, a20);
                a21 = w1.fma(x, a21);
                x = FloatVector.broadcast(S, p[q + q3]);
                a30 = w0.fma(x, a30);
                a31 = w1.fma(x, a31);
                x = FloatVector.broadcast(S, p[q + q4]);
                a40 = w0.fma(x, a40);
                a41 = w1.fma(x, a41);
                x = FloatVector.broadcast(S, p[q + q5]);
                a50 = w0.fma(x, a50);
                a51 = w1.fma(x, a51);
                x = FloatVector.broadcast(S, p[q + q6]);
                a60 = w0.fma(x, a60);
                a61 = w1.fma(x, a61);
                x = FloatVector.broadcast(S, p[q + q7]);
                a70 = w0.fma(x, a70);
                a71 = w1.fma(x, a71);
            }
            // Raw sums first; ReLU and clip follow in one vector loop (passing vectors to a helper
            // method would box them when C2 declines to inline it).
            final int H = hStride;
            a00.intoArray(h, j0); a01.intoArray(h, j0 + L);
            a10.intoArray(h, H + j0); a11.intoArray(h, H + j0 + L);
            a20.intoArray(h, 2 * H + j0); a21.intoArray(h, 2 * H + j0 + L);
            a30.intoArray(h, 3 * H + j0); a31.intoArray(h, 3 * H + j0 + L);
            a40.intoArray(h, 4 * H + j0); a41.intoArray(h, 4 * H + j0 + L);
            a50.intoArray(h, 5 * H + j0); a51.intoArray(h, 5 * H + j0 + L);
            a60.intoArray(h, 6 * H + j0); a61.intoArray(h, 6 * H + j0 + L);
            a70.intoArray(h, 7 * H + j0); a71.intoArray(h, 7 * H + j0 + L);
        }
        final FloatVector zero = FloatVector.zero(S);
        final float ch = m.clipHidden;
        for (int o = 0; o < h.length; o += L) {
            FloatVector a = FloatVector.fromArray(S, h, o).max(zero);
            if (clipH) a = a.min(ch);
            a.intoArray(h, o);
        }
    }

    /** u = clip(b2 + W2 h); lanes run over channels, the chain over hidden units in order; then the new state. */
    private void layer2() {
        final int C = m.channels, HID = m.hidden, CP = m.cPad, H = hStride;
        final float[] w = m.w2p, h = this.h, u = this.u;
        for (int c0 = 0; c0 < C; c0 += L) {
            final FloatVector bias = FloatVector.fromArray(S, m.b2p, c0);
            FloatVector a0 = bias, a1 = bias, a2 = bias, a3 = bias, a4 = bias, a5 = bias, a6 = bias, a7 = bias;
            int wo = c0;
            for (int j = 0; j < HID; j++, wo += CP) {
                FloatVector wj = FloatVector.fromArray(S, w, wo);
                a0 = wj.fma(FloatVector.broadcast(S, h[j]), a0);
                a1 = wj.fma(FloatVector.broadcast(S, h[H + j]), a1);
                a2 = wj.fma(FloatVector.broadcast(S, h[2 * H + j]), a2);
                a3 = wj.fma(FloatVector.broadcast(S, h[3 * H + j]), a3);
                a4 = wj.fma(FloatVector.broadcast(S, h[4 * H + j]), a4);
                a5 = wj.fma(FloatVector.broadcast(S, h[5 * H + j]), a5);
                a6 = wj.fma(FloatVector.broadcast(S, h[6 * H + j]), a6);
                a7 = wj.fma(FloatVector.broadcast(S, h[7 * H + j]), a7);
            }
            final int U = CP;
            a0.intoArray(u, c0); a1.intoArray(u, U + c0); a2.intoArray(u, 2 * U + c0); a3.intoArray(u, 3 * U + c0);
            a4.intoArray(u, 4 * U + c0); a5.intoArray(u, 5 * U + c0); a6.intoArray(u, 6 * U + c0); a7.intoArray(u, 7 * U + c0);
        }
        // s' = clip(s + clip(u)) for the real cells of the batch.
        final float cu = m.clipUpdate, cs = m.clipState;
        final float[] src = this.src, dst = this.dst;
        for (int b = 0; b < n; b++) {
            int self = rowBase + cellBase[b];
            for (int c0 = 0; c0 < C; c0 += L) {
                VectorMask<Float> mask = S.indexInRange(c0, C);
                FloatVector d = FloatVector.fromArray(S, u, b * CP + c0);
                if (clipU) d = d.max(-cu).min(cu);
                FloatVector s = FloatVector.fromArray(S, src, self + c0, mask).add(d);
                if (clipS) s = s.max(-cs).min(cs);
                s.intoArray(dst, self + c0, mask);
            }
        }
    }
}
