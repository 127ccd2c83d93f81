package org.cellscape.render;

import org.cellscape.canvas.CellGrid;
import org.cellscape.engine.Backend;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Tile;

/**
 * One tile of one pass, from its source to its advanced core: the local renderer computes every tile through here,
 * and so can a distributed runner on another machine. Its cells depend only on the job, the pass, the tile and the
 * source's cells (the RNG is keyed by global coordinates), never on who computes it or how often.
 */
public final class TileWork {
    /** Where a tile's cells come from: the previous pass's state, or the coarser level's (read with torus wrap). */
    public interface Source {
        /** Fills every cell of {@code t}, reading global cells modulo the source canvas size. */
        void read(Tile t);
    }

    private final RenderJob job;
    private final Backend backend;
    private final Renderer walk;

    public TileWork(RenderJob job, Backend backend) {
        this.job = job;
        this.backend = backend;
        this.walk = new Renderer(job.model(), job.schedule(), job.ctx(), backend, RenderListener.NONE, job.control());
    }

    /** Tile {@code index} of {@code pass}, loaded with its halo from {@code src} and advanced to its core. */
    public Tile compute(PassPlan.Pass pass, int index, Source src) {
        return advance(load(pass, pass.grid().withHalo(index), src), pass, pass.grid().core(index).cells(), PassListener.NONE);
    }

    /**
     * The rectangle {@code r} of the pass's canvas, filled: a level's later pass reads the previous pass from
     * {@code src}; a level's first pass upsamples {@code src} (the coarser level), or at level 0 reads the start state
     * from {@code src} or, when it is null, seeds.
     */
    public Tile load(PassPlan.Pass pass, CellGrid.Rect r, Source src) {
        Schedule s = job.schedule();
        int level = pass.level(), C = job.channels();
        long w = s.width(level), h = s.height(level);
        Tile t = new Tile(r.width(), r.height(), C, r.x(), r.y(), w, h, new float[Math.toIntExact(r.cells() * C)]);
        if (!pass.firstOfLevel()) {
            src.read(t);
        } else if (level == 0) {
            if (src != null) src.read(t);
            else walk.seed(t);
        } else {
            CellGrid.Rect c = CellGrid.coarseCover(r, s.levels().get(level - 1).factor());
            Tile coarse = new Tile(c.width(), c.height(), C, c.x(), c.y(), s.width(level - 1), s.height(level - 1),
                    new float[Math.toIntExact(c.cells() * C)]);
            src.read(coarse);
            walk.grow(coarse, t, level);
        }
        return t;
    }

    /**
     * Runs the pass's steps on the tile in chunks. A halo tile is shrunk to its still-valid cells after each chunk, so
     * the backend never recomputes cells that can no longer be right; at the end it is exactly the core.
     */
    public Tile advance(Tile t, PassPlan.Pass pass, long coreCells, PassListener listener) {
        return advance(t, pass, coreCells, listener, true);
    }

    /**
     * As {@link #advance(Tile, PassPlan.Pass, long, PassListener)}; {@code toCore} false leaves the last chunk's
     * margin on the tile, its core inside it, for writers that take the core's rectangle: one copy of the tile less.
     */
    Tile advance(Tile t, PassPlan.Pass pass, long coreCells, PassListener listener, boolean toCore) {
        for (int done = 0; done < pass.steps(); ) {
            int n = Math.min(backend.stepsPerCall(), pass.steps() - done);
            walk.steps(t, pass.level(), pass.firstStep() + done, n);
            done += n;
            if (!t.isTorus() && (toCore || done < pass.steps())) t = shrink(t, n);
            listener.advanced(coreCells * n, coreCells * n);
        }
        return t;
    }

    static Tile shrink(Tile t, int m) {
        int w = t.width() - 2 * m, h = t.height() - 2 * m, C = t.channels();
        float[] d = new float[w * h * C], s = t.data();
        for (int y = 0; y < h; y++) System.arraycopy(s, ((y + m) * t.width() + m) * C, d, y * w * C, w * C);
        Tile r = new Tile(w, h, C, t.originX() + m, t.originY() + m, t.canvasWidth(), t.canvasHeight(), d);
        float[] c = t.control();
        if (c != null) { // the same cells' control inputs, not computed again
            int R = c.length / (t.width() * t.height());
            float[] rc = new float[w * h * R];
            for (int y = 0; y < h; y++) System.arraycopy(c, ((y + m) * t.width() + m) * R, rc, y * w * R, w * R);
            r.setControl(rc);
        }
        return r;
    }
}
