package org.cellscape.engine;

import org.cellscape.model.NcaModel;

/**
 * The multiscale ("fractal") render with the whole canvas in memory: seed, steps, upsample, steps, ... The tiled,
 * out-of-core renderer in {@code org.cellscape.canvas} computes exactly the same cells for canvases that do not fit.
 */
public final class Renderer {
    /** Steps per backend call: small enough for smooth progress, large enough to keep backends busy. */
    static final int CHUNK = 8;

    private Renderer() {}

    /** The level-0 state: zeros, or seeded noise (amplitude * Rng.noise) on every channel. */
    public static Tile seed(Schedule s, int channels, long seed) {
        if (!s.hasSeedSize()) throw new IllegalArgumentException("schedule has no seed size; fit it to a size first");
        Tile t = Tile.canvas(s.seedWidth(), s.seedHeight(), channels);
        if (s.init() == Schedule.Init.NOISE) fillNoise(t, s.noiseAmplitude(), seed);
        return t;
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
     * Runs the whole schedule. {@code start}, when not null, replaces the seed grid (its size must be the
     * schedule's seed size).
     */
    public static Tile render(NcaModel model, Schedule s, StepContext ctx, Tile start, Backend backend, RenderListener listener) {
        Tile t = start != null ? start : seed(s, model.channels(), ctx.seed());
        if (t.channels() != model.channels())
            throw new IllegalArgumentException("state has " + t.channels() + " channels, the model " + model.channels());
        for (int level = 0; level < s.levelCount(); level++) {
            if (level > 0) {
                Schedule.Level l = s.levels().get(level - 1);
                long w = (long) t.width() * l.factor(), h = (long) t.height() * l.factor();
                if (w * h * t.channels() > Integer.MAX_VALUE - 8)
                    throw new IllegalArgumentException("level " + level + " (" + w + "x" + h + ") does not fit in memory untiled");
                Tile next = Tile.canvas((int) w, (int) h, t.channels());
                Upsample.apply(t, next, l.factor(), l.mode());
                t = next;
            }
            run(t, model, ctx, level, s.steps(level), backend, listener);
        }
        return t;
    }

    /** Runs one level's steps on a torus tile, in chunks, telling the listener. */
    public static void run(Tile t, NcaModel model, StepContext ctx, int level, int steps, Backend backend, RenderListener listener) {
        listener.levelStarted(level, t.width(), t.height(), steps);
        for (int done = 0; done < steps; ) {
            int n = Math.min(CHUNK, steps - done);
            backend.advance(t, model, ctx, level, done, n);
            done += n;
            listener.advanced((long) t.width() * t.height() * n);
        }
    }
}
