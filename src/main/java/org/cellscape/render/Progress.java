package org.cellscape.render;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.cellscape.canvas.Units;

/**
 * Render progress: level, pass, tile, percent, throughput and ETA. Percent and ETA weigh work by cells x steps (plus
 * one step's worth per cell for loading and storing), never by tile count. The rate starts from the plan's measured
 * speed ({@link #expect}) and moves to this run's own over its first {@link #SETTLE_SECONDS} (work skipped by a
 * resume counts as done, not as speed), so the first ETA is already right, also after a resume. Levels are counted
 * as the plan counts them (0 = the seed) in every mode. Modes: a one-line display rewritten in place on a terminal,
 * a plain line every few seconds when piped, one JSON object per line for scripts, or nothing. Notices are printed
 * in every mode but {@link #none()}.
 */
public final class Progress implements PassListener {
    public enum Mode { NONE, LINE, PLAIN, JSON }

    /** Seconds of this run after which its own rate alone makes the ETA. */
    static final double SETTLE_SECONDS = 20;
    /** Default interval of plain lines (piped output). */
    public static final long PLAIN_INTERVAL_MILLIS = 5000;

    private final Mode mode;
    private final PrintWriter err;
    private final LongSupplier nanos;
    private final long intervalNanos;
    private PassPlan plan;
    private PassPlan.Pass pass;
    private int tile;
    private long total, done, startDone, cellUpdates, startNanos, lastPrint = Long.MIN_VALUE;
    private int lastLength;
    private boolean printed;
    private double expected = Double.NaN;
    private PhaseReport phases;

    public Progress(Mode mode, PrintWriter err) {
        this(mode, err, System::nanoTime);
    }

    Progress(Mode mode, PrintWriter err, LongSupplier nanos) {
        this(mode, err, nanos, switch (mode) {
            case JSON -> 1000;
            case PLAIN -> PLAIN_INTERVAL_MILLIS;
            default -> 250;
        });
    }

    /** With {@code intervalMillis} between printed lines. */
    public Progress(Mode mode, PrintWriter err, long intervalMillis) {
        this(mode, err, System::nanoTime, intervalMillis);
    }

    Progress(Mode mode, PrintWriter err, LongSupplier nanos, long intervalMillis) {
        this.mode = mode;
        this.err = err;
        this.nanos = nanos;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** The speed the plan measured (cell updates per second), the rate until this run has its own. */
    public Progress expect(double cellUpdatesPerSecond) {
        expected = cellUpdatesPerSecond > 0 ? cellUpdatesPerSecond : Double.NaN;
        return this;
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
        if (mode == Mode.PLAIN) lastPrint = startNanos; // the first plain line comes after one interval
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
    public void phases(PhaseReport report) {
        phases = report;
    }

    /** Where the finished render's time went, or null before it finished. */
    public PhaseReport phases() {
        return phases;
    }

    @Override
    public void end() {
        if (pass != null && (mode != Mode.PLAIN || printed)) maybePrint(true);
        if (mode == Mode.LINE && lastLength > 0) {
            err.print("\n");
            err.flush();
        }
    }

    public long done() { return done; }

    public Mode mode() { return mode; }

    /**
     * Weight of this run's own rate against the expected one: 0 at the start, 1 after {@link #SETTLE_SECONDS};
     * squared, since a run's first seconds (code still compiling, small levels) are its least typical.
     */
    private double own(double seconds) {
        double w = Math.min(1, seconds / SETTLE_SECONDS);
        return Double.isNaN(expected) ? 1 : w * w;
    }

    /** Cell updates per second: the plan's figure at first, this run's own once it has run a while. */
    public double rate() {
        double s = (nanos.getAsLong() - startNanos) / 1e9, w = own(s);
        double measured = s > 0 ? cellUpdates / s : 0;
        return w >= 1 ? measured : (1 - w) * expected + w * measured;
    }

    /** Seconds left: from the expected speed at first, then from this run's work rate; NaN when neither is known. */
    public double etaSeconds() {
        double s = (nanos.getAsLong() - startNanos) / 1e9, runWork = done - startDone, w = own(s);
        double measured = runWork > 0 && s > 0 ? (total - done) * s / runWork : Double.NaN;
        if (w >= 1) return measured;
        double prior = (total - done) / expected;
        return Double.isNaN(measured) ? prior : (1 - w) * prior + w * measured;
    }

    public double percent() {
        return total == 0 ? 100 : 100.0 * done / total;
    }

    private void maybePrint(boolean force) {
        if (mode == Mode.NONE || pass == null) return;
        long now = nanos.getAsLong();
        if (!force && lastPrint != Long.MIN_VALUE && now - lastPrint < intervalNanos) return;
        lastPrint = now;
        printed = true;
        int levels = plan.schedule().levelCount(), passesOfLevel = 0, passInLevel = 0;
        for (PassPlan.Pass p : plan.passes())
            if (p.level() == pass.level()) {
                passesOfLevel++;
                if (p.index() <= pass.index()) passInLevel++;
            }
        int tiles = pass.grid().count();
        if (mode == Mode.JSON) {
            err.printf(Locale.ROOT, "{\"level\":%d,\"levels\":%d,\"pass\":%d,\"passes\":%d,\"tile\":%d,\"tiles\":%d,\"percent\":%.2f,"
                            + "\"cellUpdatesPerSecond\":%.0f,\"etaSeconds\":%s%s}%n",
                    pass.level(), levels, passInLevel, passesOfLevel, Math.min(tile + 1, tiles), tiles, percent(), rate(),
                    Double.isNaN(etaSeconds()) ? "null" : String.format(Locale.ROOT, "%.1f", etaSeconds()),
                    force && phases != null ? ",\"done\":true," + phases.json() : "");
        } else {
            String line = String.format(Locale.ROOT, "level %d of 0-%d  pass %d/%d  tile %d/%d  %5.1f%%  %s cell-updates/s  ETA %s",
                    pass.level(), levels - 1, passInLevel, passesOfLevel, Math.min(tile + 1, tiles), tiles, percent(),
                    Units.count(rate()), Units.duration(etaSeconds()));
            if (mode == Mode.PLAIN) {
                err.println(line);
            } else {
                err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
                lastLength = line.length();
            }
        }
        err.flush();
    }
}
