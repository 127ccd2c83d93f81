package org.cellscape.video;

import org.cellscape.CellscapeException;
import org.cellscape.engine.Backend;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Tile;
import org.cellscape.image.Images;
import org.cellscape.render.RenderJob;

/**
 * The zoom film: the render walked once, each level's colours kept in the scratch folder, then a continuous zoom
 * from the whole image into a point. The view shrinks exponentially (a steady zoom speed) about the point, which
 * keeps its place in the frame. Each frame comes from the two levels whose resolutions bracket the view's: the
 * coarser shown at most one level factor enlarged, the finer shrunk; they are cross-faded by log resolution, so a
 * level is shown alone exactly when its cells are the frame's pixels and nothing pops when the next takes over.
 */
final class ZoomFilm implements Film.Maker {
    private final RenderJob job;
    private final FilmSettings film;
    private final Schedule schedule;
    private final Path path;

    /** The zoom's views: from the whole image (fitted to the frame's shape, centred) to one final pixel a frame pixel. */
    record Path(double startW, double startH, double centreX, double centreY, double x, double y, int fw, int fh) {
        /** The largest view of the frame's shape centred on the image {x, y, w, h}: a zoom's first frame, every growth frame. */
        static double[] fit(long outW, long outH, int fw, int fh) {
            double w = Math.min(outW, (double) outH * fw / fh), h = w * fh / fw;
            return new double[]{(outW - w) / 2, (outH - h) / 2, w, h};
        }

        static Path of(long outW, long outH, int fw, int fh, double x, double y) {
            double[] v = fit(outW, outH, fw, fh);
            double w = v[2], h = v[3];
            if (w <= fw)
                throw CellscapeException.invalid("the canvas " + outW + "x" + outH + " is not larger than the " + fw + "x" + fh
                        + " frame: a zoom needs a larger canvas");
            double cx = outW / 2.0, cy = outH / 2.0;
            if (!(Math.abs(x - cx) <= w / 2 && Math.abs(y - cy) <= h / 2))
                throw CellscapeException.invalid("the zoom point " + x + "," + y + " is outside the first view ("
                        + Math.round(cx - w / 2) + ".." + Math.round(cx + w / 2) + ", " + Math.round(cy - h / 2) + ".." + Math.round(cy + h / 2) + ")");
            return new Path(w, h, cx, cy, x, y, fw, fh);
        }

        /** The view {x, y, w, h} in final-image pixels at {@code t} in 0..1. */
        double[] view(double t) {
            double s = Math.pow(fw / startW, t), w = startW * s, h = startH * s;
            double cx = x + (centreX - x) * s, cy = y + (centreY - y) * s;
            return new double[]{cx - w / 2, cy - h / 2, w, h};
        }
    }

    ZoomFilm(RenderJob job, FilmSettings film) {
        this.job = job;
        this.film = film;
        this.schedule = job.schedule();
        this.path = Path.of(job.outWidth(), job.outHeight(), film.width(), film.height(), film.atX(), film.atY());
    }

    @Override
    public long walkUpdates(FilmScratch s) {
        if (levelsDone(s)) return 0;
        long n = 0;
        for (int l = s.lastCheckpoint() + 1; l < schedule.levelCount(); l++) n += schedule.width(l) * schedule.height(l) * schedule.steps(l);
        return n;
    }

    @Override
    public void make(FilmScratch s, Backend backend, FilmListener listener) {
        if (s.framesKept(film.frames()) == film.frames()) return;
        int levels = schedule.levelCount();
        if (!levelsDone(s)) {
            int cp = s.lastCheckpoint();
            Tile start = cp >= 0 ? s.checkpoint(cp) : null;
            new Renderer(job.model(), schedule, job.ctx(), backend, listener, job.control()).run(start, cp + 1, levels - 1, new Renderer.Visitor() {
                @Override
                public boolean done(int level, Tile state) {
                    LevelImage.of(job, level, state).save(s.level(level));
                    if (level < levels - 1) s.saveCheckpoint(level, state);
                    return true;
                }
            });
        }
        LevelImage[] images = new LevelImage[levels];
        for (int l = 0; l < levels; l++) images[l] = LevelImage.load(job, l, s.level(l));
        for (int i = 0; i < film.frames(); i++) {
            if (s.hasFrame(i)) continue;
            Images.write(frame(images, i), s.frame(i));
            listener.frameMade(i);
        }
    }

    /** Frame {@code i}: the view at its time, from the levels bracketing its resolution, cross-faded. */
    java.awt.image.BufferedImage frame(LevelImage[] images, int i) {
        double[] view = path.view(film.frames() == 1 ? 0 : (double) i / (film.frames() - 1));
        int fw = film.width(), fh = film.height();
        double r = Math.log(fw / view[2]);
        int k = 0;
        while (k + 1 < images.length && Math.log(images[k + 1].scaleX()) <= r) k++;
        float[] rgb = images[k].sample(view, fw, fh);
        if (k + 1 < images.length) {
            double rk = Math.log(images[k].scaleX()), b = Math.clamp((r - rk) / (Math.log(images[k + 1].scaleX()) - rk), 0, 1);
            if (b > 0) {
                float[] finer = images[k + 1].sample(view, fw, fh);
                for (int j = 0; j < rgb.length; j++) rgb[j] = (float) (rgb[j] * (1 - b) + finer[j] * b);
            }
        }
        return LevelImage.frame(rgb, fw, fh);
    }

    private boolean levelsDone(FilmScratch s) {
        for (int l = 0; l < schedule.levelCount(); l++) if (!java.nio.file.Files.isRegularFile(s.level(l))) return false;
        return true;
    }
}
