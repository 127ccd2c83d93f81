package org.cellscape.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.cellscape.CellscapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .cube reader and trilinear lookup, and the gradient map, against small independent computations. */
class ColourGradeTest {
    @TempDir
    Path dir;

    /** A random N-size table written as .cube text (red fastest), kept as [r][g][b][ch] for the check. */
    private static String cube(double[][][][] t, int n, String header) {
        StringBuilder b = new StringBuilder("# made by the test\nTITLE \"random\"\n" + header + "LUT_3D_SIZE " + n + "\n");
        for (int bi = 0; bi < n; bi++)
            for (int g = 0; g < n; g++)
                for (int r = 0; r < n; r++)
                    b.append(String.format(Locale.ROOT, "%.6f %.6f %.6f%n", t[r][g][bi][0], t[r][g][bi][1], t[r][g][bi][2]));
        return b.toString();
    }

    /** Trilinear interpolation written as the weighted sum over the eight corners of the enclosing cell. */
    private static double expected(double[][][][] t, int n, double[] in, int ch) {
        double[] p = new double[3];
        int[] i = new int[3];
        for (int k = 0; k < 3; k++) {
            p[k] = Math.max(0, Math.min(1, in[k])) * (n - 1);
            i[k] = Math.min((int) Math.floor(p[k]), n - 2);
            p[k] -= i[k];
        }
        double sum = 0;
        for (int dr = 0; dr < 2; dr++)
            for (int dg = 0; dg < 2; dg++)
                for (int db = 0; db < 2; db++) {
                    double w = (dr == 0 ? 1 - p[0] : p[0]) * (dg == 0 ? 1 - p[1] : p[1]) * (db == 0 ? 1 - p[2] : p[2]);
                    sum += w * t[i[0] + dr][i[1] + dg][i[2] + db][ch];
                }
        return Math.max(0, Math.min(1, sum));
    }

    @Test
    void trilinearLookupMatchesTheCornerSum() throws Exception {
        Random rnd = new Random(3);
        for (int n : new int[]{2, 3, 5}) {
            double[][][][] t = new double[n][n][n][3];
            for (double[][][] a : t) for (double[][] b : a) for (double[] c : b) for (int k = 0; k < 3; k++) c[k] = rnd.nextDouble();
            Path f = dir.resolve("r" + n + ".cube");
            Files.writeString(f, cube(t, n, ""));
            CubeLut lut = CubeLut.read(f);
            assertEquals(n, lut.size());
            assertEquals("random", lut.title());
            for (int s = 0; s < 200; s++) {
                double[] in = {rnd.nextDouble() * 1.2 - 0.1, rnd.nextDouble(), s == 0 ? 1 : rnd.nextDouble()};
                float[] c = {(float) in[0], (float) in[1], (float) in[2]};
                lut.apply(c);
                for (int ch = 0; ch < 3; ch++) assertEquals(expected(t, n, in, ch), c[ch], 2e-5, "n=" + n + " sample " + s);
            }
        }
    }

    @Test
    void domainMapsInputsBeforeTheLookup() throws Exception {
        // identity over domain 0..2: an input of 1 sits in the middle of the table
        Path f = dir.resolve("d.cube");
        Files.writeString(f, "DOMAIN_MIN 0 0 0\nDOMAIN_MAX 2 2 2\nLUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n");
        float[] c = {1f, 0.5f, 2f};
        CubeLut.read(f).apply(c);
        assertEquals(0.5f, c[0], 1e-6);
        assertEquals(0.25f, c[1], 1e-6);
        assertEquals(1f, c[2], 1e-6);
    }

    @Test
    void malformedFilesNameTheFileAndLine() throws Exception {
        String[][] cases = {
                {"LUT_3D_SIZE 2\n0 0 0\n1 0 0\n", ":3: the table has 2 lines, LUT_3D_SIZE 2 needs 8"},
                {"# c\nLUT_3D_SIZE 2\n0 0 zero\n", ":3: 'zero' is not a number"},
                {"0 0 0\n", ":1: table data before LUT_3D_SIZE"},
                {"LUT_1D_SIZE 16\n", ":1: 1D LUTs are not supported"},
                {"LUT_3D_SIZE 1\n", ":1: LUT_3D_SIZE must be a whole number from 2 to 256"},
                {"TITLE \"x\"\nFOO 1\n", ":2: unknown keyword 'FOO'"},
                {"LUT_3D_SIZE 2\n0 0\n", ":2: a table line needs three numbers, got 2"},
        };
        for (String[] c : cases) {
            Path f = dir.resolve("bad.cube");
            Files.writeString(f, c[0]);
            CellscapeException e = assertThrows(CellscapeException.class, () -> CubeLut.read(f));
            assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
            assertTrue(e.getMessage().startsWith(f + c[1]), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line");
        }
    }

    @Test
    void gradientInterpolatesBetweenStopsByLuma() {
        GradientMap g = GradientMap.parse("#000, #2a6 0.4, #fff");
        float[] grey = {0.2f, 0.2f, 0.2f}; // luma 0.2: half-way from black to #22aa66
        g.apply(grey);
        assertEquals(0x22 / 255f / 2, grey[0], 1e-6);
        assertEquals(0xaa / 255f / 2, grey[1], 1e-6);
        assertEquals(0x66 / 255f / 2, grey[2], 1e-6);
        float[] white = {1, 1, 1};
        g.apply(white);
        assertEquals(1f, white[1], 1e-6);
        // positions spread evenly when not given: the middle stop of three sits at 0.5
        float[] mid = {0.5f, 0.5f, 0.5f};
        GradientMap.parse("#000,#f00,#fff").apply(mid);
        assertEquals(1f, mid[0], 1e-6);
        assertEquals(0f, mid[1], 1e-6);
        assertThrows(IllegalArgumentException.class, () -> GradientMap.parse("#000"));
        assertThrows(IllegalArgumentException.class, () -> GradientMap.parse("#000 0.6, #fff 0.2"));
        assertThrows(IllegalArgumentException.class, () -> GradientMap.parse("#00g, #fff"));
    }
}
