package org.cellscape.engine;

import org.cellscape.model.NcaModel;

/**
 * State to colour: v = clamp(s[c] * scale + offset, 0, 1) for c = 0, 1, 2 (the family decides scale and offset),
 * then the optional {@link ColourGrade} (LUT, gradient map) on the unit RGB, then 16-bit sample =
 * (int) (v * 65535 + 0.5) in float32.
 */
public final class ColourMap {
    private final float scale, offset;
    private final ColourGrade grade;

    public ColourMap(float scale, float offset) {
        this(scale, offset, null);
    }

    private ColourMap(float scale, float offset, ColourGrade grade) {
        this.scale = scale;
        this.offset = offset;
        this.grade = grade;
    }

    public static ColourMap of(NcaModel m) {
        return new ColourMap(m.colourScale(), m.colourOffset());
    }

    public float scale() {
        return scale;
    }

    public float offset() {
        return offset;
    }

    /** The same mapping followed by {@code g} (null: none). */
    public ColourMap withGrade(ColourGrade g) {
        return new ColourMap(scale, offset, g);
    }

    public ColourGrade grade() {
        return grade;
    }

    public float unit(float s) {
        float v = s * scale + offset;
        return v > 1f ? 1f : (v >= 0f ? v : 0f); // NaN maps to 0
    }

    public int sample16(float s) {
        return (int) (unit(s) * 65535f + 0.5f);
    }

    /** The unit RGB of the cell whose channels start at {@code d[base]}, graded, into {@code rgb[0..2]}. */
    public void unitRgb(float[] d, int base, float[] rgb) {
        rgb[0] = unit(d[base]);
        rgb[1] = unit(d[base + 1]);
        rgb[2] = unit(d[base + 2]);
        if (grade != null) grade.apply(rgb);
    }

    /**
     * Converts rows [y0, y1) of columns [x0, x0+w) of a tile to interleaved 16-bit RGB, written at {@code out[outOffset]}.
     */
    public void toRgb16(Tile t, int x0, int w, int y0, int y1, short[] out, int outOffset) {
        int C = t.channels();
        float[] d = t.data();
        float[] rgb = new float[3];
        int o = outOffset;
        for (int y = y0; y < y1; y++) {
            int base = (y * t.width() + x0) * C;
            for (int x = 0; x < w; x++, base += C) {
                unitRgb(d, base, rgb);
                out[o++] = (short) (int) (rgb[0] * 65535f + 0.5f);
                out[o++] = (short) (int) (rgb[1] * 65535f + 0.5f);
                out[o++] = (short) (int) (rgb[2] * 65535f + 0.5f);
            }
        }
    }
}
