package org.cellscape.engine;

/** Told how a render advances; progress displays implement it. Calls come from the rendering thread. */
public interface RenderListener {
    RenderListener NONE = new RenderListener() { };

    /** A level starts: its canvas size and step count. */
    default void levelStarted(int level, long width, long height, int steps) { }

    /** {@code cellUpdates} more cell updates (cells x steps) are done. */
    default void advanced(long cellUpdates) { }
}
