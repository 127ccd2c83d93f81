package org.cellscape.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.cellscape.CellscapeException;
import org.cellscape.batch.Cluster;
import org.cellscape.canvas.CellGrid;
import org.cellscape.canvas.Checkpoint;
import org.cellscape.canvas.Layout;
import org.cellscape.canvas.RgbCache;
import org.cellscape.image.PngWriter;
import org.cellscape.image.RasterSink;
import org.cellscape.image.TeeSink;
import org.cellscape.image.TiffTiles;
import org.cellscape.image.TiffWriter;
import org.cellscape.render.PassListener;
import org.cellscape.render.PassPlan;
import org.cellscape.render.Render;
import org.cellscape.render.RenderJob;
import org.cellscape.render.TiledRenderer;

/**
 * The driver of a cluster render: each pass is one Spark stage of one task a tile (no shuffle: a task reads the
 * previous pass's tile files and writes its own), committed when all its tiles are there; the last pass's colour
 * tiles then stream, row band by row band, into the image writer here. A restarted driver skips committed passes
 * and the tiles already written.
 */
final class SparkPipeline implements Render.Pipeline {
    private final JavaSparkContext sc;
    private final Cluster.Target target;
    private final PassListener listener;

    SparkPipeline(JavaSparkContext sc, Cluster.Target target, PassListener listener) {
        this.sc = sc;
        this.target = target;
        this.listener = listener;
    }

    @Override
    public void run(RenderJob job, TiledRenderer.Output output) {
        Path dir = Scratch.dir(job.settings(), target.scratch(), sc.isLocal());
        try {
            FileSystem fs = Scratch.fs(dir);
            String key = Checkpoint.key(job.pixelParameters());
            Layout layout = Scratch.manifest(fs, dir, job, key);
            PassPlan plan = job.plan(layout);
            JobSpec spec = JobSpec.of(job, layout, dir.toString(), target);
            Probe.check(sc, fs, dir);
            List<PassPlan.Pass> passes = plan.passes();
            int first = passes.size();
            while (first > 0 && !Scratch.committed(fs, dir, first - 1)) first--; // earlier passes' files are gone
            if (first > 0) listener.notice("resuming from " + dir + ": pass " + (first + 1) + " of " + passes.size());
            listener.begin(plan, plan.workBefore(first, 0));
            RasterSink sink = null;
            try {
                TiffTiles tiff = null;
                for (int p = first; p < passes.size(); p++) {
                    PassPlan.Pass pass = passes.get(p);
                    if (pass.last()) { // opened as the local render opens it, at the final pass
                        sink = output.open();
                        tiff = encoding(fs, dir, pass, sink);
                    }
                    List<Integer> todo = missing(fs, dir, pass);
                    final int index = p;
                    final TiffTiles encode = tiff;
                    if (!todo.isEmpty()) {
                        sc.setJobDescription("level " + pass.level() + ", pass " + (p + 1) + " of " + passes.size() + ": " + todo.size() + " tiles");
                        int threads = Math.max(1, sc.defaultParallelism() / todo.size()); // a stage of few tasks: more threads each
                        sc.parallelize(todo, todo.size()).foreach(t -> TileTask.run(spec, index, t, threads, encode));
                    }
                    if (!missing(fs, dir, pass).isEmpty()) throw CellscapeException.io("pass " + (p + 1) + " finished without all its tiles in " + dir, null);
                    Scratch.commit(fs, dir, p);
                    if (p > 0) fs.delete(TileFiles.passDir(dir, p - 1), true); // no later pass reads it
                    listener.advanced(pass.work(), 0);
                }
                if (sink == null) { // every pass was committed before: only the image is left
                    sink = output.open();
                    tiff = encoding(fs, dir, passes.getLast(), sink);
                }
                if (tiff != null) EncodedTiles.stream(fs, dir, passes.getLast(), job, (TiffWriter) sink, tiff);
                else if (sink instanceof PngWriter png) EncodedPng.run(sc, fs, dir, spec, passes.getLast(), png);
                else stream(fs, dir, passes.getLast(), job, sink);
                sink.finish();
            } finally {
                if (sink != null) TeeSink.closeQuietly(sink);
            }
            listener.end();
            if (!job.settings().keepScratch()) fs.delete(dir, true);
        } catch (IOException e) {
            throw CellscapeException.io("scratch folder " + dir + ": " + e.getMessage(), e);
        } catch (Exception e) { // Spark throws its checked SparkException unannounced
            throw Spark.explain(e, dir);
        }
    }

