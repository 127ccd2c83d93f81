package org.cellscape.model;

import java.util.Locale;

/**
 * The NCA families Cellscape knows. A family fixes the defaults of everything the weights do not say:
 * perception kernels, clipping, fire rate and the colour mapping. Any default can be overridden by
 * a metadata key in the model file (see docs/model-format.md).
 */
public enum Family {
    /** Google's "Self-Organising Textures" NCA: scaled kernels, clipping everywhere, colour = rgb/2 + 0.5. */
    GOOGLE(Kernels.GOOGLE, 0.5f, 2f, 2f, 2f, 2f, 0.5f, 0.5f),
    /** The PyTorch texture-NCA notebook: unscaled kernels, no clipping, no second bias, colour = rgb + 0.5. */
    PYTORCH(Kernels.UNSCALED, 0.5f, Float.NaN, Float.NaN, Float.NaN, Float.NaN, 1f, 0.5f),
    /** The 4-channel RGBA variant (4 kernels x 4 channels = 16 inputs -> 8 hidden -> 4); colour = rgb + 0.5. */
    RGBA(Kernels.UNSCALED, 0.5f, Float.NaN, Float.NaN, Float.NaN, Float.NaN, 1f, 0.5f),
    /** Models trained by Cellscape's own trainer (Google's step, so imported and trained models share one path). */
    CELLSCAPE(Kernels.GOOGLE, 0.5f, 2f, 2f, 2f, 2f, 0.5f, 0.5f);

    final Kernels kernels;
    final float fireRate;
    /** NaN means "no clipping". */
    final float clipPerception, clipHidden, clipUpdate, clipState;
    final float colourScale, colourOffset;

    Family(Kernels kernels, float fireRate, float clipPerception, float clipHidden, float clipUpdate,
           float clipState, float colourScale, float colourOffset) {
        this.kernels = kernels;
        this.fireRate = fireRate;
        this.clipPerception = clipPerception;
        this.clipHidden = clipHidden;
        this.clipUpdate = clipUpdate;
        this.clipState = clipState;
        this.colourScale = colourScale;
        this.colourOffset = colourOffset;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Family parse(String s) {
        for (Family f : values()) if (f.id().equals(s.trim().toLowerCase(Locale.ROOT))) return f;
        throw new IllegalArgumentException("unknown model family '" + s + "' (known: google, pytorch, rgba, cellscape)");
    }
}
