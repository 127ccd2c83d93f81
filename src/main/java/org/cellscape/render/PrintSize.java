package org.cellscape.render;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellscape.CellscapeException;
import org.cellscape.TerminalText;
import org.cellscape.engine.Size;

/**
 * Pixel sizes from {@code --size} and {@code --print}. A print size is a paper name (A0-A6, B0-B6, letter, legal,
 * tabloid; portrait, or with " landscape") or WxH with a unit (in, cm, mm), turned into pixels at a dpi (rounded to
 * the nearest pixel): A0 at 300 dpi is 9933 x 14043.
 */
public final class PrintSize {
    public static final double DEFAULT_DPI = 300;

    /** Paper sizes in millimetres, portrait. */
    private static final Map<String, double[]> PAPER = Map.ofEntries(
            Map.entry("a0", new double[]{841, 1189}), Map.entry("a1", new double[]{594, 841}), Map.entry("a2", new double[]{420, 594}),
            Map.entry("a3", new double[]{297, 420}), Map.entry("a4", new double[]{210, 297}), Map.entry("a5", new double[]{148, 210}),
            Map.entry("a6", new double[]{105, 148}),
            Map.entry("b0", new double[]{1000, 1414}), Map.entry("b1", new double[]{707, 1000}), Map.entry("b2", new double[]{500, 707}),
            Map.entry("b3", new double[]{353, 500}), Map.entry("b4", new double[]{250, 353}), Map.entry("b5", new double[]{176, 250}),
            Map.entry("b6", new double[]{125, 176}),
            Map.entry("letter", new double[]{215.9, 279.4}), Map.entry("legal", new double[]{215.9, 355.6}),
            Map.entry("tabloid", new double[]{279.4, 431.8}));
    private static final Pattern DIMS = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*[x×]\\s*(\\d+(?:\\.\\d+)?)\\s*(in|inch|inches|\"|cm|mm)");

    private PrintSize() {}

    /** Parses a print size (paper name or WxH with a unit) at {@code dpi} dots per inch. */
    public static Size parsePrint(String s, double dpi) {
        if (!(dpi > 0 && dpi <= 10000)) throw CellscapeException.invalid("dpi must be between 0 and 10000, got " + dpi);
        String t = s.trim().toLowerCase(Locale.ROOT);
        boolean landscape = t.endsWith("landscape");
        if (landscape) t = t.substring(0, t.length() - "landscape".length()).replaceAll("[\\s:_-]+$", "");
        double wmm, hmm;
        double[] paper = PAPER.get(t);
        if (paper != null) {
            wmm = paper[0];
            hmm = paper[1];
        } else {
            Matcher m = DIMS.matcher(t);
            if (!m.matches()) throw CellscapeException.invalid("'" + TerminalText.escape(s) + "' is not a paper size (A0-A6, B0-B6, letter, legal, tabloid) or WxH with in, cm or mm (e.g. 24x36in)");
            double unit = switch (m.group(3)) {
                case "cm" -> 10;
                case "mm" -> 1;
                default -> 25.4;
            };
            wmm = Double.parseDouble(m.group(1)) * unit;
            hmm = Double.parseDouble(m.group(2)) * unit;
        }
        if (landscape && wmm < hmm) { double x = wmm; wmm = hmm; hmm = x; }
        long w = Math.round(wmm / 25.4 * dpi), h = Math.round(hmm / 25.4 * dpi);
        if (w < 1 || h < 1) throw CellscapeException.invalid(TerminalText.escape(s) + " at " + dpi + " dpi is less than a pixel");
        return new Size(w, h);
    }
}
