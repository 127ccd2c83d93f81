package org.cellscape.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The product is, bit for bit, one scalar fma chain per element over k in order: the same bits at any vector width. */
class MatMulTest {
    @ParameterizedTest(name = "{0}x{2} by {2}x{1}")
    @CsvSource({"1, 1, 1", "4, 48, 128", "7, 50, 129", "5, 3, 300", "64, 17, 27", "9, 97, 260", "3, 200, 5"})
    void everyElementIsTheScalarFmaChain(int m, int n, int k) {
        SplittableRandom r = new SplittableRandom(m * 1000L + n * 10L + k);
        int lda = k + 3, ldb = n + 5, ldc = n + 2;
        float[] a = random(r, 2 + m * lda), b = random(r, 1 + k * ldb), c = random(r, 4 + m * ldc), expect = c.clone();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                float acc = expect[4 + i * ldc + j];
                for (int p = 0; p < k; p++) acc = Math.fma(a[2 + i * lda + p], b[1 + p * ldb + j], acc);
                expect[4 + i * ldc + j] = acc;
            }
        MatMul.mulAdd(m, n, k, a, 2, lda, b, 1, ldb, c, 4, ldc);
        for (int i = 0; i < c.length; i++) assertEquals(Float.floatToIntBits(expect[i]), Float.floatToIntBits(c[i]), "element " + i);
    }

    static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }
}
