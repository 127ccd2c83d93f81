package org.cellscape.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A gradient map: each pixel's luma (Rec. 709 weights on the stored values) picks a colour on a gradient.
 * Text form: comma-separated stops "COLOUR [POSITION]", colours #rgb or #rrggbb, positions 0..1 ascending; stops
 * without a position are spread evenly between their neighbours (the first defaults to 0, the last to 1), as in CSS.
 * Example: {@code "#000, #2a6 0.4, #fff"}.
 */
public final class GradientMap implements ColourGrade {
    private final float[] pos;
    private final float[][] rgb;
    private final String text;

    private GradientMap(float[] pos, float[][] rgb, String text) {
        this.pos = pos;
        this.rgb = rgb;
        this.text = text;
    }

    /** Parses the text form; a malformed one is an IllegalArgumentException naming the stop. */
    public static GradientMap parse(String text) {
        String[] parts = text.split(",");
        if (parts.length < 2) throw bad(text, "needs at least two colour stops, e.g. \"#000,#fff\"");
        int n = parts.length;
        float[] pos = new float[n];
        float[][] col = new float[n][];
        for (int i = 0; i < n; i++) {
            String[] f = parts[i].trim().split("\\s+");
            if (f.length < 1 || f.length > 2 || f[0].isEmpty()) throw bad(text, "stop '" + parts[i].trim() + "' is not 'COLOUR [POSITION]'");
            col[i] = colour(text, f[0]);
            pos[i] = Float.NaN;
            if (f.length == 2) {
                try {
                    pos[i] = Float.parseFloat(f[1]);
                } catch (NumberFormatException e) {
                    throw bad(text, "position '" + f[1] + "' is not a number");
                }
                if (!(pos[i] >= 0 && pos[i] <= 1)) throw bad(text, "position " + f[1] + " is outside 0..1");
            }
        }
        if (Float.isNaN(pos[0])) pos[0] = 0;
        if (Float.isNaN(pos[n - 1])) pos[n - 1] = 1;
        for (int i = 1; i < n; i++) {
            if (!Float.isNaN(pos[i])) continue;
            int j = i;
            while (Float.isNaN(pos[j])) j++;
            for (int k = i; k < j; k++) pos[k] = pos[i - 1] + (pos[j] - pos[i - 1]) * (k - i + 1) / (j - i + 1);
        }
        for (int i = 1; i < n; i++) if (pos[i] < pos[i - 1]) throw bad(text, "positions must ascend (" + pos[i - 1] + " then " + pos[i] + ")");
        List<String> norm = new ArrayList<>();
        for (int i = 0; i < n; i++) norm.add(parts[i].trim().split("\\s+")[0].toLowerCase(Locale.ROOT) + " " + pos[i]);
        return new GradientMap(pos, col, String.join(", ", norm));
    }

    private static float[] colour(String text, String c) {
        int v = hexColour(c);
        if (v < 0) throw bad(text, "colour '" + c + "' is not #rgb or #rrggbb");
        return new float[]{(v >> 16 & 255) / 255f, (v >> 8 & 255) / 255f, (v & 255) / 255f};
    }

    /** #rgb or #rrggbb as 0xRRGGBB, or -1 when it is neither. */
    static int hexColour(String c) {
        String h = c.startsWith("#") ? c.substring(1) : "";
        if (h.length() == 3) h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        return h.length() == 6 && h.matches("[0-9a-fA-F]{6}") ? Integer.parseInt(h, 16) : -1;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("gradient \"" + text + "\": " + why);
    }

    @Override
    public void apply(float[] c) {
        float y = 0.2126f * c[0] + 0.7152f * c[1] + 0.0722f * c[2];
        int n = pos.length;
        if (y <= pos[0]) {
            set(c, rgb[0]);
            return;
        }
        for (int i = 1; i < n; i++) {
            if (y <= pos[i]) {
                float span = pos[i] - pos[i - 1];
                float t = span > 0 ? (y - pos[i - 1]) / span : 1f;
                for (int k = 0; k < 3; k++) c[k] = rgb[i - 1][k] + (rgb[i][k] - rgb[i - 1][k]) * t;
                return;
            }
        }
        set(c, rgb[n - 1]);
    }

    private static void set(float[] c, float[] v) {
        c[0] = v[0];
        c[1] = v[1];
        c[2] = v[2];
    }

    @Override
    public String describe() {
        return "gradient " + text;
    }
}
