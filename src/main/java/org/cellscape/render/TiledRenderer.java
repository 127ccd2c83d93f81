package org.cellscape.render;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.CellGrid;
import org.cellscape.canvas.Checkpoint;
import org.cellscape.canvas.Precision;
import org.cellscape.canvas.RgbCache;
import org.cellscape.canvas.StateStore;
import org.cellscape.engine.Backend;
import org.cellscape.engine.Npy;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Tile;
import org.cellscape.engine.Upsample;
import org.cellscape.image.RasterSink;

/**
 * The tiled, out-of-core, resumable render (design: docs/tiling.md). Each pass loads every tile with its halo from the
 * previous pass's scratch store (upsampling or seeding on the way in when it is a level's first pass), advances it
 * with the backend, and stores the core; the last pass colours its cores into the RGB cache, from which finished row
 * bands stream to the image sink. Computes exactly the cells of {@link Renderer#render}, whatever the tiling.
 */
public final class TiledRenderer {
    /** Opens the image sink when the final pass starts (a resumed render reopens it and re-encodes from the cache). */
    public interface Output {
        RasterSink open() throws IOException;
    }

    /** Steps per backend call: the tile shrinks by this much between calls, and progress moves. */
    static final int CHUNK = 8;
    static final String RGB = "rgb.bin", LOCK = "lock";

    private final RenderJob job;
    private final Backend backend;
    private final Progress progress;
    private final PrintWriter notices;
    private long checkpointIntervalNanos = 1_000_000_000L;
    private Checkpoint checkpoint;
    /** Whether this run started the checkpoint (a refused one of another render is never deleted). */
    private boolean ownCheckpoint;
    private long lastCheckpoint;
    private final StateStore[] stores = new StateStore[2];
    private StateStore stateIn, stateOut;
    private RgbCache rgb;

    public TiledRenderer(RenderJob job, Backend backend, Progress progress, PrintWriter notices) {
        this.job = job;
        this.backend = backend;
        this.progress = progress;
        this.notices = notices;
    }

    /** How often a checkpoint is written within a pass (0: after every tile); pass ends always write one. */
    public TiledRenderer checkpointEvery(long millis) {
        this.checkpointIntervalNanos = millis * 1_000_000L;
        return this;
    }

    static Path store(Path scratch, int i) {
        return scratch.resolve("state-" + i + ".bin");
    }

    static Path partialOf(Path p) {
        return p.resolveSibling(p.getFileName() + ".partial");
    }

