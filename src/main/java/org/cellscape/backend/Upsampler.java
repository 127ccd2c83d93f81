package org.cellscape.backend;

import org.cellscape.engine.Backend;
import org.cellscape.engine.Tile;
import org.cellscape.engine.Upsample;

/**
 * Implemented by backends that can also upsample between levels on their device (the OpenCL backend), so a tiled
 * renderer need not upsample on the CPU. Results are identical to {@link Upsample#apply}, with the same
 * preconditions and exceptions. Callers use {@link #apply}, which falls back to {@code Upsample.apply}.
 */
public interface Upsampler {
    void upsample(Tile src, Tile dst, int factor, Upsample.Mode mode);

    /** Upsamples with the backend when it can, else on the CPU. */
    static void apply(Backend backend, Tile src, Tile dst, int factor, Upsample.Mode mode) {
        if (backend instanceof Upsampler u) u.upsample(src, dst, factor, mode);
        else Upsample.apply(src, dst, factor, mode);
    }
}
