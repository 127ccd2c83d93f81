package org.cellscape.video;

import org.cellscape.engine.RenderListener;

/** Told how a film advances: the walk's cell updates (as a render tells them), then each frame made and encoded. */
public interface FilmListener extends RenderListener {
    FilmListener NONE = new FilmListener() { };

    /** The work ahead: cell updates of the walk still to run, and frames to make (of which {@code framesKept} come from an interrupted run). */
    default void begin(long walkUpdates, int frames, int framesKept) { }

    /** Frame {@code index} (0-based) was written to the scratch folder. */
    default void frameMade(int index) { }

    /** Frame {@code index} went into the output. */
    default void frameEncoded(int index) { }

    default void end() { }
}
