package org.cellscape.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.CellGrid;
import org.cellscape.canvas.Checkpoint;
import org.cellscape.canvas.ScratchFolder;
import org.cellscape.canvas.StateStore;
import org.cellscape.engine.Backend;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Tile;
import org.cellscape.image.RasterSink;
import org.cellscape.render.PhaseTimes.Phase;

/**
 * The tiled, out-of-core, resumable render (design: docs/tiling.md). Each pass loads every tile with its halo from the
 * previous pass's scratch store (upsampling or seeding on the way in when it is a level's first pass), advances it
 * with the backend, and stores the core; the last pass colours its cores into the RGB cache, from which finished row
 * bands stream to the image sink. Computes exactly the cells of {@link org.cellscape.engine.Renderer#render}, whatever the tiling.
 */
public final class TiledRenderer {
    /** Opens the image sink when the final pass starts (a resumed render reopens it and re-encodes from the cache). */
    public interface Output {
        RasterSink open() throws IOException;
    }

    /** Where a pass's finished tiles go: the next scratch store, or (the last pass) colours, the image and state-out. */
    interface PassOutput extends AutoCloseable {
        /**
         * Prepares for tiles from {@code startTile} on; returns the tile to really start from: the first earlier tile
         * whose data is lost or does not match its CRC in {@code crcs} is computed again.
         */
        int open(int startTile, int[] crcs) throws IOException;

        /** Stores tile {@code index}'s core; returns the CRC32C of what it stored. */
        int write(Tile t, CellGrid.Rect core, int index) throws IOException;

        /** The CRC32C of tile {@code index} as stored now. */
        int checksum(int index);

        /** Makes what was written durable, before a checkpoint counts it. */
        void force();

        void finish() throws IOException;

        @Override
        void close();
    }

    /** Off only for bench/checksum-cost.sh, which measures what the checks cost (-Dcellscape.checksums=off). */
    static final boolean CHECKSUMS = !"off".equals(System.getProperty("cellscape.checksums"));

    /** A fresh CRC for a tile, or null when checks are off for a benchmark (then every CRC is 0). */
    static CRC32C crc() {
        return CHECKSUMS ? new CRC32C() : null;
    }

    static int value(CRC32C crc) {
        return crc == null ? 0 : (int) crc.getValue();
    }

    private final RenderJob job;
    private final Backend backend;
    private final TileWork work;
    private final PassListener listener;
    private final PhaseTimes times;
    private long checkpointIntervalNanos = 1_000_000_000L;
    private Checkpoint checkpoint;
    /** Whether this run started the checkpoint (a refused one of another render is never deleted). */
    private boolean ownCheckpoint;
    private long lastCheckpoint;
    /** CRC32C of each tile of the pass being read (the source store) and of the pass being computed, as stored. */
    private int[] sourceCrcs = new int[0], tileCrcs = new int[0];
    private final StateStore[] stores = new StateStore[2];
    private StateStore stateIn;
    private ScratchFolder scratch;

    public TiledRenderer(RenderJob job, Backend backend, PassListener listener) {
        this.job = job;
        this.backend = backend;
        this.listener = listener;
        this.times = new PhaseTimes(backend.threads());
        this.work = new TileWork(job, times.timed(backend));
    }

    /** How often a checkpoint is written within a pass (0: after every tile); pass ends always write one. */
    public TiledRenderer checkpointEvery(long millis) {
        this.checkpointIntervalNanos = millis * 1_000_000L;
        return this;
    }

    /** Renders to {@code output} (and the state-out file); resumes a matching checkpoint; cleans the scratch folder after. */
    public void run(Output output) {
        times.restart();
        Path dir = job.scratchDir();
        try (ScratchFolder folder = ScratchFolder.lock(dir)) {
            scratch = folder;
            boolean finished = false;
            try {
                runLocked(output, dir);
                finished = true;
            } catch (CellscapeException e) {
                if (!resumable() || e.exitCode() == CellscapeException.RESUME_MISMATCH) throw e; // says itself what to do
                throw new CellscapeException(e.exitCode(), e.getMessage() + "; progress is kept in " + dir
                        + ": run the same command again to resume", e);
            } finally {
                times.enter(Phase.SCRATCH); // closing the stores and deleting the scratch folder
                closeAll();
                if (finished ? !job.settings().keepScratch() : ownCheckpoint && !resumable()) folder.deleteOnClose();
            }
        }
        times.enter(Phase.OTHER);
        listener.phases(times.report());
        listener.end();
    }

    private boolean resumable() {
        return checkpoint != null && (checkpoint.pass() > 0 || checkpoint.tiles() > 0);
    }

