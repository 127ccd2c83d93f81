package org.cellscape.train;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The perception of a whole row of the torus at once, vectorised along the row (cells and channels in the lanes),
 * so no vector is wasted on channel padding and nothing is transposed per cell. Plane k holds kernel k's feature of
 * every cell of the row at {@code k * KS + x * C + c}.
 *
 * <p>Forward: each element runs the reference's chain (non-zero taps in row-major order, fma from +0), so the
 * features are bit for bit those of {@link org.cellscape.engine.ReferenceStep}. Backward: the transposed stencil,
 * gathered one target row at a time. One instance per thread and row width.
 */
final class RowPerception {
    static final VectorSpecies<Float> S = FastNca.S;
    static final int L = S.length();

    final int C, K, w, wC;
    /** Stride of a feature plane (a row rounded up to whole vectors), and of a padded row (one cell each side). */
    final int KS, KP;
    /** Raw and clipped features, K planes; p has room for more planes after them (the caller's control inputs). */
    final float[] pre, p;
    /** dL/d(feature) per plane, padded like a source row, so the transposed stencil reads its wrap-around too. */
    final float[] dk;
    private final float[] acc;
    private final float clipP;
    /** Three source rows with their wrap-around cells; padRow: which row each holds (-1: none), slot: for dy + 1. */
    private final float[][] pad = new float[3][];
    private final int[] padRow = {-1, -1, -1}, slot = new int[3], want = new int[3];
    /** Forward: per kernel, its non-zero taps in row-major order. Backward: per dy + 1, every (dx, kernel) term. */
    private final int[][] tapT, termK, termX;
    private final float[][] tapW, termW;

    RowPerception(float[][] kern, int C, float clipP, int w, int planes) {
        this.C = C;
        this.K = kern.length;
        this.w = w;
        this.wC = w * C;
        this.clipP = clipP;
        KS = (wC + L - 1) / L * L;
        KP = KS + 2 * C;
        pre = new float[K * KS];
        p = new float[planes * KS];
        dk = new float[K * KP];
        acc = new float[KS];
        for (int d = 0; d < 3; d++) pad[d] = new float[KP];
        tapT = new int[K][];
        tapW = new float[K][];
        for (int k = 0; k < K; k++) {
            int n = 0;
            for (int t = 0; t < 9; t++) if (kern[k][t] != 0f) n++;
            tapT[k] = new int[n];
            tapW[k] = new float[n];
            for (int t = 0, j = 0; t < 9; t++)
                if (kern[k][t] != 0f) { tapT[k][j] = t; tapW[k][j++] = kern[k][t]; }
        }
        termK = new int[3][];
        termX = new int[3][];
        termW = new float[3][];
        for (int d = 0; d < 3; d++) {
            int n = 0;
            for (int x = 0; x < 3; x++) for (float[] kk : kern) if (kk[d * 3 + x] != 0f) n++;
            termK[d] = new int[n];
            termX[d] = new int[n];
            termW[d] = new float[n];
            for (int x = 0, j = 0; x < 3; x++)
                for (int k = 0; k < K; k++)
                    if (kern[k][d * 3 + x] != 0f) { termK[d][j] = k; termX[d][j] = x; termW[d][j++] = kern[k][d * 3 + x]; }
        }
    }

    /** Forgets the source rows held: call before a step, whose source differs from the last one's. */
    void newSource() {
        Arrays.fill(padRow, -1);
    }

