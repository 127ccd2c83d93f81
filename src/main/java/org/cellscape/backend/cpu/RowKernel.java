package org.cellscape.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.cellscape.engine.ReferenceStep;
import org.cellscape.engine.Rng;
import org.cellscape.engine.Tile;

/**
 * One worker's step kernel and scratch: fire test, perception, MLP and update, fused, one row at a time.
 *
 * <p>Per row: list the firing cells (branch-free); compute the perception of the row's span densely, lanes over the
 * interleaved (x, channel) floats, copying the row into dst on the way (cells that do not fire keep their state; the
 * span's ends are copied apart); then run the firing cells through the MLP in batches of {@link Blocking#batch()}.
 * Layer 1 loads each weight vector once per block of cells and feeds it to one independent FMA chain per cell
 * (register blocking: {@link Blocking} says how many cells x vectors, to suit the machine's register file); layer 2
 * likewise.
 *
 * <p>Exactness: every float is produced by the same operations, in the same order, as {@link ReferenceStep}. Lanes
 * only ever run over independent outputs ((x, channel) pairs in perception, hidden units in layer 1, channels in
 * layer 2); each lane's chain of fused multiply-adds visits taps, inputs and hidden units in the reference's order
 * from the reference's start value, so the results are bit-identical. Clips and ReLU are compares and blends
 * that give exactly {@link ReferenceStep#clipSym} and {@link ReferenceStep#clipHidden} (NaN stays NaN, ReLU turns
 * -0 into +0): the Vector API's own max/min also follow {@link Math#max}, but C2 builds each from several blends
 * to get NaN and signed zeros right, which made the clips cost as much as perception's FMAs on AVX2.
 */