    /** Tiles of the pass without their file (a rerun, or tasks of an interrupted driver, wrote the others). */
    private static List<Integer> missing(FileSystem fs, Path dir, PassPlan.Pass pass) throws IOException {
        return TileFiles.missing(fs, TileFiles.passDir(dir, pass.index()), "tile-", pass.grid().count());
    }

    /**
     * Hands the image rows to the writer band by band, in the chunks the local render's RGB cache uses, so the
     * encoders see the same calls; one band of the image is in memory at a time.
     */
    private static void stream(FileSystem fs, Path dir, PassPlan.Pass last, RenderJob job, RasterSink sink) throws IOException {
        CellGrid grid = last.grid();
        long W = job.outWidth(), H = job.outHeight();
        int perRow = Math.toIntExact(W * 3), chunkRows = Math.max(1, RgbCache.CHUNK_SAMPLES / perRow);
        for (int r = 0; r < grid.tilesY(); r++) {
            long y0 = grid.rowStart(r), y1 = Math.min(grid.rowEnd(r), H);
            if (y0 >= y1) continue;
            short[] band = new short[Math.toIntExact((y1 - y0) * perRow)];
            for (int c = 0; c < grid.tilesX(); c++) {
                int i = r * grid.tilesX() + c;
                CellGrid.Rect core = grid.core(i);
                if (core.x() >= W || core.y() >= H) continue;
                CellGrid.Rect area = TileTask.imageArea(job, core);
                short[] rgb = TileFiles.readRgb(fs, TileFiles.file(dir, last.index(), i), area);
                int w = area.width() * 3;
                for (int y = 0; y < area.height(); y++)
                    System.arraycopy(rgb, y * w, band, Math.toIntExact((area.y() - y0 + y) * perRow + area.x() * 3), w);
            }
            short[] chunk = new short[Math.toIntExact((long) Math.min(chunkRows, y1 - y0) * perRow)];
            for (long y = y0; y < y1; ) {
                int n = (int) Math.min(chunkRows, y1 - y);
                System.arraycopy(band, Math.toIntExact((y - y0) * perRow), chunk, 0, n * perRow);
                sink.writeRows(chunk, n);
                y += n;
            }
        }
    }

    /**
     * How the last pass's tasks encode the image: as {@code sink}'s TIFF tiles when it is a plain TIFF whose tiles the
     * pass's tiles cut whole (then the driver only appends them), else null (colours, encoded here). A marker in the
     * pass's folder names the encoding: unfinished tiles of another one (a resume with other output options) are
     * dropped; a finished pass of colours is used as it is.
     */
    private static TiffTiles encoding(FileSystem fs, Path dir, PassPlan.Pass last, RasterSink sink) throws IOException {
        TiffTiles t = sink instanceof TiffWriter w ? w.tiles() : null;
        if (t != null && !EncodedTiles.fits(last.grid(), t)) t = null;
        String name = t == null ? RGB : Integer.toHexString(EncodedTiles.fingerprint(t));
        Path pd = TileFiles.passDir(dir, last.index()), marker = new Path(pd, "_ENCODING");
        String was = RGB; // a pass written before there were encodings
        if (fs.exists(marker)) try (var in = fs.open(marker)) {
            was = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (name.equals(was)) return t;
        if (Scratch.committed(fs, dir, last.index())) {
            if (was.equals(RGB)) return null;
            throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "scratch folder " + dir
                    + " holds the image encoded for other output options; use --fresh, or the options it was started with");
        }
        fs.delete(pd, true);
        fs.mkdirs(pd);
        try (var out = fs.create(marker, true)) {
            out.write(name.getBytes(StandardCharsets.UTF_8));
        }
        return t;
    }

    private static final String RGB = "rgb";
}
