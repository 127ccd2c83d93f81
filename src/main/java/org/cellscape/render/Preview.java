package org.cellscape.render;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.TileImages;
import org.cellscape.canvas.Units;
import org.cellscape.engine.Backend;
import org.cellscape.engine.Npy;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Tile;
import org.cellscape.image.Images;

/**
 * A quick look at a render that is exactly part of it: the job's own schedule walked in memory up to the coarsest
 * level whose image area is at least the preview size on its long side, coloured as the final pass colours, and
 * shrunk (area average) to that size. Same model, seed, schedule and colours: the same composition as the full render.
 */
public final class Preview {
    /** A preview: the image, the level it shows and that level's image area in cells. */
    public record Result(BufferedImage image, int level, long levelWidth, long levelHeight) {}

    private Preview() {}

    /** The coarsest level whose image area has at least {@code px} cells on its long side, else the last level. */
    public static int level(RenderJob job, int px) {
        Schedule s = job.schedule();
        for (int l = 0; l < s.levelCount(); l++) {
            long[] a = area(job, l);
            if (Math.max(a[0], a[1]) >= px) return l;
        }
        return s.levelCount() - 1;
    }

    /** The image's area at {@code level}: the top-left cells that become the output (the crop of the canvas). */
    public static long[] area(RenderJob job, int level) {
        Schedule s = job.schedule();
        long f = s.finalWidth() / s.width(level), g = s.finalHeight() / s.height(level);
        return new long[]{Math.min(s.width(level), Math.ceilDiv(job.outWidth(), f)), Math.min(s.height(level), Math.ceilDiv(job.outHeight(), g))};
    }

    /** Walks the schedule to {@link #level} and returns that level's image area, shrunk to fit {@code px x px}. */
    public static Result render(RenderJob job, Backend backend, int px) {
        if (px < 16 || px > 8192) throw CellscapeException.invalid("the preview size must be 16..8192 px, got " + px);
        int level = level(job, px);
        Schedule s = job.schedule();
        if (s.width(level) * s.height(level) * job.channels() > Integer.MAX_VALUE - 8)
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "level " + level + " (" + s.width(level) + "x" + s.height(level)
                    + ") is too large to preview in memory; ask for a smaller preview");
        Tile start = job.stateIn() == null ? null : Npy.read(job.settings().stateIn());
        Tile t = new Renderer(job.model(), s, job.ctx(), backend, RenderListener.NONE, job.control()).run(start, 0, level, Renderer.Visitor.ALL);
        long[] a = area(job, level);
        BufferedImage img = TileImages.fromTile(t, 0, 0, (int) a[0], (int) a[1], job.colours());
        return new Result(Images.fit(img, px, px), level, a[0], a[1]);
    }

    /** Where a preview of {@code out} is written: NAME-preview.png beside it. */
    public static Path file(Path out) {
        String n = out.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return out.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + "-preview.png");
    }

    /** The summary line: what was shown, and what the full render costs (from the plan). */
    public static String summary(Result r, Path file, Estimate full, String backend) {
        RenderJob job = full.job();
        String time = full.updatesPerSecond() > 0 ? ", about " + Units.duration(full.seconds()) + " (" + backend.split("[ (]", 2)[0] + ", "
                + Units.count(full.updatesPerSecond()) + " cell updates/s measured)" : "";
        return String.format(java.util.Locale.ROOT, "wrote %s (%d x %d px): level %d of 0-%d (%d x %d cells) of the full render, shrunk; "
                        + "the full render: %d x %d px, %s cell updates%s",
                file, r.image().getWidth(), r.image().getHeight(), r.level(), job.schedule().levelCount() - 1, r.levelWidth(), r.levelHeight(),
                job.outWidth(), job.outHeight(), Units.count(full.computedUpdates()), time);
    }
}
