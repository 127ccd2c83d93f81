package org.cellscape.render;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.cellscape.engine.Backend;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;

/**
 * Where a tiled render's time goes, measured as it runs (the definitions: {@link PhaseReport}). The pipeline thread
 * is always in exactly one phase: {@link #enter} closes the running one, so the phases' times add up to its wall time.
 * Only the pipeline thread switches phases and counts cells; the prefetch thread only adds to two lock-free counters.
 */
final class PhaseTimes {
    /** What the pipeline thread is doing. */
    enum Phase { STEP, LOAD_WAIT, COLOUR, ENCODE, SCRATCH, OTHER }

    private final LongSupplier clock;
    private final int threads;
    private final long[] nanos = new long[Phase.values().length];
    private Phase current = Phase.OTHER;
    private long mark, start;
    /** The backend's busy thread-nanoseconds inside steps; -1 once it is seen not to measure them. */
    private long busy;
    private long stepped, useful;
    private final LongAdder loadNanos = new LongAdder(), readNanos = new LongAdder();

    PhaseTimes(int threads) {
        this(threads, System::nanoTime);
    }

    PhaseTimes(int threads, LongSupplier clock) {
        this.threads = Math.max(1, threads);
        this.clock = clock;
        this.mark = this.start = clock.getAsLong();
    }

    /** Starts the clock again from now, in {@link Phase#OTHER}, with no time counted. */
    void restart() {
        java.util.Arrays.fill(nanos, 0);
        busy = stepped = useful = 0;
        loadNanos.reset();
        readNanos.reset();
        current = Phase.OTHER;
        mark = start = clock.getAsLong();
    }

    /** Switches the pipeline thread to {@code p}; returns the phase it was in, for going back. */
    Phase enter(Phase p) {
        long now = clock.getAsLong();
        nanos[current.ordinal()] += now - mark;
        mark = now;
        Phase was = current;
        current = p;
        return was;
    }

    /** Cells a tile's core gained: its cells times the steps it was advanced. */
    void useful(long cellUpdates) {
        useful += cellUpdates;
    }

    /** A load on the prefetch thread took {@code nanos}, {@code readNanos} of them reading scratch. */
    void loaded(long nanos, long readNanos) {
        loadNanos.add(nanos);
        this.readNanos.add(readNanos);
    }

    long clock() {
        return clock.getAsLong();
    }

    /** {@code backend}, its calls timed as steps and the cells they compute counted (the halo contract's regions). */
    Backend timed(Backend backend) {
        return new Backend() {
            @Override
            public String describe() {
                return backend.describe();
            }

            @Override
            public int stepsPerCall() {
                return backend.stepsPerCall();
            }

            @Override
            public int threads() {
                return backend.threads();
            }

            @Override
            public long busyNanos() {
                return backend.busyNanos();
            }

            @Override
            public void advance(Tile tile, NcaModel model, StepContext ctx, int level, int firstStep, int steps) {
                for (int i = 0; i < steps; i++) {
                    int[] r = Backend.region(tile, i);
                    stepped += (long) Math.max(0, r[2] - r[0]) * Math.max(0, r[3] - r[1]);
                }
                Phase was = enter(Phase.STEP);
                long b0 = backend.busyNanos();
                try {
                    backend.advance(tile, model, ctx, level, firstStep, steps);
                } finally {
                    long b1 = backend.busyNanos();
                    if (b0 < 0 || b1 < 0) busy = -1;
                    else if (busy >= 0) busy += b1 - b0;
                    enter(was);
                }
            }
        };
    }

    /** The figures so far, the running phase closed at this instant. */
    PhaseReport report() {
        enter(current);
        double[] s = new double[nanos.length];
        for (int i = 0; i < s.length; i++) s[i] = nanos[i] / 1e9;
        double wall = (mark - start) / 1e9; // measured apart from the phases, which must add up to it
        double stepThreads = threads * s[Phase.STEP.ordinal()];
        double computing = busy < 0 ? stepThreads : Math.min(stepThreads, busy / 1e9);
        double usefulShare = stepped == 0 ? 1 : (double) Math.min(useful, stepped) / stepped;
        return new PhaseReport(threads, wall, s[Phase.STEP.ordinal()], stepped, useful,
                computing * usefulShare, computing * (1 - usefulShare), stepThreads - computing,
                threads * s[Phase.LOAD_WAIT.ordinal()], threads * s[Phase.COLOUR.ordinal()], threads * s[Phase.ENCODE.ordinal()],
                threads * s[Phase.SCRATCH.ordinal()], threads * s[Phase.OTHER.ordinal()],
                readNanos.sum() / 1e9, (loadNanos.sum() - readNanos.sum()) / 1e9);
    }
}
