package org.cellscape.video;

import org.cellscape.engine.Backend;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Tile;
import org.cellscape.image.Images;
import org.cellscape.render.RenderJob;

/**
 * The growth film: the render's own walk (seed, steps, upsample, steps, ...), each level's image area coloured and
 * scaled to the frame (the largest centred view of the frame's shape). The walk's states are numbered in order (every level's grown state, then
 * one per step) and the frames spread evenly over them, so a film shows a few frames per group of steps, or holds
 * a state over several frames when it has more frames than states.
 */
final class GrowthFilm implements Film.Maker {
    private final RenderJob job;
    private final FilmSettings film;
    private final Schedule schedule;
    /** The number of the first state (the grown one) of each level. */
    private final long[] base;
    private final long states;

    GrowthFilm(RenderJob job, FilmSettings film) {
        this.job = job;
        this.film = film;
        this.schedule = job.schedule();
        base = new long[schedule.levelCount()];
        long n = 0;
        for (int l = 0; l < base.length; l++) {
            base[l] = n;
            n += schedule.steps(l) + 1;
        }
        states = n;
    }

    /** The walk state frame {@code i} shows. */
    long stateOf(int i) {
        int frames = film.frames();
        return frames == 1 ? states - 1 : Math.round((double) i * (states - 1) / (frames - 1));
    }

    /** Cell updates of the walk still to run after the checkpoint. */
    @Override
    public long walkUpdates(FilmScratch s) {
        long n = 0;
        for (int l = s.lastCheckpoint() + 1; l < base.length; l++) n += schedule.width(l) * schedule.height(l) * schedule.steps(l);
        return n;
    }

    @Override
    public void make(FilmScratch s, Backend backend, FilmListener listener) {
        int frames = film.frames();
        long last = -1;
        for (int i = 0; i < frames; i++) if (!s.hasFrame(i)) last = stateOf(i);
        if (last < 0) return;
        long lastNeeded = last;
        int cp = s.lastCheckpoint();
        Tile start = cp >= 0 ? s.checkpoint(cp) : null;
        double[] whole = ZoomFilm.Path.fit(job.outWidth(), job.outHeight(), film.width(), film.height());
        new Renderer(job.model(), schedule, job.ctx(), backend, listener, job.control()).run(start, cp + 1, base.length - 1, new Renderer.Visitor() {
            int next = firstFrameFrom(base[cp + 1]);

            @Override
            public int stepsPerVisit(int level) {
                return 1;
            }

            @Override
            public void stepped(int level, int stepsDone, Tile state) {
                long j = base[level] + stepsDone;
                LevelImage img = null;
                for (; next < frames && stateOf(next) == j; next++) {
                    if (s.hasFrame(next)) continue;
                    if (img == null) img = LevelImage.of(job, level, state);
                    Images.write(LevelImage.frame(img.sample(whole, film.width(), film.height()), film.width(), film.height()), s.frame(next));
                    listener.frameMade(next);
                }
            }

            @Override
            public boolean done(int level, Tile state) {
                boolean more = base[level] + schedule.steps(level) < lastNeeded;
                if (more) s.saveCheckpoint(level, state);
                return more;
            }
        });
    }

    private int firstFrameFrom(long state) {
        int i = 0;
        while (i < film.frames() && stateOf(i) < state) i++;
        return i;
    }
}
