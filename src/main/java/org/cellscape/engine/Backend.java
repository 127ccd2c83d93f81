package org.cellscape.engine;

import org.cellscape.model.NcaModel;

/**
 * Runs NCA steps; nothing more. The step itself is defined once, by {@link org.cellscape.engine.ReferenceStep};
 * a backend is any faster way to compute exactly that, and is tested against it.
 *
 * <p>{@link #advance} runs steps {@code firstStep .. firstStep+steps-1} of a level on a tile, leaving the result
 * in {@code tile.data()}. On a torus tile (the whole canvas) every cell is correct afterwards. On any other tile
 * step i (0-based within the call) computes only the cells at least i+1 from the border, so after k steps the
 * cells at least k from the border are correct: the caller gives the tile a halo of k cells.
 */
public interface Backend extends AutoCloseable {
    /** A short name for logs and file metadata, e.g. "cpu (AVX-512, 2 threads)". */
    String describe();

    void advance(Tile tile, NcaModel model, StepContext ctx, int level, int firstStep, int steps);

    /**
     * Steps a caller should give one {@link #advance} call: as many as it likes for a device that keeps the state
     * in its own memory between steps (each call is a round trip), a few for a host backend so progress moves.
     * Any split computes the same cells (the halo contract), so this only changes speed.
     */
    default int stepsPerCall() {
        return 8;
    }

    /** Threads that compute an {@link #advance} call, the calling thread included (host-side; a device counts as one). */
    default int threads() {
        return 1;
    }

    /**
     * Thread-nanoseconds this backend's threads have spent computing rows so far, summed over them (waits on each
     * other excluded), or -1 when it does not measure it: a render's time breakdown tells computing from waiting by it.
     * After {@link #advance} returns it includes that call.
     */
    default long busyNanos() {
        return -1;
    }

    @Override
    default void close() {}

    /**
     * The tile's control inputs for this model, checked to hold R = {@code model.extraInputs()} floats a cell; null
     * when the tile has none (then every control input is 0, as {@link ReferenceStep} defines).
     */
    static float[] control(Tile t, NcaModel model) {
        float[] c = t.control();
        if (c != null && c.length != t.width() * t.height() * model.extraInputs())
            throw new IllegalArgumentException("tile control has " + c.length / (t.width() * t.height()) + " inputs a cell, model "
                    + model.name() + " takes " + model.extraInputs());
        return c;
    }

    /** The region a step computes: whole tile on a torus, else shrunk by (i+1) on every side. */
    static int[] region(Tile t, int i) {
        if (t.isTorus()) return new int[]{0, 0, t.width(), t.height()};
        int m = i + 1;
        return new int[]{m, m, Math.max(m, t.width() - m), Math.max(m, t.height() - m)};
    }
}