    /** Renders to {@code output} (and --state-out); resumes a matching checkpoint; cleans the scratch folder after. */
    public void run(Output output) {
        Path scratch = job.scratchDir();
        try {
            Files.createDirectories(scratch);
        } catch (IOException e) {
            throw CellscapeException.io("cannot create scratch folder " + scratch + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(scratch)) throw CellscapeException.io("scratch folder " + scratch + " is not writable", null);
        try (FileChannel lockFile = FileChannel.open(scratch.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(lockFile, scratch)) {
            boolean finished = false;
            try {
                runLocked(output, scratch);
                finished = true;
            } catch (CellscapeException e) {
                if (!resumable()) throw e;
                throw new CellscapeException(e.exitCode(), e.getMessage() + "; progress is kept in " + scratch
                        + ": run the same command again to resume", e);
            } finally {
                closeAll();
                if (!finished && ownCheckpoint && !resumable()) deleteScratch(scratch);
            }
        } catch (IOException e) {
            throw CellscapeException.io("scratch folder " + scratch + ": " + e.getMessage(), e);
        }
        if (!job.settings().keepScratch()) deleteScratch(scratch);
    }

    private static FileLock tryLock(FileChannel ch, Path scratch) throws IOException {
        try {
            FileLock l = ch.tryLock();
            if (l != null) return l;
        } catch (OverlappingFileLockException e) {
            // held by this JVM: the same answer as another process
        }
        throw CellscapeException.io("another render is using scratch folder " + scratch, null);
    }

    private boolean resumable() {
        return checkpoint != null && (checkpoint.pass() > 0 || checkpoint.tiles() > 0);
    }

    private void runLocked(Output output, Path scratch) {
        Map<String, String> params = job.pixelParameters();
        Checkpoint cp = Checkpoint.read(scratch);
        if (cp != null) {
            checkpoint = null;
            if (!cp.key().equals(Checkpoint.key(params)))
                throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "scratch folder " + scratch
                        + " holds a checkpoint of a different render (" + String.join(", ", cp.differences(params))
                        + " differ); use another --scratch, or delete that folder to start over");
        } else if (job.settings().resume()) {
            throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "nothing to resume: no checkpoint in " + scratch);
        } else {
            cp = Checkpoint.start(params, job.layout());
            ownCheckpoint = true;
            cp.write(scratch);
        }
        PassPlan plan = job.plan(cp.layout());
        List<PassPlan.Pass> passes = plan.passes();
        int first = cp.pass(), tiles = cp.tiles();
        if (first > passes.size() || first < 0 || tiles < 0 || (first < passes.size() && tiles > passes.get(first).grid().count()))
            throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "checkpoint in " + scratch + " is inconsistent; delete that folder to start over");
        if (first == passes.size()) { // finished before: encode the image again from the cache
            first--;
            tiles = passes.get(first).grid().count();
        }
        if (first > 0 || tiles > 0)
            notices.printf("cellscape: resuming from %s: level %d, pass %d of %d, tile %d%n", scratch, passes.get(first).level(),
                    first + 1, passes.size(), tiles);
        checkpoint = cp;
        if (job.stateIn() != null) {
            org.cellscape.engine.Npy.Header h = job.stateIn();
            stateIn = StateStore.openReadOnly(job.settings().stateIn(), h.width(), h.height(), (int) h.channels(), h.dataOffset());
        }
        progress.begin(plan, plan.workBefore(first, tiles));
        lastCheckpoint = System.nanoTime();
        for (int p = first; p < passes.size(); p++) runPass(passes.get(p), p == first ? tiles : 0, output, scratch);
        progress.end();
    }

    private void runPass(PassPlan.Pass pass, int startTile, Output output, Path scratch) {
        Schedule s = job.schedule();
        int level = pass.level(), C = job.channels();
        long w = s.width(level), h = s.height(level);
        StateStore src = null, dst = null;
        if (!pass.firstOfLevel()) src = openStore(scratch, (pass.index() - 1) % 2, w, h);
        else if (level > 0) src = openStore(scratch, (pass.index() - 1) % 2, s.width(level - 1), s.height(level - 1));
        RasterSink sink = null;
        CellGrid grid = pass.grid();
        try {
            if (pass.last()) {
                discardStore(scratch, pass.index() % 2, src);
                Path rgbFile = scratch.resolve(RGB);
                Path stateOutPartial = job.settings().stateOut() == null ? null : partialOf(job.settings().stateOut());
                boolean lost = !Files.exists(rgbFile) || (stateOutPartial != null && !Files.exists(stateOutPartial));
                if (lost && startTile > 0) {
                    notices.println("cellscape: the final pass's earlier tiles are not in the scratch folder; redoing that pass");
                    startTile = 0;
                }
                rgb = RgbCache.open(rgbFile, job.outWidth(), job.outHeight());
                if (stateOutPartial != null)
                    stateOut = StateStore.openWritable(stateOutPartial, job.outWidth(), job.outHeight(), C, Precision.FLOAT32,
                            Npy.header(job.outHeight(), job.outWidth(), C));
                sink = output.open();
                int fullRows = startTile / grid.tilesX();
                if (fullRows > 0) rgb.stream(0, Math.min(grid.rowEnd(fullRows - 1), job.outHeight()), sink);
            } else {
                Path f = store(scratch, pass.index() % 2);
                if (startTile > 0 && sizeOf(f) != StateStore.bytes(w, h, C, job.precision())) throw lostData(f);
                dst = stores[pass.index() % 2] = reopen(stores[pass.index() % 2], store(scratch, pass.index() % 2), w, h);
            }
            Prefetch prefetch = new Prefetch(pass, src, startTile);
            for (int i = startTile; i < grid.count(); i++) {
                progress.tile(pass, i);
                CellGrid.Rect core = grid.core(i);
                Tile t = prefetch.take(i);
                t = advance(t, pass, core.cells());
                if (pass.last()) {
                    rgb.write(t, core, job.colours());
                    if (stateOut != null) {
                        long x1 = Math.min(core.endX(), job.outWidth()), y1 = Math.min(core.endY(), job.outHeight());
                        stateOut.write(t, new CellGrid.Rect(core.x(), core.y(), (int) (x1 - core.x()), (int) (y1 - core.y())));
                    }
                    if (grid.endsRow(i)) {
                        int r = grid.row(i);
                        rgb.stream(grid.rowStart(r), Math.min(grid.rowEnd(r), job.outHeight()), sink);
                    }
                } else {
                    dst.write(t, core);
                }
                progress.advanced(core.cells(), 0);
                if (i + 1 < grid.count() && System.nanoTime() - lastCheckpoint >= checkpointIntervalNanos)
                    record(pass, i + 1, dst, scratch);
            }
            if (pass.last()) {
                sink.finish();
                if (stateOut != null) {
                    stateOut.force();
                    stateOut.close();
                    stateOut = null;
                    move(partialOf(job.settings().stateOut()), job.settings().stateOut());
                }
            }
            record(pass, grid.count(), dst, scratch);
            checkpoint = checkpoint.at(pass.index() + 1, 0);
            checkpoint.write(scratch);
        } catch (IOException e) {
            throw CellscapeException.io("writing " + job.settings().out() + " failed: " + e.getMessage(), e);
        } finally {
            if (sink != null) {
                try {
                    sink.close();
                } catch (IOException | RuntimeException e) {
                    notices.println("cellscape: " + e.getMessage());
                }
            }
        }
    }

    /** Forces what the checkpoint will count, then records it. */
    private void record(PassPlan.Pass pass, int tilesDone, StateStore dst, Path scratch) {
        if (dst != null) dst.force();
        if (pass.last()) {
            rgb.force();
            if (stateOut != null) stateOut.force();
        }
        if (tilesDone < pass.grid().count()) {
            checkpoint = checkpoint.at(pass.index(), tilesDone);
            checkpoint.write(scratch);
        }
        lastCheckpoint = System.nanoTime();
    }

    /**
     * Loads tile i+1 on a background thread while tile i computes (loading is mapped-file reads and, on a level's
     * first pass, the upsample). One load at a time, in tile order, so stores are never read from two threads.
     */
    private final class Prefetch {
        private final PassPlan.Pass pass;
        private final StateStore src;
        private java.util.concurrent.Future<Tile> next;

        Prefetch(PassPlan.Pass pass, StateStore src, int first) {
            this.pass = pass;
            this.src = src;
            if (first < pass.grid().count()) next = submit(first);
        }

        private java.util.concurrent.Future<Tile> submit(int i) {
            return io().submit(() -> load(pass, pass.grid().withHalo(i), src));
        }

        Tile take(int i) {
            try {
                Tile t = next.get();
                next = i + 1 < pass.grid().count() ? submit(i + 1) : null;
                return t;
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CellscapeException(CellscapeException.INTERNAL, "interrupted");
            }
        }
    }

    private java.util.concurrent.ExecutorService io;

    private java.util.concurrent.ExecutorService io() {
        if (io == null) io = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cellscape-prefetch");
            t.setDaemon(true);
            return t;
        });
        return io;
    }

    /** The tile with its halo, filled: from the seed, the state-in, an upsampled coarse store, or the previous pass. */
    private Tile load(PassPlan.Pass pass, CellGrid.Rect r, StateStore src) {
        Schedule s = job.schedule();
        int level = pass.level(), C = job.channels();
        long w = s.width(level), h = s.height(level);
        Tile t = new Tile(r.width(), r.height(), C, r.x(), r.y(), w, h, new float[Math.toIntExact(r.cells() * C)]);
        if (!pass.firstOfLevel()) {
            src.read(t);
        } else if (level == 0) {
            if (stateIn != null) stateIn.read(t);
            else if (s.init() == Schedule.Init.NOISE) Renderer.fillNoise(t, s.noiseAmplitude(), job.ctx().seed());
        } else {
            Schedule.Level l = s.levels().get(level - 1);
            CellGrid.Rect c = CellGrid.coarseCover(r, l.factor());
            Tile coarse = new Tile(c.width(), c.height(), C, c.x(), c.y(), src.width(), src.height(), new float[Math.toIntExact(c.cells() * C)]);
            src.read(coarse);
            Upsample.apply(coarse, t, l.factor(), l.mode());
        }
        return t;
    }

    /**
     * Runs the pass's steps on the tile in chunks. A halo tile is shrunk to its still-valid cells after each chunk, so
     * the backend never recomputes cells that can no longer be right; at the end it is exactly the core.
     */
    private Tile advance(Tile t, PassPlan.Pass pass, long coreCells) {
        for (int done = 0; done < pass.steps(); ) {
            int n = Math.min(CHUNK, pass.steps() - done);
            backend.advance(t, job.model(), job.ctx(), pass.level(), pass.firstStep() + done, n);
            done += n;
            if (!t.isTorus()) t = shrink(t, n);
            progress.advanced(coreCells * n, coreCells * n);
        }
        return t;
    }

    static Tile shrink(Tile t, int m) {
        int w = t.width() - 2 * m, h = t.height() - 2 * m, C = t.channels();
        float[] d = new float[w * h * C], s = t.data();
        for (int y = 0; y < h; y++) System.arraycopy(s, ((y + m) * t.width() + m) * C, d, y * w * C, w * C);
        return new Tile(w, h, C, t.originX() + m, t.originY() + m, t.canvasWidth(), t.canvasHeight(), d);
    }

    /** An existing store of the previous pass, checked to be there at its size. */
    private StateStore openStore(Path scratch, int i, long w, long h) {
        Path f = store(scratch, i);
        if (sizeOf(f) != StateStore.bytes(w, h, job.channels(), job.precision())) throw lostData(f);
        return stores[i] = reopen(stores[i], f, w, h);
    }

    private StateStore reopen(StateStore old, Path f, long w, long h) {
        if (old != null && old.width() == w && old.height() == h) return old;
        if (old != null) old.close();
        return StateStore.openWritable(f, w, h, job.channels(), job.precision(), new byte[0]);
    }

    /** The final pass writes no state: free the disk of the store it would have written. */
    private void discardStore(Path scratch, int i, StateStore src) {
        if (stores[i] != null && stores[i] != src) {
            stores[i].close();
            stores[i] = null;
        }
        if (src == null || !src.file().equals(store(scratch, i))) {
            try {
                Files.deleteIfExists(store(scratch, i));
            } catch (IOException e) {
                throw CellscapeException.io("cannot delete " + store(scratch, i) + ": " + e.getMessage(), e);
            }
        }
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }

    private static CellscapeException lostData(Path f) {
        return new CellscapeException(CellscapeException.RESUME_MISMATCH, "checkpoint data " + f + " is missing or has the wrong size; delete its folder to start over");
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CellscapeException.io("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private void closeAll() {
        if (io != null) {
            io.shutdownNow();
            try {
                io.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES); // no load may outlive its store
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            io = null;
        }
        for (int i = 0; i < 2; i++) if (stores[i] != null) { stores[i].close(); stores[i] = null; }
        if (stateIn != null) { stateIn.close(); stateIn = null; }
        if (stateOut != null) { stateOut.close(); stateOut = null; }
        if (rgb != null) { rgb.close(); rgb = null; }
    }

    /** Deletes the files this renderer makes in its scratch folder, then the folder if empty. */
    static void deleteScratch(Path scratch) {
        try {
            for (String f : new String[]{Checkpoint.FILE, Checkpoint.FILE + ".tmp", "state-0.bin", "state-1.bin", RGB, LOCK})
                Files.deleteIfExists(scratch.resolve(f));
            try (var left = Files.list(scratch)) {
                if (left.findAny().isEmpty()) Files.delete(scratch);
            }
        } catch (IOException e) {
            // leaving scratch behind is not worth failing a finished render for
        }
    }
}
