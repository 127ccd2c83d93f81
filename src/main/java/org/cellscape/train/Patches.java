package org.cellscape.train;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The patch matrices of {@link PatchLoss}, transposed: {@code X[d * np + i]} is value d of patch i, with
 * d = (c * p + dy) * p + dx, so one row of X holds one value of many patches and the products run along it in vector
 * lanes. Every sum is a chain in order (over d, or over the projections), the same at every vector width and in every
 * JVM mode; a lane reduction's order is neither (it changes when the JIT compiles the code).
 */
final class Patches {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private Patches() {}

    /**
     * The row stride for n patches: whole blocks of 2 vectors, plus one block so that rows are not a power of two
     * apart (4096 patches would put every row of a block in the same cache set).
     */
    static int stride(int n) {
        return (n + 2 * L - 1) / (2 * L) * (2 * L) + 2 * L;
    }

    /** Every p x p patch of img (w x h planar RGB) at nx x ny top-left corners; patches past an edge wrap around (a torus). */
    static double[] all(double[] img, int w, int h, int p, int nx, int ny) {
        final int np = stride(nx * ny);
        double[] X = new double[3 * p * p * np];
        for (int c = 0, d = 0; c < 3; c++)
            for (int dy = 0; dy < p; dy++)
                for (int dx = 0; dx < p; dx++, d++) {
                    final int sx = dx % w, run = Math.min(nx, w - sx);
                    for (int y0 = 0; y0 < ny; y0++) {
                        final int row = (c * h + (y0 + dy) % h) * w, o = d * np + y0 * nx;
                        System.arraycopy(img, row + sx, X, o, run);
                        if (run < nx) System.arraycopy(img, row, X, o + run, nx - run); // wrapped past the right edge
                    }
                }
        return X;
    }

    /** grad += dX, each patch value added back to the pixel {@link #all} took it from. */
    static void addAll(double[] dX, double[] grad, int w, int h, int p, int nx, int ny) {
        final int np = stride(nx * ny);
        for (int c = 0, d = 0; c < 3; c++)
            for (int dy = 0; dy < p; dy++)
                for (int dx = 0; dx < p; dx++, d++) {
                    final int sx = dx % w, run = Math.min(nx, w - sx);
                    for (int y0 = 0; y0 < ny; y0++) {
                        final int row = (c * h + (y0 + dy) % h) * w, o = d * np + y0 * nx;
                        add(grad, row + sx, dX, o, run);
                        if (run < nx) add(grad, row, dX, o + run, nx - run);
                    }
                }
    }

    private static void add(double[] a, int ao, double[] b, int bo, int len) {
        for (int j = 0; j < len; j++) a[ao + j] += b[bo + j];
    }

    /** The patches inside img whose top-left corners are pos (index y * nx + x). */
    static double[] at(double[] img, int w, int h, int p, int[] pos, int nx) {
        final int np = stride(pos.length);
        double[] X = new double[3 * p * p * np];
        for (int i = 0; i < pos.length; i++) {
            final int x0 = pos[i] % nx, y0 = pos[i] / nx;
            for (int c = 0, d = 0; c < 3; c++)
                for (int dy = 0; dy < p; dy++)
                    for (int dx = 0; dx < p; dx++, d++) X[d * np + i] = img[(c * h + y0 + dy) * w + x0 + dx];
        }
        return X;
    }

    /** Y[k * np + i] = proj[k] . patch i, for proj [P][D] and X of stride np. */
    static double[] project(double[] X, int np, double[] proj, int P, int D) {
        double[] Y = new double[P * np];
        for (int i = 0; i < np; i += 2 * L)
            for (int k = 0; k < P; k += 4) product4x2(X, np, proj, P, D, k, i, Y, true);
        return Y;
    }

    /** dX[d * np + i] = sum over the projections k, in order, of dY[k * np + i] * proj[k][d]. */
    static double[] gradient(double[] dY, int np, double[] proj, int P, int D) {
        double[] dX = new double[D * np];
        for (int i = 0; i < np; i += 2 * L)
            for (int d = 0; d < D; d += 4) product4x2(dY, np, proj, P, D, d, i, dX, false);
        return dX;
    }

    /**
     * 4 rows (from r0; past the last one, repeats of it) x 2 vectors of patches (from i) of a product with proj: with
     * {@code byD}, out row k = sum over d of proj[k][d] * in row d (the projection); otherwise out row d = sum over k
     * of proj[k][d] * in row k (its gradient). 8 chains in flight, each an fma chain in order.
     */
    private static void product4x2(double[] in, int np, double[] proj, int P, int D, int r0, int i, double[] out, boolean byD) {
        final int rows = byD ? P : D, n = byD ? D : P;
        final int r1 = Math.min(r0 + 1, rows - 1), r2 = Math.min(r0 + 2, rows - 1), r3 = Math.min(r0 + 3, rows - 1);
        // proj[k][d] for row r and term t: k = r, d = t (byD) or k = t, d = r
        final int sr = byD ? D : 1, st = byD ? 1 : D;
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (int t = 0; t < n; t++) {
            final DoubleVector x0 = DoubleVector.fromArray(S, in, t * np + i), x1 = DoubleVector.fromArray(S, in, t * np + i + L);
            final int pt = t * st;
            DoubleVector q = DoubleVector.broadcast(S, proj[r0 * sr + pt]);
            a00 = q.fma(x0, a00); a01 = q.fma(x1, a01);
            q = DoubleVector.broadcast(S, proj[r1 * sr + pt]);
            a10 = q.fma(x0, a10); a11 = q.fma(x1, a11);
            q = DoubleVector.broadcast(S, proj[r2 * sr + pt]);
            a20 = q.fma(x0, a20); a21 = q.fma(x1, a21);
            q = DoubleVector.broadcast(S, proj[r3 * sr + pt]);
            a30 = q.fma(x0, a30); a31 = q.fma(x1, a31);
        }
        a30.intoArray(out, r3 * np + i); a31.intoArray(out, r3 * np + i + L);
        a20.intoArray(out, r2 * np + i); a21.intoArray(out, r2 * np + i + L);
        a10.intoArray(out, r1 * np + i); a11.intoArray(out, r1 * np + i + L);
        a00.intoArray(out, r0 * np + i); a01.intoArray(out, r0 * np + i + L);
    }
}
