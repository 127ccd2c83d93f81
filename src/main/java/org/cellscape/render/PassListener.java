package org.cellscape.render;

/**
 * Told how a tiled render advances, from the rendering thread; progress displays implement it. Work is counted in
 * the units of {@link PassPlan.Pass#work}.
 */
public interface PassListener {
    PassListener NONE = new PassListener() { };

    /** The render starts; {@code alreadyDone} is work a resumed checkpoint had finished. */
    default void begin(PassPlan plan, long alreadyDone) { }

    /** Tile {@code index} of {@code pass} starts. */
    default void tile(PassPlan.Pass pass, int index) { }

    /** {@code work} units are done, {@code updates} of them cell updates. */
    default void advanced(long work, long updates) { }

    /** Where the finished render's time went; told once, just before {@link #end}. */
    default void phases(PhaseReport report) { }

    default void end() { }

    /** Something the user should know (a resume, a redone pass), in one line without the program's prefix. */
    default void notice(String message) { }
}
