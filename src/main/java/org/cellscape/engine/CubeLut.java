package org.cellscape.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.cellscape.CellscapeException;

/**
 * A 3D colour LUT from an Adobe/Resolve {@code .cube} file, applied with trilinear interpolation.
 *
 * <p>Format: {@code #} comments, {@code TITLE "..."}, {@code LUT_3D_SIZE N} (2..256), optional
 * {@code DOMAIN_MIN r g b} / {@code DOMAIN_MAX r g b} (default 0 0 0 / 1 1 1), then N³ lines "r g b" with red
 * changing fastest, then green, then blue. Inputs outside the domain are clamped to it; outputs to 0..1.
 */
public final class CubeLut implements ColourGrade {
    static final int MAX_SIZE = 256;
    private final int n;
    /** Entry (r, g, b) at ((b * n + g) * n + r) * 3. */
    private final float[] table;
    private final float[] min, max;
    private final String title, id;

    CubeLut(int n, float[] table, float[] min, float[] max, String title, String id) {
        this.n = n;
        this.table = table;
        this.min = min;
        this.max = max;
        this.title = title;
        this.id = id;
    }

    /** Reads a .cube file; a malformed one is a one-line error "FILE:LINE: problem" (exit code 3). */
    public static CubeLut read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read LUT " + file + ": " + (Files.exists(file) ? e.getMessage() : "no such file"));
        }
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            return parse(r, file.toString(), file.getFileName() + " sha256:" + sha(bytes));
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read LUT " + file + ": " + e.getMessage());
        }
    }

    static CubeLut parse(BufferedReader r, String where, String id) throws IOException {
        int n = 0, entries = 0, lineNo = 0, lastData = 0;
        float[] table = null, min = {0, 0, 0}, max = {1, 1, 1};
        String title = "";
        for (String line; (line = r.readLine()) != null; ) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) continue;
            String[] f = s.split("\\s+");
            String key = f[0].toUpperCase(Locale.ROOT);
            switch (key) {
                case "TITLE" -> title = s.substring(5).strip().replaceAll("^\"|\"$", "");
                case "LUT_1D_SIZE" -> throw err(where, lineNo, "1D LUTs are not supported (only LUT_3D_SIZE)");
                case "LUT_3D_SIZE" -> {
                    if (table != null) throw err(where, lineNo, "LUT_3D_SIZE given twice");
                    if (f.length != 2) throw err(where, lineNo, "LUT_3D_SIZE needs one number");
                    n = (int) number(f[1], where, lineNo);
                    if (n < 2 || n > MAX_SIZE || n != number(f[1], where, lineNo))
                        throw err(where, lineNo, "LUT_3D_SIZE must be a whole number from 2 to " + MAX_SIZE + ", got " + f[1]);
                    table = new float[n * n * n * 3];
                }
                case "DOMAIN_MIN", "DOMAIN_MAX" -> {
                    if (entries > 0) throw err(where, lineNo, key + " must come before the table");
                    float[] v = triple(f, 1, where, lineNo, key);
                    if (key.equals("DOMAIN_MIN")) min = v;
                    else max = v;
                }
                default -> {
                    if (!Character.isDigit(s.charAt(0)) && s.charAt(0) != '-' && s.charAt(0) != '+' && s.charAt(0) != '.')
                        throw err(where, lineNo, "unknown keyword '" + f[0] + "'");
                    if (table == null) throw err(where, lineNo, "table data before LUT_3D_SIZE");
                    if (entries == n * n * n) throw err(where, lineNo, "more than " + n * n * n + " table lines (LUT_3D_SIZE " + n + ")");
                    float[] v = triple(f, 0, where, lineNo, "a table line");
                    System.arraycopy(v, 0, table, entries * 3, 3);
                    entries++;
                    lastData = lineNo;
                }
            }
        }
        if (table == null) throw err(where, Math.max(1, lineNo), "no LUT_3D_SIZE line (is this a .cube 3D LUT?)");
        if (entries != n * n * n)
            throw err(where, Math.max(1, lastData), "the table has " + entries + " lines, LUT_3D_SIZE " + n + " needs " + n * n * n);
        for (int c = 0; c < 3; c++)
            if (!(max[c] > min[c])) throw err(where, lineNo, "DOMAIN_MAX must be above DOMAIN_MIN in every channel");
        return new CubeLut(n, table, min, max, title, id);
    }

    private static float[] triple(String[] f, int from, String where, int line, String what) {
        if (f.length != from + 3) throw err(where, line, what + " needs three numbers, got " + (f.length - from));
        return new float[]{number(f[from], where, line), number(f[from + 1], where, line), number(f[from + 2], where, line)};
    }

    private static float number(String s, String where, int line) {
        try {
            float v = Float.parseFloat(s);
            if (!Float.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw err(where, line, "'" + s + "' is not a number");
        }
    }

    private static CellscapeException err(String where, int line, String why) {
        return CellscapeException.badInput(where + ":" + line + ": " + why);
    }

    /** First 16 hex digits of the SHA-256 of {@code b}. */
    static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int size() {
        return n;
    }

    public String title() {
        return title;
    }

    @Override
    public void apply(float[] c) {
        float pr = cell(c[0], 0), pg = cell(c[1], 1), pb = cell(c[2], 2);
        int r = Math.min((int) pr, n - 2), g = Math.min((int) pg, n - 2), b = Math.min((int) pb, n - 2);
        float tr = pr - r, tg = pg - g, tb = pb - b;
        int o000 = ((b * n + g) * n + r) * 3, dr = 3, dg = n * 3, db = n * n * 3;
        for (int ch = 0; ch < 3; ch++) {
            int o = o000 + ch;
            // along red, then green, then blue
            float c00 = lerp(table[o], table[o + dr], tr), c10 = lerp(table[o + dg], table[o + dg + dr], tr);
            float c01 = lerp(table[o + db], table[o + db + dr], tr), c11 = lerp(table[o + db + dg], table[o + db + dg + dr], tr);
            float v = lerp(lerp(c00, c10, tg), lerp(c01, c11, tg), tb);
            c[ch] = v > 1f ? 1f : (v >= 0f ? v : 0f);
        }
    }

    /** The input's position in table cells, 0..n-1, clamped to the domain (NaN to its minimum). */
    private float cell(float v, int k) {
        float u = (v - min[k]) / (max[k] - min[k]);
        return (u > 1f ? 1f : (u >= 0f ? u : 0f)) * (n - 1);
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    @Override
    public String describe() {
        return "lut " + id;
    }
}
