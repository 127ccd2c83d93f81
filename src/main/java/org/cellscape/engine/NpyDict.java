package org.cellscape.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python literal of an .npy header: a dict of quoted string keys whose values are strings, True/False/None,
 * integers or tuples of integers, with any whitespace and trailing commas (what numpy's literal_eval accepts for
 * these types). Nothing nests deeper than a tuple of integers, so there is no recursion to exhaust.
 */
final class NpyDict {
    /** A parse failure; the message says what and where, in one line. */
    static final class Bad extends Exception {
        Bad(String message) {
            super(message);
        }
    }

    /** A tuple's items: (3) is an int in Python, (3,) a tuple. */
    record Tuple(List<Long> items) {}

    private final String s;
    private int p;

    private NpyDict(String s) {
        this.s = s;
    }

    /** Keys in order to Strings, Booleans, null (None), Longs or Tuples. */
    static Map<String, Object> parse(String text) throws Bad {
        NpyDict d = new NpyDict(text);
        Map<String, Object> out = d.dict();
        d.space();
        if (d.p < text.length()) throw new Bad("unexpected text after the header dict at character " + d.p);
        return out;
    }

    private Map<String, Object> dict() throws Bad {
        space();
        expect('{');
        Map<String, Object> out = new LinkedHashMap<>();
        while (true) {
            space();
            if (peek() == '}') break;
            String key = string();
            space();
            expect(':');
            space();
            if (out.containsKey(key)) throw new Bad("duplicate key '" + key + "'");
            out.put(key, value());
            space();
            if (peek() == ',') { p++; continue; }
            if (peek() != '}') throw new Bad("expected ',' or '}' at character " + p);
        }
        p++;
        return out;
    }

    private Object value() throws Bad {
        char c = peek();
        if (c == '\'' || c == '"') return string();
        if (c == '(') return tuple();
        if (c == '-' || Character.isDigit(c)) return integer();
        String word = word();
        return switch (word) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> null;
            default -> throw new Bad(word.isEmpty() ? "unexpected character at " + p : "'" + shorten(word) + "' is not a Python literal");
        };
    }

    /** "(a, b, c)" with an optional trailing comma; "(a)" is just a. */
    private Object tuple() throws Bad {
        expect('(');
        List<Long> items = new ArrayList<>();
        boolean comma = false;
        while (true) {
            space();
            if (peek() == ')') break;
            items.add(integer());
            space();
            if (peek() == ',') { p++; comma = true; continue; }
            if (peek() != ')') throw new Bad("expected ',' or ')' at character " + p);
        }
        p++;
        return items.size() == 1 && !comma ? items.getFirst() : new Tuple(items);
    }

    private long integer() throws Bad {
        int start = p;
        if (peek() == '-') p++;
        int digits = p;
        while (Character.isDigit(peek()) && peek() < 128) p++;
        String t = s.substring(start, p);
        if (p == digits) throw new Bad("expected an integer at character " + start);
        if (p - digits > 1 && s.charAt(digits) == '0') throw new Bad("'" + shorten(t) + "' is not a Python integer");
        if (p - digits > 18) throw new Bad("integer " + shorten(t) + " is too large");
        return Long.parseLong(t);
    }

    private String string() throws Bad {
        char q = peek();
        if (q != '\'' && q != '"') throw new Bad("expected a quoted key at character " + p);
        int end = s.indexOf(q, p + 1);
        if (end < 0) throw new Bad("unterminated string at character " + p);
        String v = s.substring(p + 1, end);
        if (v.indexOf('\\') >= 0 || v.indexOf('\n') >= 0) throw new Bad("unsupported escape or line break in a string at character " + p);
        p = end + 1;
        return v;
    }

    private String word() {
        int start = p;
        while (Character.isLetter(peek())) p++;
        return s.substring(start, p);
    }

    private void space() {
        while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t' || s.charAt(p) == '\n' || s.charAt(p) == '\r')) p++;
    }

    private char peek() {
        return p < s.length() ? s.charAt(p) : '\0';
    }

    private void expect(char c) throws Bad {
        if (peek() != c) throw new Bad("expected '" + c + "' at character " + p);
        p++;
    }

    private static String shorten(String t) {
        return t.length() > 24 ? t.substring(0, 24) + "..." : t;
    }
}
