package org.cellscape.render;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.cellscape.canvas.Units;

/**
 * Render progress: level, pass, tile, percent, throughput and ETA. Percent and ETA weigh work by cells x steps (plus
 * one step's worth per cell for loading and storing), never by tile count, and the rate is this run's own (work
 * skipped by a resume counts as done, not as speed). Modes: a one-line display rewritten in place on a terminal, one
 * JSON object per line for scripts, or nothing. Notices are printed in every mode but {@link #none()}.
 */
public final class Progress implements PassListener {
    public enum Mode { NONE, LINE, JSON }

    private final Mode mode;
    private final PrintWriter err;
    private final LongSupplier nanos;
    private final long intervalNanos;
    private PassPlan plan;
    private PassPlan.Pass pass;
    private int tile;
    private long total, done, startDone, cellUpdates, startNanos, lastPrint = Long.MIN_VALUE;
    private int lastLength;

    public Progress(Mode mode, PrintWriter err) {
        this(mode, err, System::nanoTime);
    }

    Progress(Mode mode, PrintWriter err, LongSupplier nanos) {
        this.mode = mode;
        this.err = err;
        this.nanos = nanos;
        this.intervalNanos = mode == Mode.JSON ? 1_000_000_000L : 250_000_000L;
    }

    public static Progress none() {
        return new Progress(Mode.NONE, null);
    }

    @Override
    public void begin(PassPlan p, long alreadyDone) {
        plan = p;
        total = p.totalWork();
        done = startDone = alreadyDone;
        startNanos = nanos.getAsLong();
    }

    @Override
    public void tile(PassPlan.Pass p, int index) {
        pass = p;
        tile = index;
        maybePrint(false);
    }

    @Override
    public void advanced(long work, long updates) {
        done += work;
        cellUpdates += updates;
        maybePrint(false);
    }

    @Override
    public void notice(String message) {
        if (err == null) return;
        if (mode == Mode.LINE && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        err.println("cellscape: " + message);
        err.flush();
    }

    @Override
    public void end() {
        if (pass != null) maybePrint(true);
        if (mode == Mode.LINE && lastLength > 0) {
            err.print("\n");
            err.flush();
        }
    }

    public long done() { return done; }

    /** Cell updates per second in this run so far. */
    public double rate() {
        double s = (nanos.getAsLong() - startNanos) / 1e9;
        return s > 0 ? cellUpdates / s : 0;
    }

    /** Seconds left, from this run's work rate; NaN before there is one. */
    public double etaSeconds() {
        double s = (nanos.getAsLong() - startNanos) / 1e9, runWork = done - startDone;
        return runWork > 0 && s > 0 ? (total - done) * s / runWork : Double.NaN;
    }

    public double percent() {
        return total == 0 ? 100 : 100.0 * done / total;
    }

    private void maybePrint(boolean force) {
        if (mode == Mode.NONE || pass == null) return;
        long now = nanos.getAsLong();
        if (!force && lastPrint != Long.MIN_VALUE && now - lastPrint < intervalNanos) return;
        lastPrint = now;
        int levels = plan.schedule().levelCount(), passesOfLevel = 0, passInLevel = 0;
        for (PassPlan.Pass p : plan.passes())
            if (p.level() == pass.level()) {
                passesOfLevel++;
                if (p.index() <= pass.index()) passInLevel++;
            }
        int tiles = pass.grid().count();
        if (mode == Mode.JSON) {
            err.printf(Locale.ROOT, "{\"level\":%d,\"levels\":%d,\"pass\":%d,\"passes\":%d,\"tile\":%d,\"tiles\":%d,\"percent\":%.2f,"
                            + "\"cellUpdatesPerSecond\":%.0f,\"etaSeconds\":%s}%n",
                    pass.level(), levels, passInLevel, passesOfLevel, Math.min(tile + 1, tiles), tiles, percent(), rate(),
                    Double.isNaN(etaSeconds()) ? "null" : String.format(Locale.ROOT, "%.1f", etaSeconds()));
        } else {
            String line = String.format(Locale.ROOT, "level %d/%d  pass %d/%d  tile %d/%d  %5.1f%%  %s cell-updates/s  ETA %s",
                    pass.level(), levels - 1, passInLevel, passesOfLevel, Math.min(tile + 1, tiles), tiles, percent(),
                    Units.count(rate()), Units.duration(etaSeconds()));
            err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        }
        err.flush();
    }
}
