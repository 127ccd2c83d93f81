package org.cellscape.canvas;

/**
 * How a render is cut up (never what it computes): the tile size, the most steps one pass runs (its halo), and the
 * largest canvas (in cells) run untiled as one torus tile. A resumed render reuses its checkpoint's layout.
 *
 * @param tile         core size of a tile in cells; {@link #UNTILED} runs every level as one torus tile
 * @param passSteps    the most steps per pass = the halo; with a float16 store it also fixes where values are rounded
 * @param untiledCells levels of at most this many cells run untiled (0: only when the tile covers the canvas)
 */
public record Layout(int tile, int passSteps, long untiledCells) {
    public static final int UNTILED = Integer.MAX_VALUE;
    /** Default steps per pass: a 1024-cell tile then recomputes ~6% in its halo, and most levels need one pass. */
    public static final int DEFAULT_PASS_STEPS = 32;

    public Layout {
        if (tile < 1) throw new IllegalArgumentException("tile size must be positive, got " + tile);
        if (passSteps < 1) throw new IllegalArgumentException("steps per pass must be positive, got " + passSteps);
        if (untiledCells < 0) throw new IllegalArgumentException("untiled cells must be >= 0");
    }

    /** Whether a level canvas of w x h cells runs as one torus tile. */
    public boolean untiled(long w, long h, int channels) {
        boolean fitsArray = w <= Integer.MAX_VALUE && h <= Integer.MAX_VALUE && w * h * channels <= Integer.MAX_VALUE - 8;
        return fitsArray && (tile >= Math.max(w, h) || w * h <= untiledCells);
    }
}
