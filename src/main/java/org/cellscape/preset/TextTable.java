package org.cellscape.preset;

import java.io.PrintWriter;
import java.util.List;

/** Plain-text tables: columns padded to their widest cell, the last column left ragged. */
public final class TextTable {
    private TextTable() {}

    public static void print(PrintWriter out, List<String[]> rows) {
        int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] w = new int[cols];
        for (String[] r : rows)
            for (int c = 0; c < r.length - 1; c++) w[c] = Math.max(w[c], r[c].length());
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                if (c > 0) b.append("  ");
                b.append(c < r.length - 1 ? pad(r[c], w[c]) : r[c]);
            }
            out.println(b.toString().stripTrailing());
        }
        out.flush();
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }
}
