package org.cellscape.video;

import org.cellscape.canvas.TileImages;
import org.cellscape.engine.Backend;
import org.cellscape.engine.ControlMap;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Tile;
import org.cellscape.image.Images;
import org.cellscape.render.RenderJob;

/**
 * The controlled film: one grid the size of the frame, its state evolving continuously. The job's one-level
 * schedule seeds it and gives the warm-up (its seed steps, run with the first frame's control); then each frame
 * runs {@code stepsPerFrame} more steps with the control map of the matching control frame and is coloured as a
 * render colours it. Step numbers run on through the film (warm-up 0..W-1, frame i: W+i*S ..), so the film is the
 * same however often it is interrupted. The state is kept every {@link #CHECKPOINT_FRAMES} frames.
 */
final class ControlFilm implements Film.Maker {
    static final int CHECKPOINT_FRAMES = 25;
    private final RenderJob job;
    private final FilmSettings film;
    private final ControlFrames controls;
    private final int stepsPerFrame;
    private final Schedule schedule;

    ControlFilm(RenderJob job, FilmSettings film, ControlFrames controls, int stepsPerFrame) {
        this.job = job;
        this.film = film;
        this.controls = controls;
        this.stepsPerFrame = stepsPerFrame;
        this.schedule = job.schedule();
        if (schedule.levelCount() != 1 || schedule.width(0) != film.width() || schedule.height(0) != film.height())
            throw new IllegalArgumentException("a controlled film's render is one level of the frame's size, got " + schedule);
        if (controls.frameCount() < film.frames())
            throw new IllegalArgumentException(film.frames() + " frames asked of a control of " + controls.frameCount());
    }

    @Override
    public String key() {
        return "controlled by " + controls.identity() + ", " + stepsPerFrame + " steps a frame";
    }

    @Override
    public long walkUpdates(FilmScratch s) {
        int kept = Math.max(0, s.lastCheckpoint());
        long cells = (long) film.width() * film.height();
        return cells * ((long) (film.frames() - kept) * stepsPerFrame + (kept == 0 ? schedule.seedSteps() : 0));
    }

    @Override
    public void make(FilmScratch s, Backend backend, FilmListener listener) {
        int kept = Math.max(0, s.lastCheckpoint()), frames = film.frames();
        int last = frames - 1;
        while (last >= kept && s.hasFrame(last)) last--;
        if (last < kept) return; // every frame after the kept state is there
        Tile state = kept > 0 ? s.checkpoint(kept) : Renderer.seed(schedule, job.model().channels(), job.ctx().seed());
        controls.skip(kept);
        Renderer walk = new Renderer(job.model(), schedule, job.ctx(), backend, listener);
        int warmup = schedule.seedSteps();
        for (int i = kept; i <= last; i++) {
            ControlMap map = controls.next();
            map.attach(state);
            int first = i == 0 ? 0 : warmup + i * stepsPerFrame, n = i == 0 ? warmup + stepsPerFrame : stepsPerFrame;
            for (int done = 0; done < n; ) {
                int chunk = Math.min(backend.stepsPerCall(), n - done);
                walk.steps(state, 0, first + done, chunk);
                done += chunk;
            }
            if (!s.hasFrame(i)) {
                Images.write(TileImages.fromTile(state, 0, 0, film.width(), film.height(), job.colours()), s.frame(i));
                listener.frameMade(i);
            }
            if ((i + 1) % CHECKPOINT_FRAMES == 0 && i < last) s.saveCheckpoint(i + 1, state);
        }
    }
}
