package org.cellscape.image;

/**
 * A small RGB image in memory (an exemplar): values 0..1, row-major, RGB interleaved.
 *
 * @param rgb width * height * 3 floats
 */
public record RgbImage(int width, int height, float[] rgb) {
    public RgbImage {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        if (rgb.length != (long) width * height * 3)
            throw new IllegalArgumentException("expected " + (long) width * height * 3 + " samples, got " + rgb.length);
    }

    /** Sample c (0..2) of pixel (x, y). */
    public float get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c];
    }
}
