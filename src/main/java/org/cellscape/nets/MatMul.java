package org.cellscape.nets;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * C += A·B for row-major float32 matrices given by array, offset and leading dimension (row stride), on the Vector
 * API. Vectorised across C's columns: every element of C is one fma chain over k in order, started from its value in
 * C, so the bits are the same at every vector width and in the interpreter. Single-threaded: callers run several
 * products (a batch's samples) in parallel.
 */
public final class MatMul {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of B per pass: a 3-vector column panel of B (KC x 3L floats) stays in L1 while every row block of A uses it. */
    private static final int KC = 128;

    private MatMul() {}

    /** C[m x n] += A[m x k] · B[k x n]. */
    public static void mulAdd(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        for (int p0 = 0; p0 < k; p0 += KC) {
            int p1 = Math.min(k, p0 + KC);
            int j = 0;
            for (; j + 3 * L <= n; j += 3 * L) {
                int i = 0;
                for (; i + 4 <= m; i += 4) rows4x3(p0, p1, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
                for (; i < m; i++) row1x3(p0, p1, a, aOff + i * lda, b, bOff + j, ldb, c, cOff + i * ldc + j);
            }
            for (; j < n; j += L) {
                VectorMask<Float> mask = S.indexInRange(j, n);
                int i = 0;
                for (; i + 4 <= m; i += 4) rows4x1(p0, p1, a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, mask);
                for (; i < m; i++) rows1x1(p0, p1, a, aOff + i * lda, b, bOff + j, ldb, c, cOff + i * ldc + j, mask);
            }
        }
    }

    private static void rows4x3(int p0, int p1, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] c, int c0, int ldc) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector x00 = FloatVector.fromArray(S, c, c0), x01 = FloatVector.fromArray(S, c, c0 + L), x02 = FloatVector.fromArray(S, c, c0 + 2 * L);
        FloatVector x10 = FloatVector.fromArray(S, c, c1), x11 = FloatVector.fromArray(S, c, c1 + L), x12 = FloatVector.fromArray(S, c, c1 + 2 * L);
        FloatVector x20 = FloatVector.fromArray(S, c, c2), x21 = FloatVector.fromArray(S, c, c2 + L), x22 = FloatVector.fromArray(S, c, c2 + 2 * L);
        FloatVector x30 = FloatVector.fromArray(S, c, c3), x31 = FloatVector.fromArray(S, c, c3 + L), x32 = FloatVector.fromArray(S, c, c3 + 2 * L);
        for (int p = p0; p < p1; p++) {
            int bp = b0 + p * ldb;
            FloatVector v0 = FloatVector.fromArray(S, b, bp), v1 = FloatVector.fromArray(S, b, bp + L), v2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector w = FloatVector.broadcast(S, a[a0 + p]);
            x00 = w.fma(v0, x00); x01 = w.fma(v1, x01); x02 = w.fma(v2, x02);
            w = FloatVector.broadcast(S, a[a0 + lda + p]);
            x10 = w.fma(v0, x10); x11 = w.fma(v1, x11); x12 = w.fma(v2, x12);
            w = FloatVector.broadcast(S, a[a0 + 2 * lda + p]);
            x20 = w.fma(v0, x20); x21 = w.fma(v1, x21); x22 = w.fma(v2, x22);
            w = FloatVector.broadcast(S, a[a0 + 3 * lda + p]);
            x30 = w.fma(v0, x30); x31 = w.fma(v1, x31); x32 = w.fma(v2, x32);
        }
        x00.intoArray(c, c0); x01.intoArray(c, c0 + L); x02.intoArray(c, c0 + 2 * L);
        x10.intoArray(c, c1); x11.intoArray(c, c1 + L); x12.intoArray(c, c1 + 2 * L);
        x20.intoArray(c, c2); x21.intoArray(c, c2 + L); x22.intoArray(c, c2 + 2 * L);
        x30.intoArray(c, c3); x31.intoArray(c, c3 + L); x32.intoArray(c, c3 + 2 * L);
    }

    private static void row1x3(int p0, int p1, float[] a, int a0, float[] b, int b0, int ldb, float[] c, int c0) {
        FloatVector x0 = FloatVector.fromArray(S, c, c0), x1 = FloatVector.fromArray(S, c, c0 + L), x2 = FloatVector.fromArray(S, c, c0 + 2 * L);
        for (int p = p0; p < p1; p++) {
            int bp = b0 + p * ldb;
            FloatVector w = FloatVector.broadcast(S, a[a0 + p]);
            x0 = w.fma(FloatVector.fromArray(S, b, bp), x0);
            x1 = w.fma(FloatVector.fromArray(S, b, bp + L), x1);
            x2 = w.fma(FloatVector.fromArray(S, b, bp + 2 * L), x2);
        }
        x0.intoArray(c, c0); x1.intoArray(c, c0 + L); x2.intoArray(c, c0 + 2 * L);
    }

    private static void rows4x1(int p0, int p1, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] c, int c0, int ldc, VectorMask<Float> m) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector x0 = FloatVector.fromArray(S, c, c0, m), x1 = FloatVector.fromArray(S, c, c1, m);
        FloatVector x2 = FloatVector.fromArray(S, c, c2, m), x3 = FloatVector.fromArray(S, c, c3, m);
        for (int p = p0; p < p1; p++) {
            FloatVector v = FloatVector.fromArray(S, b, b0 + p * ldb, m);
            x0 = FloatVector.broadcast(S, a[a0 + p]).fma(v, x0);
            x1 = FloatVector.broadcast(S, a[a0 + lda + p]).fma(v, x1);
            x2 = FloatVector.broadcast(S, a[a0 + 2 * lda + p]).fma(v, x2);
            x3 = FloatVector.broadcast(S, a[a0 + 3 * lda + p]).fma(v, x3);
        }
        x0.intoArray(c, c0, m); x1.intoArray(c, c1, m); x2.intoArray(c, c2, m); x3.intoArray(c, c3, m);
    }

    private static void rows1x1(int p0, int p1, float[] a, int a0, float[] b, int b0, int ldb, float[] c, int c0, VectorMask<Float> m) {
        FloatVector x = FloatVector.fromArray(S, c, c0, m);
        for (int p = p0; p < p1; p++) x = FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, b, b0 + p * ldb, m), x);
        x.intoArray(c, c0, m);
    }
}