final class RowKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    private static final VectorSpecies<Integer> IS = S.withLanes(int.class);

    private final PackedModel m;
    private final int cells1, cells2, batch;
    private final int hStride;
    private final float[] h, u;
    private final boolean clipP, clipH, clipU, clipS;
    /** Float offset in the row of each cell of the batch (x * C); unused slots repeat slot 0. */
    private final int[] cellBase;
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
    /** The floats [copiedFrom, copiedTo) of the row (offsets from rowBase's cell 0) that perception copied into dst. */
    private int copiedFrom, copiedTo;
    /** Layer-1 inputs summed: the features, plus the control inputs when the tile has them. */
    private int nIn;

    RowKernel(PackedModel m) {
        this.m = m;
        cells1 = m.blocking.cells1();
        cells2 = m.blocking.cells2();
        batch = m.blocking.batch();
        hStride = m.hPad;
        h = new float[batch * hStride];
        u = new float[batch * m.cPad];
        cellBase = new int[batch];
        tapOffset = new int[m.tapIndex.length];
        clipP = !Float.isNaN(m.clipPerception);
        clipH = !Float.isNaN(m.clipHidden);
        clipU = !Float.isNaN(m.clipUpdate);
        clipS = !Float.isNaN(m.clipState);
    }

    /**
     * Computes the cells [xa, xb) x [ya, yb) of one step of a width x height buffer; {@code ctl}: the cells' control
     * inputs (R floats a cell) or null for none.
     */
    void rows(float[] src, float[] dst, float[] ctl, Tile geo, long stepKey, int threshold, int xa, int xb, int ya, int yb) {
        this.src = src;
        this.dst = dst;
        this.width = geo.width();
        this.height = geo.height();
        this.nIn = ctl != null ? m.inputs : m.features;
        final int C = m.channels;
        ensureRowScratch(width);
        final int[] firing = this.firing;
        final long gx0 = geo.globalX(xa), cw = geo.canvasWidth();
        for (int y = ya; y < yb; y++) {
            rowBase = y * width * C;
            if (threshold <= 0) {
                System.arraycopy(src, rowBase + xa * C, dst, rowBase + xa * C, (xb - xa) * C);
                continue;
            }
            long rowKey = Rng.rowKey(stepKey, geo.globalY(y));
            long gx = gx0;
            int nf = 0;
            for (int x = xa; x < xb; x++) {
                firing[nf] = x; // kept only if the cell fires: no unpredictable branch
                nf += Rng.u24(rowKey, gx) < threshold ? 1 : 0;
                if (++gx == cw) gx = 0;
            }
            // The row into dst (cells that do not fire keep their state): perception's straight-line loop stores the
            // centre values it loads anyway, the rest is copied here.
            copiedFrom = copiedTo = xa * C;
            if (nf > 0) perceiveRow(y, firing[0], firing[nf - 1] + 1);
            System.arraycopy(src, rowBase + xa * C, dst, rowBase + xa * C, copiedFrom - xa * C);
            System.arraycopy(src, rowBase + copiedTo, dst, rowBase + copiedTo, xb * C - copiedTo);
            if (nf == 0) continue;
            if (ctl != null) controlRow(ctl, y, nf);
            for (int s = 0; s < nf; s += batch) {
                n = Math.min(batch, nf - s);
                for (int b = 0; b < batch; b++) cellBase[b] = firing[s + (b < n ? b : 0)] * C;
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
        p = new float[(m.kernels + m.extra) * rowStride];
        pIndex = new int[m.inputs];
        for (int i = 0; i < m.features; i++) pIndex[i] = (i % m.kernels) * rowStride + i / m.kernels;
        for (int r = 0; r < m.extra; r++) pIndex[m.features + r] = (m.kernels + r) * rowStride;
    }

    /** The firing cells' control inputs into p[(K + r) * rowStride + x*C], beside their features (layer 1 reads both alike). */
    private void controlRow(float[] ctl, int y, int nf) {
        final int C = m.channels, R = m.extra, base = m.kernels * rowStride;
        for (int i = 0; i < nf; i++) {
            int x = firing[i], from = (y * width + x) * R;
            for (int r = 0; r < R; r++) p[base + r * rowStride + x * C] = ctl[from + r];
        }
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
            if (fa < end) {
                perceiveStandard(fa, end, up, dn);
                copiedFrom = fa;
                copiedTo = end;
            }
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
        final FloatVector lo = FloatVector.broadcast(S, -m.clipPerception), hi = FloatVector.broadcast(S, m.clipPerception);
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
                    if (clipP) {
                        acc = acc.blend(lo, acc.lt(lo));
                        acc = acc.blend(hi, acc.compare(VectorOperators.GT, hi));
                    }
                    acc.intoArray(p, pk + f, mask);
                    break;
                }
                if (clipP) {
                    acc = acc.blend(lo, acc.lt(lo));
                    acc = acc.blend(hi, acc.compare(VectorOperators.GT, hi));
                }
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
        final float[] src = this.src, dst = this.dst, p = this.p, w = m.tapWeight;
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
        final FloatVector lo = FloatVector.broadcast(S, -m.clipPerception), hi = FloatVector.broadcast(S, m.clipPerception);
        final IntVector magnitude = IntVector.broadcast(IS, 0x7fffffff), boundBits = IntVector.broadcast(IS, Float.floatToRawIntBits(m.clipPerception));
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
            // The clip changes nothing unless some |value| exceeds the bound (or is NaN): one integer test on the
            // magnitudes' bits (ordered like the floats, NaN above every bound) decides for all four kernels.
            if (clip && a0.reinterpretAsInts().and(magnitude).max(a1.reinterpretAsInts().and(magnitude))
                    .max(a2.reinterpretAsInts().and(magnitude)).max(a3.reinterpretAsInts().and(magnitude))
                    .compare(VectorOperators.GT, boundBits).anyTrue()) {
                a0 = a0.blend(lo, a0.lt(lo));
                a1 = a1.blend(lo, a1.lt(lo));
                a2 = a2.blend(lo, a2.lt(lo));
                a3 = a3.blend(lo, a3.lt(lo));
                a0 = a0.blend(hi, a0.compare(VectorOperators.GT, hi));
                a1 = a1.blend(hi, a1.compare(VectorOperators.GT, hi));
                a2 = a2.blend(hi, a2.compare(VectorOperators.GT, hi));
                a3 = a3.blend(hi, a3.compare(VectorOperators.GT, hi));
            }
            v4.intoArray(dst, o4 + f); // the row's copy into dst
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

    /** h = clip(relu(b1 + W1 p)) for the batch's blocks of cells that hold real ones; lanes run over hidden units. */
    private void layer1() {
        final int c = cells1;
        for (int b0 = 0; b0 < n; b0 += c) {
            if (c == 8) layer1x8x2(b0);
            else layer1x4x3(b0);
        }
    }

    /** Layer 1 for the cells b0 .. b0+7, 2 vectors of hidden units at a time (16 accumulators), ReLU and clip included. */
    private void layer1x8x2(int b0) {
        final int F = nIn, IN = m.inputs, SW = 2 * L, H = hStride;
        final float[] w = m.w1p, b1 = m.b1p, p = this.p, h = this.h;
        final int[] pi = this.pIndex, cb = this.cellBase;
        final FloatVector zero = FloatVector.zero(S), ch = FloatVector.broadcast(S, m.clipHidden);
        final boolean clip = clipH;
        final int q0 = cb[b0], q1 = cb[b0 + 1], q2 = cb[b0 + 2], q3 = cb[b0 + 3], q4 = cb[b0 + 4], q5 = cb[b0 + 5], q6 = cb[b0 + 6], q7 = cb[b0 + 7];
        for (int j0 = 0; j0 < m.hPad; j0 += SW) {
            final FloatVector bias0 = FloatVector.fromArray(S, b1, j0), bias1 = FloatVector.fromArray(S, b1, j0 + L);
            FloatVector a00 = bias0, a01 = bias1, a10 = bias0, a11 = bias1,
                    a20 = bias0, a21 = bias1, a30 = bias0, a31 = bias1,
                    a40 = bias0, a41 = bias1, a50 = bias0, a51 = bias1,
                    a60 = bias0, a61 = bias1, a70 = bias0, a71 = bias1;
            for (int i = 0, wo = j0 * IN; i < F; i++, wo += SW) {
                final FloatVector w0 = FloatVector.fromArray(S, w, wo), w1 = FloatVector.fromArray(S, w, wo + L);
                final int q = pi[i];
                FloatVector x;
                x = FloatVector.broadcast(S, p[q + q0]);
                a00 = w0.fma(x, a00); a01 = w1.fma(x, a01);
                x = FloatVector.broadcast(S, p[q + q1]);
                a10 = w0.fma(x, a10); a11 = w1.fma(x, a11);
                x = FloatVector.broadcast(S, p[q + q2]);
                a20 = w0.fma(x, a20); a21 = w1.fma(x, a21);
                x = FloatVector.broadcast(S, p[q + q3]);
                a30 = w0.fma(x, a30); a31 = w1.fma(x, a31);
                x = FloatVector.broadcast(S, p[q + q4]);
                a40 = w0.fma(x, a40); a41 = w1.fma(x, a41);
                x = FloatVector.broadcast(S, p[q + q5]);
                a50 = w0.fma(x, a50); a51 = w1.fma(x, a51);
                x = FloatVector.broadcast(S, p[q + q6]);
                a60 = w0.fma(x, a60); a61 = w1.fma(x, a61);
                x = FloatVector.broadcast(S, p[q + q7]);
                a70 = w0.fma(x, a70); a71 = w1.fma(x, a71);
            }
            // ReLU and clip in registers (compares and blends, see the class comment), before the store
            a00 = a00.blend(zero, a00.compare(VectorOperators.LE, zero));
            a01 = a01.blend(zero, a01.compare(VectorOperators.LE, zero));
            a10 = a10.blend(zero, a10.compare(VectorOperators.LE, zero));
            a11 = a11.blend(zero, a11.compare(VectorOperators.LE, zero));
            a20 = a20.blend(zero, a20.compare(VectorOperators.LE, zero));
            a21 = a21.blend(zero, a21.compare(VectorOperators.LE, zero));
            a30 = a30.blend(zero, a30.compare(VectorOperators.LE, zero));
            a31 = a31.blend(zero, a31.compare(VectorOperators.LE, zero));
            a40 = a40.blend(zero, a40.compare(VectorOperators.LE, zero));
            a41 = a41.blend(zero, a41.compare(VectorOperators.LE, zero));
            a50 = a50.blend(zero, a50.compare(VectorOperators.LE, zero));
            a51 = a51.blend(zero, a51.compare(VectorOperators.LE, zero));
            a60 = a60.blend(zero, a60.compare(VectorOperators.LE, zero));
            a61 = a61.blend(zero, a61.compare(VectorOperators.LE, zero));
            a70 = a70.blend(zero, a70.compare(VectorOperators.LE, zero));
            a71 = a71.blend(zero, a71.compare(VectorOperators.LE, zero));
            if (clip) {
                a00 = a00.blend(ch, a00.compare(VectorOperators.GT, ch));
                a01 = a01.blend(ch, a01.compare(VectorOperators.GT, ch));
                a10 = a10.blend(ch, a10.compare(VectorOperators.GT, ch));
                a11 = a11.blend(ch, a11.compare(VectorOperators.GT, ch));
                a20 = a20.blend(ch, a20.compare(VectorOperators.GT, ch));
                a21 = a21.blend(ch, a21.compare(VectorOperators.GT, ch));
                a30 = a30.blend(ch, a30.compare(VectorOperators.GT, ch));
                a31 = a31.blend(ch, a31.compare(VectorOperators.GT, ch));
                a40 = a40.blend(ch, a40.compare(VectorOperators.GT, ch));
                a41 = a41.blend(ch, a41.compare(VectorOperators.GT, ch));
                a50 = a50.blend(ch, a50.compare(VectorOperators.GT, ch));
                a51 = a51.blend(ch, a51.compare(VectorOperators.GT, ch));
                a60 = a60.blend(ch, a60.compare(VectorOperators.GT, ch));
                a61 = a61.blend(ch, a61.compare(VectorOperators.GT, ch));
                a70 = a70.blend(ch, a70.compare(VectorOperators.GT, ch));
                a71 = a71.blend(ch, a71.compare(VectorOperators.GT, ch));
            }
            final int o = b0 * H + j0;
            a00.intoArray(h, o); a01.intoArray(h, o + L);
            a10.intoArray(h, o + H); a11.intoArray(h, o + H + L);
            a20.intoArray(h, o + 2 * H); a21.intoArray(h, o + 2 * H + L);
            a30.intoArray(h, o + 3 * H); a31.intoArray(h, o + 3 * H + L);
            a40.intoArray(h, o + 4 * H); a41.intoArray(h, o + 4 * H + L);
            a50.intoArray(h, o + 5 * H); a51.intoArray(h, o + 5 * H + L);
            a60.intoArray(h, o + 6 * H); a61.intoArray(h, o + 6 * H + L);
            a70.intoArray(h, o + 7 * H); a71.intoArray(h, o + 7 * H + L);
        }
    }

    /** Layer 1 for the cells b0 .. b0+3, 3 vectors of hidden units at a time (12 accumulators), ReLU and clip included. */
    private void layer1x4x3(int b0) {
        final int F = nIn, IN = m.inputs, SW = 3 * L, H = hStride;
        final float[] w = m.w1p, b1 = m.b1p, p = this.p, h = this.h;
        final int[] pi = this.pIndex, cb = this.cellBase;
        final FloatVector zero = FloatVector.zero(S), ch = FloatVector.broadcast(S, m.clipHidden);
        final boolean clip = clipH;
        final int q0 = cb[b0], q1 = cb[b0 + 1], q2 = cb[b0 + 2], q3 = cb[b0 + 3];
        for (int j0 = 0; j0 < m.hPad; j0 += SW) {
            final FloatVector bias0 = FloatVector.fromArray(S, b1, j0), bias1 = FloatVector.fromArray(S, b1, j0 + L), bias2 = FloatVector.fromArray(S, b1, j0 + 2 * L);
            FloatVector a00 = bias0, a01 = bias1, a02 = bias2, a10 = bias0, a11 = bias1, a12 = bias2,
                    a20 = bias0, a21 = bias1, a22 = bias2, a30 = bias0, a31 = bias1, a32 = bias2;
            for (int i = 0, wo = j0 * IN; i < F; i++, wo += SW) {
                final FloatVector w0 = FloatVector.fromArray(S, w, wo), w1 = FloatVector.fromArray(S, w, wo + L), w2 = FloatVector.fromArray(S, w, wo + 2 * L);
                final int q = pi[i];
                FloatVector x;
                x = FloatVector.broadcast(S, p[q + q0]);
                a00 = w0.fma(x, a00); a01 = w1.fma(x, a01); a02 = w2.fma(x, a02);
                x = FloatVector.broadcast(S, p[q + q1]);
                a10 = w0.fma(x, a10); a11 = w1.fma(x, a11); a12 = w2.fma(x, a12);
                x = FloatVector.broadcast(S, p[q + q2]);
                a20 = w0.fma(x, a20); a21 = w1.fma(x, a21); a22 = w2.fma(x, a22);
                x = FloatVector.broadcast(S, p[q + q3]);
                a30 = w0.fma(x, a30); a31 = w1.fma(x, a31); a32 = w2.fma(x, a32);
            }
            // ReLU and clip in registers (compares and blends, see the class comment), before the store
            a00 = a00.blend(zero, a00.compare(VectorOperators.LE, zero));
            a01 = a01.blend(zero, a01.compare(VectorOperators.LE, zero));
            a02 = a02.blend(zero, a02.compare(VectorOperators.LE, zero));
            a10 = a10.blend(zero, a10.compare(VectorOperators.LE, zero));
            a11 = a11.blend(zero, a11.compare(VectorOperators.LE, zero));
            a12 = a12.blend(zero, a12.compare(VectorOperators.LE, zero));
            a20 = a20.blend(zero, a20.compare(VectorOperators.LE, zero));
            a21 = a21.blend(zero, a21.compare(VectorOperators.LE, zero));
            a22 = a22.blend(zero, a22.compare(VectorOperators.LE, zero));
            a30 = a30.blend(zero, a30.compare(VectorOperators.LE, zero));
            a31 = a31.blend(zero, a31.compare(VectorOperators.LE, zero));
            a32 = a32.blend(zero, a32.compare(VectorOperators.LE, zero));
            if (clip) {
                a00 = a00.blend(ch, a00.compare(VectorOperators.GT, ch));
                a01 = a01.blend(ch, a01.compare(VectorOperators.GT, ch));
                a02 = a02.blend(ch, a02.compare(VectorOperators.GT, ch));
                a10 = a10.blend(ch, a10.compare(VectorOperators.GT, ch));
                a11 = a11.blend(ch, a11.compare(VectorOperators.GT, ch));
                a12 = a12.blend(ch, a12.compare(VectorOperators.GT, ch));
                a20 = a20.blend(ch, a20.compare(VectorOperators.GT, ch));
                a21 = a21.blend(ch, a21.compare(VectorOperators.GT, ch));
                a22 = a22.blend(ch, a22.compare(VectorOperators.GT, ch));
                a30 = a30.blend(ch, a30.compare(VectorOperators.GT, ch));
                a31 = a31.blend(ch, a31.compare(VectorOperators.GT, ch));
                a32 = a32.blend(ch, a32.compare(VectorOperators.GT, ch));
            }
            final int o = b0 * H + j0;
            a00.intoArray(h, o); a01.intoArray(h, o + L); a02.intoArray(h, o + 2 * L);
            a10.intoArray(h, o + H); a11.intoArray(h, o + H + L); a12.intoArray(h, o + H + 2 * L);
            a20.intoArray(h, o + 2 * H); a21.intoArray(h, o + 2 * H + L); a22.intoArray(h, o + 2 * H + 2 * L);
            a30.intoArray(h, o + 3 * H); a31.intoArray(h, o + 3 * H + L); a32.intoArray(h, o + 3 * H + 2 * L);
        }
    }

    /** Layer 2 for the cells b0 .. b0+7, 1 vector of channels at a time. */
    private void layer2x8x1(int b0) {
        final int HID = m.hidden, CP = m.cPad, H = hStride, SW = 1 * L;
        final float[] w = m.w2p, h = this.h, u = this.u;
        final int h0 = b0 * H, h1 = (b0 + 1) * H, h2 = (b0 + 2) * H, h3 = (b0 + 3) * H, h4 = (b0 + 4) * H, h5 = (b0 + 5) * H, h6 = (b0 + 6) * H, h7 = (b0 + 7) * H;
        for (int c0 = 0; c0 < CP; c0 += SW) {
            final FloatVector bias0 = FloatVector.fromArray(S, m.b2p, c0);
            FloatVector a00 = bias0, a10 = bias0, a20 = bias0, a30 = bias0,
                    a40 = bias0, a50 = bias0, a60 = bias0, a70 = bias0;
            for (int j = 0, wo = c0; j < HID; j++, wo += CP) {
                final FloatVector w0 = FloatVector.fromArray(S, w, wo);
                FloatVector x;
                x = FloatVector.broadcast(S, h[h0 + j]);
                a00 = w0.fma(x, a00);
                x = FloatVector.broadcast(S, h[h1 + j]);
                a10 = w0.fma(x, a10);
                x = FloatVector.broadcast(S, h[h2 + j]);
                a20 = w0.fma(x, a20);
                x = FloatVector.broadcast(S, h[h3 + j]);
                a30 = w0.fma(x, a30);
                x = FloatVector.broadcast(S, h[h4 + j]);
                a40 = w0.fma(x, a40);
                x = FloatVector.broadcast(S, h[h5 + j]);
                a50 = w0.fma(x, a50);
                x = FloatVector.broadcast(S, h[h6 + j]);
                a60 = w0.fma(x, a60);
                x = FloatVector.broadcast(S, h[h7 + j]);
                a70 = w0.fma(x, a70);
            }
            final int o = b0 * CP + c0;
            a00.intoArray(u, o);
            a10.intoArray(u, o + CP);
            a20.intoArray(u, o + 2 * CP);
            a30.intoArray(u, o + 3 * CP);
            a40.intoArray(u, o + 4 * CP);
            a50.intoArray(u, o + 5 * CP);
            a60.intoArray(u, o + 6 * CP);
            a70.intoArray(u, o + 7 * CP);
        }
    }

    /** Layer 2 for the cells b0 .. b0+3, 3 vectors of channels at a time. */
    private void layer2x4x3(int b0) {
        final int HID = m.hidden, CP = m.cPad, H = hStride, SW = 3 * L;
        final float[] w = m.w2p, h = this.h, u = this.u;
        final int h0 = b0 * H, h1 = (b0 + 1) * H, h2 = (b0 + 2) * H, h3 = (b0 + 3) * H;
        for (int c0 = 0; c0 < CP; c0 += SW) {
            final FloatVector bias0 = FloatVector.fromArray(S, m.b2p, c0), bias1 = FloatVector.fromArray(S, m.b2p, c0 + L), bias2 = FloatVector.fromArray(S, m.b2p, c0 + 2 * L);
            FloatVector a00 = bias0, a01 = bias1, a02 = bias2, a10 = bias0, a11 = bias1, a12 = bias2,
                    a20 = bias0, a21 = bias1, a22 = bias2, a30 = bias0, a31 = bias1, a32 = bias2;
            for (int j = 0, wo = c0; j < HID; j++, wo += CP) {
                final FloatVector w0 = FloatVector.fromArray(S, w, wo), w1 = FloatVector.fromArray(S, w, wo + L), w2 = FloatVector.fromArray(S, w, wo + 2 * L);
                FloatVector x;
                x = FloatVector.broadcast(S, h[h0 + j]);
                a00 = w0.fma(x, a00); a01 = w1.fma(x, a01); a02 = w2.fma(x, a02);
                x = FloatVector.broadcast(S, h[h1 + j]);
                a10 = w0.fma(x, a10); a11 = w1.fma(x, a11); a12 = w2.fma(x, a12);
                x = FloatVector.broadcast(S, h[h2 + j]);
                a20 = w0.fma(x, a20); a21 = w1.fma(x, a21); a22 = w2.fma(x, a22);
                x = FloatVector.broadcast(S, h[h3 + j]);
                a30 = w0.fma(x, a30); a31 = w1.fma(x, a31); a32 = w2.fma(x, a32);
            }
            final int o = b0 * CP + c0;
            a00.intoArray(u, o); a01.intoArray(u, o + L); a02.intoArray(u, o + 2 * L);
            a10.intoArray(u, o + CP); a11.intoArray(u, o + CP + L); a12.intoArray(u, o + CP + 2 * L);
            a20.intoArray(u, o + 2 * CP); a21.intoArray(u, o + 2 * CP + L); a22.intoArray(u, o + 2 * CP + 2 * L);
            a30.intoArray(u, o + 3 * CP); a31.intoArray(u, o + 3 * CP + L); a32.intoArray(u, o + 3 * CP + 2 * L);
        }
    }

    /** Layer 2 for the cells b0 .. b0+5, 2 vectors of channels at a time. */
    private void layer2x6x2(int b0) {
        final int HID = m.hidden, CP = m.cPad, H = hStride, SW = 2 * L;
        final float[] w = m.w2p, h = this.h, u = this.u;
        final int h0 = b0 * H, h1 = (b0 + 1) * H, h2 = (b0 + 2) * H, h3 = (b0 + 3) * H, h4 = (b0 + 4) * H, h5 = (b0 + 5) * H;
        for (int c0 = 0; c0 < CP; c0 += SW) {
            final FloatVector bias0 = FloatVector.fromArray(S, m.b2p, c0), bias1 = FloatVector.fromArray(S, m.b2p, c0 + L);
            FloatVector a00 = bias0, a01 = bias1, a10 = bias0, a11 = bias1, a20 = bias0, a21 = bias1, a30 = bias0, a31 = bias1, a40 = bias0, a41 = bias1, a50 = bias0, a51 = bias1;
            for (int j = 0, wo = c0; j < HID; j++, wo += CP) {
                final FloatVector w0 = FloatVector.fromArray(S, w, wo), w1 = FloatVector.fromArray(S, w, wo + L);
                FloatVector x;
                x = FloatVector.broadcast(S, h[h0 + j]);
                a00 = w0.fma(x, a00); a01 = w1.fma(x, a01);
                x = FloatVector.broadcast(S, h[h1 + j]);
                a10 = w0.fma(x, a10); a11 = w1.fma(x, a11);
                x = FloatVector.broadcast(S, h[h2 + j]);
                a20 = w0.fma(x, a20); a21 = w1.fma(x, a21);
                x = FloatVector.broadcast(S, h[h3 + j]);
                a30 = w0.fma(x, a30); a31 = w1.fma(x, a31);
                x = FloatVector.broadcast(S, h[h4 + j]);
                a40 = w0.fma(x, a40); a41 = w1.fma(x, a41);
                x = FloatVector.broadcast(S, h[h5 + j]);
                a50 = w0.fma(x, a50); a51 = w1.fma(x, a51);
            }
            final int o = b0 * CP + c0;
            a00.intoArray(u, o); a01.intoArray(u, o + L);
            a10.intoArray(u, o + CP); a11.intoArray(u, o + CP + L);
            a20.intoArray(u, o + 2 * CP); a21.intoArray(u, o + 2 * CP + L);
            a30.intoArray(u, o + 3 * CP); a31.intoArray(u, o + 3 * CP + L);
            a40.intoArray(u, o + 4 * CP); a41.intoArray(u, o + 4 * CP + L);
            a50.intoArray(u, o + 5 * CP); a51.intoArray(u, o + 5 * CP + L);
        }
    }

    /** Layer 2 for the cells b0 .. b0+2, 3 vectors of channels at a time. */
    private void layer2x3x3(int b0) {
        final int HID = m.hidden, CP = m.cPad, H = hStride, SW = 3 * L;
        final float[] w = m.w2p, h = this.h, u = this.u;
        final int h0 = b0 * H, h1 = (b0 + 1) * H, h2 = (b0 + 2) * H;
        for (int c0 = 0; c0 < CP; c0 += SW) {
            final FloatVector bias0 = FloatVector.fromArray(S, m.b2p, c0), bias1 = FloatVector.fromArray(S, m.b2p, c0 + L), bias2 = FloatVector.fromArray(S, m.b2p, c0 + 2 * L);
            FloatVector a00 = bias0, a01 = bias1, a02 = bias2, a10 = bias0, a11 = bias1, a12 = bias2, a20 = bias0, a21 = bias1, a22 = bias2;
            for (int j = 0, wo = c0; j < HID; j++, wo += CP) {
                final FloatVector w0 = FloatVector.fromArray(S, w, wo), w1 = FloatVector.fromArray(S, w, wo + L), w2 = FloatVector.fromArray(S, w, wo + 2 * L);
                FloatVector x;
                x = FloatVector.broadcast(S, h[h0 + j]);
                a00 = w0.fma(x, a00); a01 = w1.fma(x, a01); a02 = w2.fma(x, a02);
                x = FloatVector.broadcast(S, h[h1 + j]);
                a10 = w0.fma(x, a10); a11 = w1.fma(x, a11); a12 = w2.fma(x, a12);
                x = FloatVector.broadcast(S, h[h2 + j]);
                a20 = w0.fma(x, a20); a21 = w1.fma(x, a21); a22 = w2.fma(x, a22);
            }
            final int o = b0 * CP + c0;
            a00.intoArray(u, o); a01.intoArray(u, o + L); a02.intoArray(u, o + 2 * L);
            a10.intoArray(u, o + CP); a11.intoArray(u, o + CP + L); a12.intoArray(u, o + CP + 2 * L);
            a20.intoArray(u, o + 2 * CP); a21.intoArray(u, o + 2 * CP + L); a22.intoArray(u, o + 2 * CP + 2 * L);
        }
    }

    /** u = clip(b2 + W2 h); lanes run over channels, the chain over hidden units in order; then the new state. */
    private void layer2() {
        final int C = m.channels, CP = m.cPad, c = cells2;
        for (int b0 = 0; b0 < n; b0 += c) {
            if (c == 8) layer2x8x1(b0);
            else if (c == 6) layer2x6x2(b0);
            else if (c == 4) layer2x4x3(b0);
            else layer2x3x3(b0);
        }
        // s' = clip(s + clip(u)) for the real cells of the batch.
        final FloatVector ulo = FloatVector.broadcast(S, -m.clipUpdate), uhi = FloatVector.broadcast(S, m.clipUpdate),
                slo = FloatVector.broadcast(S, -m.clipState), shi = FloatVector.broadcast(S, m.clipState);
        final float[] src = this.src, dst = this.dst;
        for (int b = 0; b < n; b++) {
            int self = rowBase + cellBase[b];
            for (int c0 = 0; c0 < C; c0 += L) {
                VectorMask<Float> mask = S.indexInRange(c0, C);
                FloatVector d = FloatVector.fromArray(S, u, b * CP + c0);
                if (clipU) {
                    d = d.blend(ulo, d.lt(ulo));
                    d = d.blend(uhi, d.compare(VectorOperators.GT, uhi));
                }
                FloatVector s = FloatVector.fromArray(S, src, self + c0, mask).add(d);
                if (clipS) {
                    s = s.blend(slo, s.lt(slo));
                    s = s.blend(shi, s.compare(VectorOperators.GT, shi));
                }
                s.intoArray(dst, self + c0, mask);
            }
        }
    }
}
