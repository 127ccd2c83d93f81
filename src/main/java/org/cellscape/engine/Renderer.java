package org.cellscape.engine;

import org.cellscape.model.NcaModel;

/**
 * The multiscale ("fractal") walk, defined once: seed, steps, upsample, steps, ... Every renderer is this walk over
 * different storage: {@link #render} holds whole canvases in memory; {@link #run(Tile, int, int, Visitor)} lets
 * tuning and the degeneracy check stop early, reuse cached levels or compute only a region of a level (with the
 * halo its steps need); the tiled, out-of-core renderer in {@code org.cellscape.render} calls {@link #seed(Tile)},
 * {@link #grow} and {@link #steps} tile by tile, so it computes exactly the same cells.
 */
public final class Renderer {
    /** Told about each level of a walk; every method has a default. */
    public interface Visitor {
        Visitor ALL = new Visitor() { };

        /**
         * The region of {@code level} to compute as {x, y, w, h} in the level's cells, or null for the whole canvas
         * (a torus). A region needs its source region at the level below, grown by its steps; once a level is a
         * region, the later levels must be too.
         */
        default long[] region(int level) {
            return null;
        }

        /** A state of {@code level} computed earlier (a cache), used instead of computing it; null to compute. */
        default Tile cached(int level) {
            return null;
        }

        /** At most this many steps of a whole-canvas level run between calls of {@link #stepped} (films see each step). */
        default int stepsPerVisit(int level) {
            return Integer.MAX_VALUE;
        }

        /** A whole-canvas {@code state} of {@code level} after {@code stepsDone} of its steps (0: just grown or seeded). */
        default void stepped(int level, int stepsDone, Tile state) { }

        /** {@code level} is done and {@code state} holds it; false stops the walk. */
        default boolean done(int level, Tile state) {
            return true;
        }
    }

    private final NcaModel model;
    private final Schedule schedule;
    private final StepContext ctx;
    private final Backend backend;
    private final RenderListener listener;
    private final ControlMap control;

    /** A walk of a fitted schedule (one with a seed size). */
    public Renderer(NcaModel model, Schedule fitted, StepContext ctx, Backend backend, RenderListener listener) {
        this(model, fitted, ctx, backend, listener, null);
    }

    /** As above, with a control map (null: none) giving every stepped tile its control inputs. */
    public Renderer(NcaModel model, Schedule fitted, StepContext ctx, Backend backend, RenderListener listener, ControlMap control) {
        if (!fitted.hasSeedSize()) throw new IllegalArgumentException("schedule has no seed size; fit it to a size first");
        if (control != null && control.rules() != model.extraInputs())
            throw new IllegalArgumentException("control map has " + control.rules() + " rules, the model " + model.extraInputs() + " extra inputs");
        this.control = control;
        this.model = model;
        this.schedule = fitted;
        this.ctx = ctx;
        this.backend = backend;
        this.listener = listener;
    }

    public Schedule schedule() {
        return schedule;
    }

    /** The level-0 state: zeros, or seeded noise (amplitude * Rng.noise) on every channel. */
    public static Tile seed(Schedule s, int channels, long seed) {
        if (!s.hasSeedSize()) throw new IllegalArgumentException("schedule has no seed size; fit it to a size first");
        Tile t = Tile.canvas(s.seedWidth(), s.seedHeight(), channels);
        if (s.init() == Schedule.Init.NOISE) fillNoise(t, s.noiseAmplitude(), seed);
        return t;
    }

    /** Fills any tile of the level-0 canvas with its seed state (zeros are already there). */
    public void seed(Tile t) {
        if (schedule.init() == Schedule.Init.NOISE) fillNoise(t, schedule.noiseAmplitude(), ctx.seed());
    }

    /** Seeded noise for any tile of the level-0 canvas (a pure function of global position). */
    public static void fillNoise(Tile t, float amplitude, long seed) {
        float[] d = t.data();
        int C = t.channels();
        for (int y = 0; y < t.height(); y++)
            for (int x = 0; x < t.width(); x++)
                for (int c = 0; c < C; c++)
                    d[(y * t.width() + x) * C + c] = amplitude * Rng.noise(seed, c, t.globalX(x), t.globalY(y));
    }

    /**
     * Runs the whole schedule in memory. {@code start}, when not null, replaces the seed grid (its size must be the
     * schedule's seed size).
     */
    public static Tile render(NcaModel model, Schedule s, StepContext ctx, Tile start, Backend backend, RenderListener listener) {
        return new Renderer(model, s, ctx, backend, listener).run(start, 0, s.levelCount() - 1, Visitor.ALL);
    }

    /**
     * Runs levels {@code from..to}. {@code state} is level {@code from - 1}'s state (for {@code from == 0}: a start
     * state replacing the seed grid, or null for the seed); returns the last level's state.
     */
    public Tile run(Tile state, int from, int to, Visitor visitor) {
        if (state != null && state.channels() != model.channels())
            throw new IllegalArgumentException("state has " + state.channels() + " channels, the model " + model.channels());
        for (int level = from; level <= to; level++) {
            Tile cached = visitor.cached(level);
            if (cached != null) {
                state = cached;
            } else {
                long[] r = visitor.region(level);
                Tile t;
                if (level == 0) {
                    t = state != null ? state : r == null ? seed(schedule, model.channels(), ctx.seed()) : regionOf(0, r);
                    if (state == null && r != null) seed(t);
                } else {
                    t = r == null ? wholeCanvas(level) : regionOf(level, r);
                    grow(state, t, level);
                }
                if (t.isTorus()) runWhole(t, level, visitor);
                else steps(t, level, 0, schedule.steps(level));
                state = t;
            }
            if (!visitor.done(level, state)) break;
        }
        return state;
    }

    /** Fills {@code dst}, a tile of {@code level}'s canvas, by upsampling {@code coarse}, a tile of the level below covering it. */
    public void grow(Tile coarse, Tile dst, int level) {
        Schedule.Level l = schedule.levels().get(level - 1);
        Upsample.apply(coarse, dst, l.factor(), l.mode());
    }

    /**
     * Runs steps {@code first .. first+n-1} of {@code level} on a tile, in one backend call (the halo contract),
     * giving the tile its control inputs first when the walk has a map and the tile none yet.
     */
    public void steps(Tile t, int level, int first, int n) {
        if (control != null && t.control() == null) control.attach(t);
        if (n > 0) backend.advance(t, model, ctx, level, first, n);
        listener.advanced((long) t.width() * t.height() * n);
    }

    /** Runs a level's steps on a whole canvas in chunks, telling the listener as they go. */
    private void runWhole(Tile t, int level, Visitor visitor) {
        int steps = schedule.steps(level), chunk = Math.min(backend.stepsPerCall(), Math.max(1, visitor.stepsPerVisit(level)));
        listener.levelStarted(level, t.width(), t.height(), steps);
        visitor.stepped(level, 0, t);
        for (int done = 0; done < steps; ) {
            int n = Math.min(chunk, steps - done);
            steps(t, level, done, n);
            done += n;
            visitor.stepped(level, done, t);
        }
    }

    private Tile wholeCanvas(int level) {
        long w = schedule.width(level), h = schedule.height(level);
        if (w * h * model.channels() > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("level " + level + " (" + w + "x" + h + ") does not fit in memory untiled");
        return Tile.canvas((int) w, (int) h, model.channels());
    }

    private Tile regionOf(int level, long[] r) {
        return new Tile((int) r[2], (int) r[3], model.channels(), r[0], r[1], schedule.width(level), schedule.height(level),
                new float[Math.toIntExact(r[2] * r[3] * model.channels())]);
    }
}
