package org.cellscape.engine;

import java.nio.file.Path;

/**
 * A colour transform after the scale/offset mapping, on unit RGB (0..1, sRGB-encoded as the image stores it), before
 * the 16-bit quantisation: a 3D LUT ({@link CubeLut}), a gradient map ({@link GradientMap}), or both in that order.
 */
public interface ColourGrade {
    /** Transforms {@code rgb[0..2]} in place; the result is clamped to 0..1. */
    void apply(float[] rgb);

    /** What it is, for the image's parameters (file name and content hash, or the gradient text). */
    String describe();

    /** The grade from a LUT file and a gradient text (either may be null); null when there is neither. */
    static ColourGrade of(Path lut, String gradient) {
        ColourGrade g = gradient == null || gradient.isBlank() ? null : GradientMap.parse(gradient);
        ColourGrade l = lut == null ? null : CubeLut.read(lut);
        if (g == null) return l;
        if (l == null) return g;
        return new ColourGrade() {
            @Override
            public void apply(float[] rgb) {
                g.apply(rgb);
                l.apply(rgb);
            }

            @Override
            public String describe() {
                return g.describe() + " then " + l.describe();
            }
        };
    }
}
