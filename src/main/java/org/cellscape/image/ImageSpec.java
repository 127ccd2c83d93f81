package org.cellscape.image;

import java.util.Map;

/**
 * What a writer needs to know before the first row: size, bit depth, the render parameters to embed as text,
 * and the resolution (dpi &lt;= 0: not given; the file then records {@link #DEFAULT_DPI}, so print software never
 * guesses 72).
 *
 * @param width      pixels per row (may exceed what one Java array holds in total: sinks stream)
 * @param height     rows
 * @param bits       16, or 8 for quick looks (writers dither 16 -> 8, they never truncate)
 * @param parameters key/value render parameters, embedded as text (PNG iTXt, TIFF ImageDescription)
 * @param dpi        dots per inch, or 0 when not given
 */
public record ImageSpec(long width, long height, int bits, Map<String, String> parameters, double dpi) {
    public ImageSpec {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        if (bits != 8 && bits != 16) throw new IllegalArgumentException("bits must be 8 or 16, got " + bits);
        parameters = Map.copyOf(parameters);
    }

    /** The resolution files record when none is given. */
    public static final double DEFAULT_DPI = 300;

    /** The resolution the file records: the given one, else {@link #DEFAULT_DPI}. */
    public double effectiveDpi() {
        return dpi > 0 ? dpi : DEFAULT_DPI;
    }

    /** A resolution as the parameters record it: the number as written, the default when none is given. */
    public static String dpiText(double dpi) {
        double d = dpi > 0 ? dpi : DEFAULT_DPI;
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
