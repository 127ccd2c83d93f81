package org.cellscape.render;

import java.util.Locale;
import org.cellscape.canvas.Units;

/**
 * Where a tiled render's time went, in thread-seconds of the backend's {@code threads} compute threads (the pipeline
 * thread, which also computes, and the backend's workers): {@code threads x wallSeconds} in all, the sum of the eight
 * phases. The pipeline thread's wall time in each phase is charged for every compute thread, since the others work on
 * it or wait for it; inside steps the backend's own busy time (when it measures it) is split between useful and halo
 * cells by their counts, and the rest of the step is waiting. Loads on the prefetch thread run beside the steps:
 * they are counted apart, in their own thread's seconds. Times are wall-clock intervals (System.nanoTime), so a
 * thread the system preempts is charged for the time it waits for a core.
 *
 * @param stepWallSeconds wall time the pipeline spent inside backend calls
 * @param steppedCells    cell updates the backend computed, halos included
 * @param usefulCells     cell updates of the tiles' cores: what the image needs
 * @param useful          thread-seconds stepping useful cells
 * @param halo            thread-seconds stepping halo cells (recomputed by a neighbour tile too)
 * @param stepWait        thread-seconds inside steps not computing rows: waiting at step barriers, or for the calling
 *                        thread's serial part of a call (the CPU backend's buffer copies)
 * @param loadWait        thread-seconds waiting for the prefetch thread's next tile
 * @param colour          thread-seconds colouring final cells into the RGB cache (the cache writes included)
 * @param encode          thread-seconds in the image writer (prediction, deflate, file writes; its pool's work
 *                        on a band the pipeline waits for)
 * @param scratch         thread-seconds storing state, reading the RGB cache, checksums, forcing, checkpoints, clean-up
 * @param other           thread-seconds of the rest: setup, tile copies between step chunks, control inputs
 * @param read            prefetch thread's seconds reading tiles from scratch, beside the above
 * @param upsample        prefetch thread's seconds upsampling (or seeding) loaded tiles, beside the above
 */
public record PhaseReport(int threads, double wallSeconds, double stepWallSeconds, long steppedCells, long usefulCells,
                          double useful, double halo, double stepWait, double loadWait, double colour, double encode,
                          double scratch, double other, double read, double upsample) {
    /** Every compute thread's time: the sum of the phases. */
    public double threadSeconds() {
        return threads * wallSeconds;
    }

    /** The eight phases' thread-seconds, which add up to {@link #threadSeconds}. */
    public double sum() {
        return useful + halo + stepWait + loadWait + colour + encode + scratch + other;
    }

    /** Stepped cell updates per second of wall time spent stepping: the step's own speed inside the render. */
    public double steppingRate() {
        return stepWallSeconds > 0 ? steppedCells / stepWallSeconds : 0;
    }

    /** Useful cell updates per second of the whole render. */
    public double usefulRate() {
        return wallSeconds > 0 ? usefulCells / wallSeconds : 0;
    }

    /** The two summary lines, e.g. {@code time (2 threads x 5 min): step 71% (halo 9% of it), colour 3%, ...}. */
    public String summary() {
        double step = useful + halo;
        return String.format(Locale.ROOT, "time (%d thread%s x %s): step %s (halo %s of it), colour %s, encode %s, scratch %s, "
                        + "idle %s (in steps %s, loads %s), other %s; beside them, loads %s (read %s, upsample %s)%n"
                        + "cells: %s updates stepped, %s useful; %s/s while stepping, %s/s useful end to end",
                threads, threads == 1 ? "" : "s", Units.duration(wallSeconds), pct(step), share(halo, step), pct(colour), pct(encode),
                pct(scratch), pct(stepWait + loadWait), pct(stepWait), pct(loadWait), pct(other), pct(read + upsample), pct(read),
                pct(upsample), Units.count(steppedCells), Units.count(usefulCells), Units.count(steppingRate()), Units.count(usefulRate()));
    }

    /** The figures as JSON members (no braces around them), for the last progress event. */
    public String json() {
        return String.format(Locale.ROOT, "\"time\":{\"threads\":%d,\"wallSeconds\":%.3f,\"stepWallSeconds\":%.3f,\"threadSeconds\":{"
                        + "\"useful\":%.3f,\"halo\":%.3f,\"stepWait\":%.3f,\"loadWait\":%.3f,\"colour\":%.3f,\"encode\":%.3f,"
                        + "\"scratch\":%.3f,\"other\":%.3f},\"prefetchSeconds\":{\"read\":%.3f,\"upsample\":%.3f}},"
                        + "\"cellUpdates\":{\"stepped\":%d,\"useful\":%d}",
                threads, wallSeconds, stepWallSeconds, useful, halo, stepWait, loadWait, colour, encode, scratch, other, read, upsample,
                steppedCells, usefulCells);
    }

    /** Thread-seconds as a percentage of all compute threads' time. */
    private String pct(double threadSeconds) {
        return share(threadSeconds, threadSeconds());
    }

    private static String share(double part, double whole) {
        double p = whole > 0 ? 100 * part / whole : 0;
        return String.format(Locale.ROOT, p < 9.95 && p > 0 ? "%.1f%%" : "%.0f%%", p);
    }
}
