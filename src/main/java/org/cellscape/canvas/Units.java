package org.cellscape.canvas;

import java.util.Locale;

/** Human-readable figures for plans and progress. */
public final class Units {
    private Units() {}

    public static String bytes(long b) {
        if (b < 1024) return b + " B";
        String[] u = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, u[i]);
    }

    public static String count(double n) {
        if (n < 1e3) return String.format(Locale.ROOT, "%.0f", n);
        String[] u = {"k", "M", "G", "T"};
        int i = -1;
        while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
        return String.format(Locale.ROOT, n < 10 ? "%.2f%s" : n < 100 ? "%.1f%s" : "%.0f%s", n, u[i]);
    }

    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "?";
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + String.format(Locale.ROOT, "%02ds", s % 60);
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02dm", (s % 3600) / 60);
    }

    /** Parses a memory size: 2g, 512m, 1.5G, 100000 (bytes). */
    public static long parseBytes(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replaceAll("i?b$", "");
        long mul = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> mul = 1L << 10;
                case 'm' -> mul = 1L << 20;
                case 'g' -> mul = 1L << 30;
                case 't' -> mul = 1L << 40;
                default -> { }
            }
            if (mul > 1) t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t);
            if (!(v > 0)) throw new NumberFormatException();
            return (long) (v * mul);
        } catch (NumberFormatException e) {
            throw org.cellscape.CellscapeException.invalid("memory size '" + s + "' is not like 2g, 512m or 1500000");
        }
    }
}
