package org.cellscape.train;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellscape.CellscapeException;
import org.cellscape.image.ImageReaders;

/**
 * A texture example as planar RGB in [0, 1] ({@code rgb[(c * height + y) * width + x]}), plus notes about
 * conversions made while reading it (grayscale expanded, alpha dropped).
 */
public record Exemplar(String name, int width, int height, double[] rgb, List<String> notes) {

    /** Training crops small patches; a larger exemplar (its doubles take 24 bytes a pixel) is a mistake or a bomb. */
    public static final long MAX_PIXELS = 1L << 24;

    /** Reads a PNG/JPEG/... with ImageIO; unreadable files are a BAD_INPUT error with a one-line message. */
    public static Exemplar read(Path file) {
        if (!Files.isRegularFile(file)) throw CellscapeException.badInput("exemplar " + file + " does not exist or is not a file");
        BufferedImage img = ImageReaders.decode(file, MAX_PIXELS);
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return of(dot > 0 ? n.substring(0, dot) : n, img);
    }

    public static Exemplar of(String name, BufferedImage img) {
        List<String> notes = new ArrayList<>();
        int bands = img.getColorModel().getNumColorComponents();
        if (bands == 1) notes.add("exemplar is grayscale; training on it as gray RGB");
        if (img.getColorModel().hasAlpha()) notes.add("exemplar has an alpha channel; it is ignored (colours are used as if opaque)");
        int w = img.getWidth(), h = img.getHeight();
        double[] rgb = new double[3 * w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                for (int c = 0; c < 3; c++) rgb[(c * h + y) * w + x] = ((argb >> (16 - 8 * c)) & 255) / 255.0;
            }
        return new Exemplar(name, w, h, rgb, List.copyOf(notes));
    }

    /** Mean of each colour channel. */
    public double[] meanColour() {
        double[] m = new double[3];
        int n = width * height;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) m[c] += rgb[c * n + i];
            m[c] /= n;
        }
        return m;
    }

    /** A w x h crop at (x0, y0). */
    public double[] crop(int x0, int y0, int w, int h) {
        double[] r = new double[3 * w * h];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                System.arraycopy(rgb, (c * height + y0 + y) * width + x0, r, (c * h + y) * w, w);
        return r;
    }
}