    private void runLocked(Output output, Path scratch) {
        Map<String, String> params = job.pixelParameters();
        if (job.settings().fresh() && this.scratch.discardCheckpoint())
            listener.notice("discarded the checkpoint in " + scratch + "; starting over");
        Checkpoint cp = Checkpoint.read(scratch);
        if (cp != null) {
            checkpoint = null;
            if (!cp.key().equals(Checkpoint.key(params))) {
                List<String> differ = cp.differences(params);
                throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "scratch folder " + scratch + " holds a checkpoint "
                        + (differ.isEmpty() ? "whose key does not match its own settings (the manifest was edited or damaged)"
                                : "of a different render (" + String.join(", ", differ) + " differ)")
                        + "; use another scratch folder, or delete that one to start over");
            }
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
            throw inconsistent(scratch, "pass " + first + ", tile " + tiles + " of a render of " + passes.size() + " passes");
        if (first == passes.size()) { // finished before: encode the image again from the cache
            if (tiles != 0) throw inconsistent(scratch, "a finished render with " + tiles + " tiles counted");
            first--;
            tiles = passes.get(first).grid().count();
        }
        sourceCrcs = Checkpoint.crcs(cp.sourceCrcs());
        int[] done = Checkpoint.crcs(cp.tileCrcs());
        int sources = first == 0 ? 0 : passes.get(first - 1).grid().count();
        if (sourceCrcs == null || done == null || sourceCrcs.length != sources || done.length != tiles)
            throw inconsistent(scratch, tiles + " tiles counted but " + (done == null ? "no" : done.length) + " checksums");
        tileCrcs = java.util.Arrays.copyOf(done, passes.get(first).grid().count());
        if (first > 0 || tiles > 0)
            listener.notice(String.format(java.util.Locale.ROOT, "resuming from %s: level %d, pass %d of %d, tile %d", scratch,
                    passes.get(first).level(), first + 1, passes.size(), tiles));
        checkpoint = cp;
        if (job.stateIn() != null) {
            var h = job.stateIn();
            stateIn = StateStore.openReadOnly(job.settings().stateIn(), h.width(), h.height(), (int) h.channels(), h.dataOffset());
        }
        listener.begin(plan, plan.workBefore(first, tiles));
        lastCheckpoint = System.nanoTime();
        for (int p = first; p < passes.size(); p++) runPass(passes.get(p), passes, p == first ? tiles : 0, output, scratch);
    }

    private void runPass(PassPlan.Pass pass, List<PassPlan.Pass> passes, int startTile, Output output, Path dir) {
        Schedule s = job.schedule();
        int level = pass.level();
        long w = s.width(level), h = s.height(level);
        StateStore src = null;
        if (!pass.firstOfLevel()) src = openStore((pass.index() - 1) % 2, w, h);
        else if (level > 0) src = openStore((pass.index() - 1) % 2, s.width(level - 1), s.height(level - 1));
        times.enter(Phase.SCRATCH);
        if (src != null) verifySource(src, passes.get(pass.index() - 1).grid());
        CellGrid grid = pass.grid();
        if (pass.last()) discardStore(pass.index() % 2, src);
        if (tileCrcs.length != grid.count()) tileCrcs = new int[grid.count()];
        try (PassOutput out = pass.last() ? new FinalPass(job, scratch, output, listener, grid, tileCrcs, times) : new StorePass(pass.index() % 2, w, h, grid)) {
            startTile = out.open(startTile, tileCrcs);
            times.enter(Phase.OTHER);
            Prefetch prefetch = new Prefetch(pass, src, startTile);
            for (int i = startTile; i < grid.count(); i++) {
                listener.tile(pass, i);
                CellGrid.Rect core = grid.core(i);
                times.enter(Phase.LOAD_WAIT);
                Tile loaded = prefetch.take(i);
                times.enter(Phase.OTHER);
                Tile t = work.advance(loaded, pass, core.cells(), listener, false); // the outputs write the core of it
                times.useful(core.cells() * pass.steps());
                tileCrcs[i] = out.write(t, core, i);
                listener.advanced(core.cells(), 0);
                if (i + 1 < grid.count() && System.nanoTime() - lastCheckpoint >= checkpointIntervalNanos)
                    record(pass, i + 1, out, dir);
            }
            times.enter(Phase.SCRATCH);
            out.finish();
            record(pass, grid.count(), out, dir);
            // A finished render keeps its last pass's checksums: a resume re-encodes from the checked cache.
            checkpoint = pass.last() ? checkpoint.finished(pass.index() + 1, sourceCrcs, tileCrcs)
                    : checkpoint.at(pass.index() + 1, 0, tileCrcs, new int[0]);
            checkpoint.write(dir);
            sourceCrcs = tileCrcs;
            tileCrcs = new int[0];
            times.enter(Phase.OTHER);
        } catch (IOException e) {
            throw CellscapeException.io("writing " + job.settings().out() + " failed: " + e.getMessage(), e);
        }
    }

    /** A store pass's tiles go to the scratch store the next pass reads. */
    private final class StorePass implements PassOutput {
        private final int index;
        private final long w, h;
        private final CellGrid grid;
        private StateStore dst;

