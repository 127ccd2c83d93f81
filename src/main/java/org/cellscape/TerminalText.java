package org.cellscape;

/**
 * Untrusted text (a model's metadata, names from files) made safe to print on a terminal: control characters,
 * invisible format characters (bidi overrides) and line separators are shown as escapes, so text can neither
 * move the cursor, recolour, retitle the terminal nor forge extra lines. A backslash is doubled so escapes stay
 * unambiguous.
 */
public final class TerminalText {
    private TerminalText() {}

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    int type = Character.getType(c);
                    if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED || type == Character.SURROGATE)
                        b.append(c < 0x100 ? String.format("\\x%02x", c) : c < 0x10000 ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
                    else b.appendCodePoint(c);
                }
            }
        });
        return b.toString();
    }

    /**
     * Text kept to one line: line breaks, control and format characters shown as escapes; backslashes and all
     * else untouched (for messages that may already hold escaped text).
     */
    public static String oneLine(String s) {
        if (s == null) return null;
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\\') b.append('\\');
            else if (c == '\t') b.append(' ');
            else {
                String e = escape(new String(Character.toChars(c)));
                b.append(e);
            }
        });
        return b.toString();
    }
}
