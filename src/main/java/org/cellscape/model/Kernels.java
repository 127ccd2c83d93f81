package org.cellscape.model;

import java.util.List;

/**
 * Perception kernel sets. Each kernel is 3x3, stored row-major as k[(dy+1)*3 + (dx+1)], applied as a
 * correlation: feature(x,y) = sum k[(dy+1)*3+(dx+1)] * s(x+dx, y+dy). y grows downwards (row index).
 */
public record Kernels(List<String> names, float[][] weights) {

    static final float[] IDENTITY = {0, 0, 0, 0, 1, 0, 0, 0, 0};
    static final float[] SOBEL_X = {-1, 0, 1, -2, 0, 2, -1, 0, 1};
    static final float[] SOBEL_Y = {-1, -2, -1, 0, 0, 0, 1, 2, 1};
    static final float[] LAPLACIAN = {1, 2, 1, 2, -12, 2, 1, 2, 1};

    public static final Kernels UNSCALED = new Kernels(
            List.of("identity", "sobel_x", "sobel_y", "laplacian"),
            new float[][]{IDENTITY, SOBEL_X, SOBEL_Y, LAPLACIAN});
    public static final Kernels GOOGLE = new Kernels(
            List.of("identity", "sobel_x/8", "sobel_y/8", "laplacian/8"),
            new float[][]{IDENTITY, scaled(SOBEL_X, 0.125f), scaled(SOBEL_Y, 0.125f), scaled(LAPLACIAN, 0.125f)});

    public int count() {
        return weights.length;
    }

    static float[] scaled(float[] k, float s) {
        float[] r = new float[9];
        for (int i = 0; i < 9; i++) r[i] = k[i] * s;
        return r;
    }

    /** Describes a kernel by name when it matches a known one, else prints its numbers. */
    public static String describe(float[] k) {
        for (Kernels set : List.of(UNSCALED, GOOGLE))
            for (int i = 0; i < set.count(); i++)
                if (java.util.Arrays.equals(set.weights[i], k)) return set.names.get(i);
        return java.util.Arrays.toString(k);
    }
}
