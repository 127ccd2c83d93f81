package org.cellscape.video;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.cellscape.canvas.Units;

/**
 * A plain progress line every few seconds: frames made and encoded, percent and ETA. Work is counted in cell
 * updates, a frame made or encoded as {@link #FRAME_WORK} updates per pixel (a rough weight: colouring, PNG and H.264 per
 * pixel cost a few 12/96 steps on a CPU), so the ETA moves on from the walk into the frames; work kept from an interrupted run is not speed.
 */
public final class FilmProgress implements FilmListener {
    static final int FRAME_WORK = 8;

    private final PrintWriter err;
    private final long intervalNanos, framePixels;
    private final LongSupplier nanos;
    private long total, done, start, last;
    private int frames, made, encoded;

    public FilmProgress(PrintWriter err, long intervalMillis, int frameWidth, int frameHeight) {
        this(err, intervalMillis, frameWidth, frameHeight, System::nanoTime);
    }

    FilmProgress(PrintWriter err, long intervalMillis, int frameWidth, int frameHeight, LongSupplier nanos) {
        this.err = err;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.framePixels = (long) frameWidth * frameHeight * FRAME_WORK;
        this.nanos = nanos;
    }

    @Override
    public void begin(long walkUpdates, int frames, int framesKept) {
        this.frames = frames;
        this.made = framesKept;
        total = walkUpdates + 2L * frames * framePixels - framesKept * framePixels;
        start = last = nanos.getAsLong();
        if (framesKept > 0) err.printf(Locale.ROOT, "cellscape: resuming: %d of %d frames kept from the interrupted run%n", framesKept, frames);
    }

    @Override
    public void advanced(long cellUpdates) {
        done += cellUpdates;
        maybePrint(false);
    }

    @Override
    public void frameMade(int index) {
        made++;
        done += framePixels;
        maybePrint(false);
    }

    @Override
    public void frameEncoded(int index) {
        encoded++;
        done += framePixels;
        maybePrint(false);
    }

    @Override
    public void end() {
        maybePrint(true);
    }

    /** Seconds left at this run's own rate; NaN before any work. */
    double etaSeconds() {
        double s = (nanos.getAsLong() - start) / 1e9;
        return done > 0 && s > 0 ? Math.max(0, total - done) * s / done : Double.NaN;
    }

    String line() {
        double pct = total == 0 ? 100 : Math.min(100, 100.0 * done / total);
        return String.format(Locale.ROOT, "video: frames made %d/%d  encoded %d/%d  %5.1f%%  ETA %s",
                made, frames, encoded, frames, pct, Units.duration(etaSeconds()));
    }

    private void maybePrint(boolean force) {
        long now = nanos.getAsLong();
        if (!force && now - last < intervalNanos) return;
        last = now;
        err.println(line());
        err.flush();
    }
}