    /** Features of row y of src (a w x h torus): raw into pre, clipped into p. */
    void forward(float[] src, int h, int y) {
        rows(src, h, y);
        final FloatVector lo = FloatVector.broadcast(S, -clipP), hi = FloatVector.broadcast(S, clipP);
        for (int k = 0; k < K; k++) {
            final int pk = k * KS;
            Arrays.fill(pre, pk, pk + KS, 0f);
            for (int j = 0; j < tapT[k].length; j++) {
                final int t = tapT[k][j], off = t % 3 * C;
                final float[] row = pad[slot[t / 3]];
                final FloatVector kv = FloatVector.broadcast(S, tapW[k][j]);
                for (int f = 0; f < wC; f += L)
                    kv.fma(FloatVector.fromArray(S, row, off + f), FloatVector.fromArray(S, pre, pk + f)).intoArray(pre, pk + f);
            }
            for (int f = 0; f < wC; f += L) { // the clip as compares and blends: Math.min(Math.max(v, lo), hi) exactly
                FloatVector v = FloatVector.fromArray(S, pre, pk + f);
                v = v.blend(lo, v.lt(lo));
                v = v.blend(hi, v.compare(VectorOperators.GT, hi));
                v.intoArray(p, pk + f);
            }
        }
    }

    /** Rows y-1, y, y+1 of src into the padded buffers; a row already held from the last call is kept. */
    private void rows(float[] src, int h, int y) {
        want[0] = y == 0 ? h - 1 : y - 1;
        want[1] = y;
        want[2] = y == h - 1 ? 0 : y + 1;
        int kept = 0;
        for (int d = 0; d < 3; d++) {
            slot[d] = -1;
            for (int s = 0; s < 3; s++)
                if (padRow[s] == want[d]) { slot[d] = s; kept |= 1 << s; }
        }
        for (int d = 0; d < 3; d++) {
            if (slot[d] >= 0) continue;
            int s = 0;
            while ((kept >> s & 1) != 0) s++;
            final float[] b = pad[s];
            final int r = want[d] * wC;
            System.arraycopy(src, r + wC - C, b, 0, C);
            System.arraycopy(src, r, b, C, wC);
            System.arraycopy(src, r, b, C + wC, C);
            padRow[s] = want[d];
            kept |= 1 << s;
            for (int e = d; e < 3; e++) if (want[e] == want[d]) slot[e] = s;
        }
    }

    /** Starts a row's feature gradient: zero for every cell (cells that do not fire keep it). */
    void clearGradient() {
        Arrays.fill(dk, 0f);
    }

    /** dL/d(features) of the cell in column x: g[off + k * C + c] for kernel k, channel c. */
    void setGradient(int x, float[] g, int off) {
        for (int k = 0; k < K; k++) System.arraycopy(g, off + k * C, dk, k * KP + C + x * C, C);
    }

    /**
     * Back through the perception clip (a clipped feature passes nothing) and the stencil of row y:
     * gOut[neighbour (dx, dy), c] += kernel_k[dy, dx] * dk_k[cell, c], into rows y-1, y and y+1 of gOut.
     */
    void backward(float[] gOut, int h, int y) {
        final FloatVector zero = FloatVector.zero(S), hi = FloatVector.broadcast(S, clipP);
        for (int k = 0; k < K; k++) {
            final int b = k * KP, pk = k * KS;
            for (int f = 0; f < wC; f += L) {
                FloatVector live = FloatVector.fromArray(S, pre, pk + f).abs();
                zero.blend(FloatVector.fromArray(S, dk, b + C + f), live.compare(VectorOperators.LT, hi)).intoArray(dk, b + C + f);
            }
            System.arraycopy(dk, b + wC, dk, b, C);          // cell w-1 left of cell 0
            System.arraycopy(dk, b + C, dk, b + C + wC, C);  // cell 0 right of cell w-1
        }
        for (int d = 0; d < 3; d++) {
            final int ty = Math.floorMod(y + d - 1, h), base = ty * wC;
            System.arraycopy(gOut, base, acc, 0, wC);
            for (int j = 0; j < termK[d].length; j++) {
                // target column X takes from source column X - dx: padded index C + (X - dx) * C
                final int so = termK[d][j] * KP + (2 - termX[d][j]) * C;
                final FloatVector kv = FloatVector.broadcast(S, termW[d][j]);
                for (int f = 0; f < wC; f += L)
                    kv.fma(FloatVector.fromArray(S, dk, so + f), FloatVector.fromArray(S, acc, f)).intoArray(acc, f);
            }
            System.arraycopy(acc, 0, gOut, base, wC);
        }
    }
}
