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

    /**
     * No exemplar: a flat mid-grey {@code side} x {@code side} stand-in for a run steered by its image losses alone
     * (a text prompt). It only gives the trainer's shapes; the patch loss is off and nothing is compared with it.
     */
    public static Exemplar none(int side) {
        double[] rgb = new double[3 * side * side];
        java.util.Arrays.fill(rgb, 0.5);
        return new Exemplar(NONE, side, side, rgb, List.of());
    }

    /** The name of {@link #none}'s stand-in. */
    public static final String NONE = "(no exemplar)";

    public boolean isNone() {
        return NONE.equals(name);
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

    /**
     * This exemplar resampled by {@code factor} (sides rounded, at least 1): smaller by area averaging (each new
     * pixel is the mean of the old pixels it covers, fractions weighted), larger by bilinear interpolation.
     */
    public Exemplar scaled(double factor) {
        if (!(factor > 0)) throw new IllegalArgumentException("scale must be positive, got " + factor);
        if (factor == 1) return this;
        int w2 = Math.max(1, (int) Math.round(width * factor)), h2 = Math.max(1, (int) Math.round(height * factor));
        double[] rows = new double[3 * width * h2], out = new double[3 * w2 * h2];
        double[][] wy = weights(height, h2), wx = weights(width, w2); // vertical, then horizontal
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h2; y++)
                for (int k = 0; k < wy[y].length / 2; k++) {
                    int from = (int) wy[y][2 * k];
                    double wt = wy[y][2 * k + 1];
                    for (int x = 0; x < width; x++) rows[(c * h2 + y) * width + x] += wt * rgb[(c * height + from) * width + x];
                }
            for (int y = 0; y < h2; y++)
                for (int x = 0; x < w2; x++) {
                    double v = 0;
                    for (int k = 0; k < wx[x].length / 2; k++) v += wx[x][2 * k + 1] * rows[(c * h2 + y) * width + (int) wx[x][2 * k]];
                    out[(c * h2 + y) * w2 + x] = v;
                }
        }
        List<String> n = new ArrayList<>(notes);
        String f = new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.3g", factor)).stripTrailingZeros().toPlainString();
        n.add(String.format(java.util.Locale.ROOT, "exemplar scaled by %s from %dx%d to %dx%d", f, width, height, w2, h2));
        return new Exemplar(name, w2, h2, out, List.copyOf(n));
    }

    /** Per new sample: pairs (old index, weight) summing to 1; area coverage when shrinking, bilinear when growing. */
    private static double[][] weights(int from, int to) {
        double[][] w = new double[to][];
        double step = from / (double) to;
        for (int i = 0; i < to; i++) {
            List<double[]> pairs = new ArrayList<>();
            if (to <= from) {
                double a = i * step, b = a + step;
                for (int j = (int) Math.floor(a); j < Math.min(from, Math.ceil(b)); j++) {
                    double cover = Math.min(b, j + 1) - Math.max(a, j);
                    if (cover > 0) pairs.add(new double[]{j, cover / step});
                }
            } else {
                double centre = (i + 0.5) * step - 0.5, f = centre - Math.floor(centre);
                int j = (int) Math.floor(centre);
                pairs.add(new double[]{Math.max(0, j), 1 - f});
                pairs.add(new double[]{Math.min(from - 1, j + 1), f});
            }
            w[i] = new double[2 * pairs.size()];
            for (int k = 0; k < pairs.size(); k++) {
                w[i][2 * k] = pairs.get(k)[0];
                w[i][2 * k + 1] = pairs.get(k)[1];
            }
        }
        return w;
    }

    /**
     * The factor of {@code --scale auto}: shrink (never enlarge) so the shorter side is about 1.5x the training grid,
     * so the grid holds two thirds of the picture and the largest structures a photo shows several of fit it; never
     * below {@code minSide}, the loss pyramid's smallest exemplar.
     */
    public static double fitScale(int shorterSide, int trainingSide, int minSide) {
        int target = Math.max(minSide, (int) Math.round(1.5 * trainingSide));
        return shorterSide <= target ? 1 : target / (double) shorterSide;
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