        StorePass(int index, long w, long h, CellGrid grid) {
            this.index = index;
            this.w = w;
            this.h = h;
            this.grid = grid;
        }

        @Override
        public int open(int startTile, int[] crcs) {
            Path f = scratch.store(index);
            if (startTile > 0 && sizeOf(f) != StateStore.bytes(w, h, job.channels(), job.precision())) throw lostData(f);
            dst = stores[index] = reopen(stores[index], f, w, h);
            return verified(this, startTile, crcs, listener);
        }

        @Override
        public int write(Tile t, CellGrid.Rect core, int i) {
            Phase was = times.enter(Phase.SCRATCH);
            CRC32C crc = crc();
            dst.write(t, core, crc);
            times.enter(was);
            return value(crc);
        }

        @Override
        public int checksum(int i) {
            CRC32C crc = new CRC32C();
            dst.checksum(grid.core(i), crc);
            return (int) crc.getValue();
        }

        @Override
        public void force() {
            dst.force();
        }

        @Override
        public void finish() {}

        @Override
        public void close() {} // stores live across passes; closeAll() closes them
    }

    /** Forces what the checkpoint will count, then records it. */
    private void record(PassPlan.Pass pass, int tilesDone, PassOutput out, Path dir) {
        Phase was = times.enter(Phase.SCRATCH);
        out.force();
        if (tilesDone < pass.grid().count()) {
            checkpoint = checkpoint.at(pass.index(), tilesDone, sourceCrcs, tileCrcs);
            checkpoint.write(dir);
        }
        lastCheckpoint = System.nanoTime();
        times.enter(was);
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
            StateStore from = src != null ? src : pass.level() == 0 ? stateIn : null; // level 0: the start state, or seed
            return io().submit(() -> {
                long t0 = System.nanoTime();
                long[] reading = {0};
                TileWork.Source read = from == null ? null : t -> {
                    long r0 = System.nanoTime();
                    from.read(t);
                    reading[0] += System.nanoTime() - r0;
                };
                Tile t = work.load(pass, pass.grid().withHalo(i), read);
                times.loaded(System.nanoTime() - t0, reading[0]);
                return t;
            });
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

    /** An existing store of the previous pass, checked to be there at its size. */
    private StateStore openStore(int i, long w, long h) {
        Path f = scratch.store(i);
        if (sizeOf(f) != StateStore.bytes(w, h, job.channels(), job.precision())) throw lostData(f);
        return stores[i] = reopen(stores[i], f, w, h);
    }

    private StateStore reopen(StateStore old, Path f, long w, long h) {
        if (old != null && old.width() == w && old.height() == h) return old;
        if (old != null) old.close();
        return StateStore.openWritable(f, w, h, job.channels(), job.precision(), new byte[0]);
    }

    /** The final pass writes no state: free the disk of the store it would have written. */
    private void discardStore(int i, StateStore src) {
        if (stores[i] != null && stores[i] != src) {
            stores[i].close();
            stores[i] = null;
        }
        if (src == null || !src.file().equals(scratch.store(i))) {
            try {
                Files.deleteIfExists(scratch.store(i));
            } catch (IOException e) {
                throw CellscapeException.io("cannot delete " + scratch.store(i) + ": " + e.getMessage(), e);
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

    /**
     * The first of tiles [0, startTile) whose stored data does not match its CRC (it and those after it are computed
     * again), or startTile when all match.
     */
    static int verified(PassOutput out, int startTile, int[] crcs, PassListener listener) {
        for (int i = 0; CHECKSUMS && i < startTile; i++) {
            if (out.checksum(i) != crcs[i]) {
                listener.notice("tile " + i + " in the scratch folder does not match its checksum; computing the pass again from there");
                return i;
            }
        }
        return startTile;
    }

    /** Refuses (exit 7) a source store that is not what the previous pass wrote: it cannot be computed again. */
    private void verifySource(StateStore src, CellGrid grid) {
        for (int i = 0; CHECKSUMS && i < grid.count(); i++) {
            CRC32C crc = new CRC32C();
            src.checksum(grid.core(i), crc);
            if ((int) crc.getValue() != sourceCrcs[i])
                throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "scratch data " + src.file() + " is damaged (tile " + i
                        + " does not match its checksum); delete " + job.scratchDir() + " to start over");
        }
    }

    private static CellscapeException inconsistent(Path scratch, String what) {
        return new CellscapeException(CellscapeException.RESUME_MISMATCH, "checkpoint in " + scratch + " is inconsistent (" + what + "); delete that folder to start over");
    }

    private static CellscapeException lostData(Path f) {
        return new CellscapeException(CellscapeException.RESUME_MISMATCH, "checkpoint data " + f + " is missing or has the wrong size; delete its folder to start over");
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
    }
}
