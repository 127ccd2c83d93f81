package org.cellscape.engine;

import org.cellscape.model.NcaModel;

/**
 * State to colour: v = clamp(s[c] * scale + offset, 0, 1) for c = 0, 1, 2 (the family decides scale and offset),
 * then 16-bit sample = (int) (v * 65535 + 0.5) in float32.
 */
public final class ColourMap {
    private final float scale, offset;

    public ColourMap(float scale, float offset) {
        this.scale = scale;
        this.offset = offset;
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

    public float unit(float s) {
        float v = s * scale + offset;
        return v > 1f ? 1f : (v >= 0f ? v : 0f); // NaN maps to 0
    }

    public int sample16(float s) {
        return (int) (unit(s) * 65535f + 0.5f);
    }

    /**
     * Converts rows [y0, y1) of columns [x0, x0+w) of a tile to interleaved 16-bit RGB, written at {@code out[outOffset]}.
     */
    public void toRgb16(Tile t, int x0, int w, int y0, int y1, short[] out, int outOffset) {
        int C = t.channels();
        float[] d = t.data();
        int o = outOffset;
        for (int y = y0; y < y1; y++) {
            int base = (y * t.width() + x0) * C;
            for (int x = 0; x < w; x++, base += C) {
                out[o++] = (short) sample16(d[base]);
                out[o++] = (short) sample16(d[base + 1]);
                out[o++] = (short) sample16(d[base + 2]);
            }
        }
    }
}
