package org.cellscape.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.cellscape.CellscapeException;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.Backends;
import org.cellscape.canvas.CellGrid;
import org.cellscape.engine.Tile;
import org.cellscape.image.TiffTiles;
import org.cellscape.render.PassPlan;
import org.cellscape.render.RenderJob;
import org.cellscape.render.TileWork;

/**
 * What one Spark task does, on an executor: tile T of pass P, loaded with its halo from pass P-1's tile files (or
 * seeded), advanced with this executor's backend, and its core written as one file; the last pass writes colours.
 * Jobs and backends are built once per executor JVM (a backend per task thread: backends are not shared).
 */
final class TileTask {
    /**
     * Test hook (a Spark setting, so executors see it): a folder of marker files; a tile named by one (pass-P-tile-T)
     * fails once, the marker taken; one named with ".always" fails until the marker is removed.
     */
    static final String FAIL_ONCE = "spark.cellscape.test.failOnceDir";

    record Side(RenderJob job, PassPlan plan, ThreadLocal<Map<Integer, TileWork>> work) {
        /** This task thread's tile work on a backend of {@code threads} threads. */
        TileWork work(JobSpec spec, int threads) {
            return work.get().computeIfAbsent(threads, n -> new TileWork(job,
                    Backends.create(spec.backend(), new BackendOptions(n, spec.device()), new PrintWriter(new StringWriter()))));
        }
    }

    private static final Map<String, Side> SIDES = new ConcurrentHashMap<>();

    private TileTask() {}

    /**
     * Computes tile {@code tile} of pass {@code pass}; {@code threads} is the driver's suggestion for the backend (more
     * than one when the stage has fewer tasks than the cluster cores), capped by this machine's cores; --threads wins.
     * A last pass writes its colours, or with {@code tiff} given, its image area's TIFF tiles encoded.
     */
    static void run(JobSpec spec, int pass, int tile, int threads, TiffTiles tiff) {
        Side side = side(spec);
        TileWork work = side.work(spec, spec.threads() > 0 ? spec.threads() : Math.min(threads, Runtime.getRuntime().availableProcessors()));
        PassPlan.Pass p = side.plan.passes().get(pass);
        failOnceIfAsked(pass, tile);
        Path root = new Path(spec.scratch());
        try {
            FileSystem fs = Scratch.fs(root);
            Tile t;
            if (pass == 0) {
                t = work.compute(p, tile, null);
            } else {
                PassPlan.Pass prev = side.plan.passes().get(pass - 1);
                try (TileFiles.Reader src = new TileFiles.Reader(fs, root, pass - 1, prev.grid(), side.job.channels(), side.job.precision())) {
                    t = work.compute(p, tile, src);
                }
            }
            CellGrid.Rect core = p.grid().core(tile);
            byte[] out;
            if (!p.last()) out = TileFiles.state(t, core, side.job.precision());
            else {
                CellGrid.Rect area = imageArea(side.job, core);
                short[][] rows = colours(side.job, t, area);
                out = tiff != null ? EncodedTiles.encode(rows, area, tiff) : TileFiles.rgb(rows, area);
            }
            TileFiles.write(fs, TileFiles.file(root, pass, tile), out);
        } catch (IOException e) {
            throw CellscapeException.io("writing scratch tile " + TileFiles.file(root, pass, tile) + " failed: " + e.getMessage(), e);
        }
    }

    /** The part of a last-pass core inside the image. */
    static CellGrid.Rect imageArea(RenderJob job, CellGrid.Rect core) {
        long x1 = Math.min(core.endX(), job.outWidth()), y1 = Math.min(core.endY(), job.outHeight());
        return new CellGrid.Rect(core.x(), core.y(), (int) (x1 - core.x()), (int) (y1 - core.y()));
    }

    /** The 16-bit RGB rows of image area {@code r}, coloured row by row as the local render's RGB cache does. */
    private static short[][] colours(RenderJob job, Tile t, CellGrid.Rect r) {
        int lx = (int) (r.x() - t.originX()), ly = (int) (r.y() - t.originY()), w = r.width();
        short[][] rows = new short[r.height()][w * 3];
        for (int y = 0; y < r.height(); y++) job.colours().toRgb16(t, lx, w, ly + y, ly + y + 1, rows[y], 0);
        return rows;
    }

    /** This executor's job and plan for {@code spec}, built once. */
    static Side side(JobSpec spec) {
        // the layout too: renders of the same pixels in other tile sizes have other plans
        return SIDES.computeIfAbsent(spec.key() + "|" + spec.layout() + "|" + spec.backend() + "|" + spec.device(), k -> {
            RenderJob job = spec.resolve();
            return new Side(job, job.plan(spec.layout()), ThreadLocal.withInitial(java.util.HashMap::new));
        });
    }

    private static void failOnceIfAsked(int pass, int tile) {
        SparkEnv env = SparkEnv.get();
        String dir = env == null ? null : env.conf().get(FAIL_ONCE, null);
        if (dir == null) return;
        java.nio.file.Path marker = java.nio.file.Path.of(dir, "pass-" + pass + "-tile-" + tile);
        if (!Files.exists(marker.resolveSibling(marker.getFileName() + ".always"))) {
            try {
                Files.delete(marker);
            } catch (IOException e) {
                return; // none, or another attempt took it
            }
        }
        TaskContext tc = TaskContext.get();
        throw new IllegalStateException("injected failure of pass " + pass + ", tile " + tile + " (attempt " + (tc == null ? "?" : tc.attemptNumber()) + ")");
    }
}
