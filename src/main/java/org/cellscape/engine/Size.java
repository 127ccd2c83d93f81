package org.cellscape.engine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellscape.CellscapeException;
import org.cellscape.TerminalText;

/** A size in cells or pixels, and the one parser of its text: "WIDTHxHEIGHT" or one number for a square. */
public record Size(long width, long height) {
    private static final Pattern TEXT = Pattern.compile("(\\d+)(?:\\s*[x×]\\s*(\\d+))?");

    /** Parses "4096x2048" or "512"; each side must be 1..max. Throws exit-2 errors that say what was wrong. */
    public static Size parse(String text, long max) {
        Matcher m = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw CellscapeException.invalid("'" + TerminalText.escape(text.trim()) + "' is not WIDTHxHEIGHT or one number (e.g. 4096x2048)");
        try {
            long w = Long.parseLong(m.group(1)), h = m.group(2) == null ? w : Long.parseLong(m.group(2));
            if (w >= 1 && h >= 1 && w <= max && h <= max) return new Size(w, h);
        } catch (NumberFormatException e) {
            // too many digits: the same answer as too large
        }
        throw CellscapeException.invalid("'" + TerminalText.escape(text.trim()) + "' must have sides of 1.." + max);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
