package org.cellscape.preset;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean": the nearest candidate by edit distance, when it is near enough to be a likely typo. */
public final class Suggest {
    private Suggest() {}

    /** The closest candidate within max(2, length/3) edits, or null. */
    public static String nearest(String word, Collection<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c.equalsIgnoreCase(word)) continue; // the word itself is no suggestion
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best != null && bestD <= Math.max(2, w.length() / 3) ? best : null;
    }

    /** " (did you mean 'X'?)" or "". */
    public static String hint(String word, Collection<String> candidates) {
        String s = nearest(word, candidates);
        return s == null ? "" : " (did you mean '" + s + "'?)";
    }

    /** Levenshtein distance, counting an adjacent transposition as one edit (optimal string alignment). */
    public static int distance(String a, String b) {
        int n = a.length(), m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) d[i][0] = i;
        for (int j = 0; j <= m; j++) d[0][j] = j;
        for (int i = 1; i <= n; i++)
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        return d[n][m];
    }
}
