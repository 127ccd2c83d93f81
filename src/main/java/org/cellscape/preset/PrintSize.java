package org.cellscape.preset;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A physical print size: an ISO A size ({@code A0} .. {@code A10}, portrait unless followed by "landscape") or
 * {@code WxH} with a unit ({@code 24x36in}, {@code 60x40cm}, {@code 420x297mm}). Pixels = inches x dpi, rounded.
 */
public record PrintSize(double widthInches, double heightInches) {
    private static final Map<Integer, int[]> A_MM = Map.ofEntries(
            Map.entry(0, new int[]{841, 1189}), Map.entry(1, new int[]{594, 841}), Map.entry(2, new int[]{420, 594}),
            Map.entry(3, new int[]{297, 420}), Map.entry(4, new int[]{210, 297}), Map.entry(5, new int[]{148, 210}),
            Map.entry(6, new int[]{105, 148}), Map.entry(7, new int[]{74, 105}), Map.entry(8, new int[]{52, 74}),
            Map.entry(9, new int[]{37, 52}), Map.entry(10, new int[]{26, 37}));
    private static final Pattern ISO = Pattern.compile("a(\\d+)(?:\\s+(portrait|landscape))?");
    private static final Pattern CUSTOM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*x\\s*(\\d+(?:\\.\\d+)?)\\s*(in|cm|mm)");

    public PrintSize {
        if (!(widthInches > 0 && heightInches > 0)) throw new IllegalArgumentException("print size must be positive");
    }

    /** Parses a print size, or throws IllegalArgumentException saying what is accepted. */
    public static PrintSize parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = ISO.matcher(s);
        if (m.matches()) {
            int n = Integer.parseInt(m.group(1));
            int[] mm = A_MM.get(n);
            if (mm == null) throw new IllegalArgumentException("'" + text + "': ISO sizes are A0 to A10");
            boolean landscape = "landscape".equals(m.group(2));
            return new PrintSize((landscape ? mm[1] : mm[0]) / 25.4, (landscape ? mm[0] : mm[1]) / 25.4);
        }
        m = CUSTOM.matcher(s);
        if (m.matches()) {
            double per = switch (m.group(3)) {
                case "in" -> 1;
                case "cm" -> 1 / 2.54;
                default -> 1 / 25.4;
            };
            double w = Double.parseDouble(m.group(1)) * per, h = Double.parseDouble(m.group(2)) * per;
            if (!(w > 0 && h > 0)) throw new IllegalArgumentException("'" + text + "': sides must be positive");
            return new PrintSize(w, h);
        }
        throw new IllegalArgumentException("'" + text + "' is not a print size (A0..A10 [landscape], or WxH with in, cm or mm, e.g. 24x36in, 60x40cm)");
    }

    public long widthPixels(double dpi) {
        return Math.max(1, Math.round(widthInches * dpi));
    }

    public long heightPixels(double dpi) {
        return Math.max(1, Math.round(heightInches * dpi));
    }
}
