package org.cellscape.render;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.CellGrid;
import org.cellscape.canvas.Precision;
import org.cellscape.canvas.ScratchFolder;
import org.cellscape.image.TiffWriter;
import org.cellscape.image.WriterOptions;
import org.cellscape.canvas.RgbCache;
import org.cellscape.canvas.StateStore;
import org.cellscape.canvas.Units;
import org.cellscape.engine.Backend;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;

/**
 * What a render will take: per level its canvas and tiling, peak heap and mapped memory, scratch disk, output size
 * (and whether it needs BigTIFF), and, given a measured backend speed, the time. {@code cellscape plan} prints it;
 * {@code render} checks it first and refuses jobs that cannot fit.
 */
public record Estimate(RenderJob job, PassPlan plan, long heapBytes, long mappedBytes, long scratchBytes, long stateOutBytes,
                       long imageBytes, boolean bigTiff, long cellUpdates, long computedUpdates, double updatesPerSecond) {
    public static Estimate of(RenderJob job, PassPlan plan, double updatesPerSecond) {
        Schedule s = job.schedule();
        int C = job.channels();
        Precision p = job.precision();
        long heap = 0, mapped = 0, scratch = 0, updates = 0, computed = 0;
        for (PassPlan.Pass pass : plan.passes()) {
            CellGrid g = pass.grid();
            int level = pass.level();
            long w = s.width(level), h = s.height(level);
            heap = Math.max(heap, RenderJob.heapFor(g.maxTileCells(), C));
            // resident through mappings per tile: the source cells it reads and the destination cells it writes
            // (windows are unmapped after each access, so this does not accumulate over tiles)
            long srcCells = pass.firstOfLevel() && level > 0
                    ? CellGrid.coarseCover(g.withHalo(0), s.levels().get(level - 1).factor()).cells() : g.maxTileCells();
            if (pass.firstOfLevel() && level == 0 && job.stateIn() == null) srcCells = 0;
            long dstBytes = pass.last() ? 6 * g.core(0).cells() : StateStore.bytes(g.core(0).width(), g.core(0).height(), C, p);
            mapped = Math.max(mapped, srcCells * C * p.bytes + dstBytes);
            long src = pass.firstOfLevel() ? (level == 0 ? 0 : StateStore.bytes(s.width(level - 1), s.height(level - 1), C, p)) : StateStore.bytes(w, h, C, p);
            long dst = pass.last() ? RgbCache.bytes(job.outWidth(), job.outHeight()) : StateStore.bytes(w, h, C, p);
            scratch = Math.max(scratch, src + dst);
            updates += g.regionWidth() * g.regionHeight() * pass.steps();
            computed += g.computedCellUpdates(pass.steps());
        }
        long stateOut = job.settings().stateOut() == null ? 0 : StateStore.bytes(job.outWidth(), job.outHeight(), C, Precision.FLOAT32);
        long image = job.outWidth() * job.outHeight() * 3 * (job.settings().bits() / 8);
        boolean tiff = job.settings().out() != null && job.settings().out().getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.tiff?");
        // the writer's own rule, with room for the parameters text it embeds
        int t = WriterOptions.DEFAULT_TILE_SIZE, bps = job.settings().bits() / 8;
        boolean pyramid = tiff && job.settings().pyramid();
        boolean big = tiff && (job.settings().forceBigTiff() || (pyramid
                ? TiffWriter.needsBigTiffPyramid(job.outWidth(), job.outHeight(), bps, t, 64 << 10)
                : TiffWriter.needsBigTiff(job.outWidth(), job.outHeight(), bps, t, t, 64 << 10)));
        if (pyramid) image += image / 3; // the reduced pages: a quarter, a sixteenth, ... of the image
        return new Estimate(job, plan, heap, mapped, scratch, stateOut, image, big, updates, computed, updatesPerSecond);
    }

    /** Seconds of compute, from the measured speed; NaN when not measured. */
    public double seconds() {
        return updatesPerSecond > 0 ? computedUpdates / updatesPerSecond : Double.NaN;
    }

    /**
     * Measures the backend on a small halo tile of this model, in cell updates per second: the median of the last
     * five calls once they agree within 25% (or after 4 s). The first calls are far slower (a vector backend's code
     * runs interpreted, then C1-compiled, for a second or two), so they are never counted.
     */
    public static double calibrate(Backend backend, NcaModel model, StepContext ctx) {
        int size = 192, steps = 4; // large enough that thread hand-offs between steps do not dominate
        long perRound = 0;
        for (int i = 0; i < steps; i++) perRound += (long) (size - 2 * (i + 1)) * (size - 2 * (i + 1));
        long begin = System.nanoTime();
        java.util.List<Double> rates = new java.util.ArrayList<>();
        for (int round = 0; round < 10_000; round++) {
            Tile t = new Tile(size, size, model.channels(), 1000, 1000, 1 << 20, 1 << 20, new float[size * size * model.channels()]);
            for (int i = 0; i < t.data().length; i++) t.data()[i] = (i % 7) * 0.1f - 0.3f;
            long start = System.nanoTime();
            backend.advance(t, model, ctx, 0, round * steps, steps);
            long end = System.nanoTime();
            rates.add(perRound * 1e9 / Math.max(1, end - start));
            if (rates.size() >= 6) {
                double[] last = rates.subList(rates.size() - 5, rates.size()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                if ((last[4] <= last[0] * 1.25 && end - begin > 1_000_000_000L) || end - begin > 4_000_000_000L) return last[2];
            } else if (end - begin > 8_000_000_000L) {
                return rates.getLast(); // a very slow backend: what it showed
            }
        }
        return rates.getLast();
    }

    /** Refuses (DOES_NOT_FIT) when the scratch or --state-out disk lacks room; counts scratch files a resume reuses. */
    public void checkDisk() {
        long have = usable(job.scratchDir()) + ScratchFolder.reusableBytes(job.scratchDir());
        if (scratchBytes > have)
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "not enough disk for scratch: needs " + Units.bytes(scratchBytes)
                    + ", " + Units.bytes(have) + " free in " + ancestor(job.scratchDir()) + "; put the scratch folder on a larger disk, store float16, or render smaller");
        if (stateOutBytes > 0) {
            Path so = job.settings().stateOut().toAbsolutePath();
            long free = usable(so.getParent());
            if (stateOutBytes > free)
                throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "not enough disk for the state file " + so + ": needs "
                        + Units.bytes(stateOutBytes) + ", " + Units.bytes(free) + " free");
        }
    }

    private static Path ancestor(Path p) {
        Path a = p.toAbsolutePath();
        while (a != null && !Files.exists(a)) a = a.getParent();
        return a;
    }

    private static long usable(Path p) {
        Path a = ancestor(p);
        if (a == null) return Long.MAX_VALUE;
        try {
            return Files.getFileStore(a).getUsableSpace();
        } catch (IOException e) {
            throw CellscapeException.io("cannot check free space of " + a + ": " + e.getMessage(), e);
        }
    }

    /** The plan as data, for {@code plan --json}: the same figures as {@link #print}, in bytes, cells and seconds. */
    public java.util.Map<String, Object> toJson(String backendName) {
        Schedule s = job.schedule();
        java.util.Map<String, Object> j = new java.util.LinkedHashMap<>();
        j.put("output", String.valueOf(job.settings().out()));
        j.put("width", job.outWidth());
        j.put("height", job.outHeight());
        j.put("bits", job.settings().bits());
        if (job.settings().dpi() > 0) j.put("dpi", job.settings().dpi());
        j.put("model", job.model().name());
        j.put("modelHash", job.modelHash());
        j.put("schedule", s.toString());
        j.put("seed", job.ctx().seed());
        j.put("fireRate", job.ctx().fireRate());
        j.put("store", job.precision().id());
        if (!job.model().rules().isEmpty()) j.put("rules", job.model().rules());
        if (job.control() != null) j.put("control", job.control().describe());
        List<Object> levels = new ArrayList<>();
        for (int l = 0; l < s.levelCount(); l++) {
            int level = l;
            List<PassPlan.Pass> lp = plan.passes().stream().filter(p -> p.level() == level).toList();
            CellGrid g = lp.getFirst().grid();
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("level", l);
            m.put("width", s.width(l));
            m.put("height", s.height(l));
            m.put("steps", s.steps(l));
            m.put("passes", lp.size());
            m.put("tiles", g.isUntiled() ? 1 : g.count());
            m.put("tileSize", g.isUntiled() ? 0 : g.tileSize());
            levels.add(m);
        }
        j.put("levels", levels);
        j.put("cellUpdates", cellUpdates);
        j.put("computedUpdates", computedUpdates);
        j.put("heapBytes", heapBytes);
        j.put("memoryBudgetBytes", job.memoryBudget());
        j.put("mappedBytes", mappedBytes);
        j.put("scratchBytes", scratchBytes);
        j.put("scratch", job.scratchDir().toString());
        if (stateOutBytes > 0) j.put("stateOutBytes", stateOutBytes);
        j.put("imageBytes", imageBytes);
        j.put("bigTiff", bigTiff);
        j.put("backend", backendName);
        if (updatesPerSecond > 0) {
            j.put("cellUpdatesPerSecond", Math.round(updatesPerSecond));
            j.put("seconds", Math.round(seconds() * 1000) / 1000.0);
        }
        return j;
    }

    /** The plan as people read it. */
    public void print(PrintWriter out, String backendName) {
        Schedule s = job.schedule();
        out.printf("output      %s  %d x %d px, %d-bit%s%n", job.settings().out(), job.outWidth(), job.outHeight(), job.settings().bits(),
                job.settings().dpi() > 0 ? String.format(Locale.ROOT, ", %.0f dpi (%.1f x %.1f cm)", job.settings().dpi(),
                        job.outWidth() / job.settings().dpi() * 2.54, job.outHeight() / job.settings().dpi() * 2.54) : "");
        out.printf("model       %s (%d channels, hidden %d, hash %s)%n", job.model().name(), job.channels(), job.model().hidden(), job.modelHash().substring(0, Math.min(16, job.modelHash().length())));
        if (!job.model().rules().isEmpty()) out.printf("rules       %s%n", String.join(", ", job.model().rules()));
        if (job.control() != null) out.printf("control     %s%n", job.control().describe());
        else if (!job.model().rules().isEmpty()) out.printf("control     none (every control input 0)%n");
        out.printf("schedule    %s%n", s);
        out.printf("seed        %d, fire rate %s, store %s%n", job.ctx().seed(), job.ctx().fireRate(), job.precision().id());
        out.printf("levels%n");
        List<PassPlan.Pass> passes = plan.passes();
        for (int l = 0; l < s.levelCount(); l++) {
            List<PassPlan.Pass> lp = new ArrayList<>();
            for (PassPlan.Pass p : passes) if (p.level() == l) lp.add(p);
            CellGrid g = lp.getFirst().grid();
            String tiling = g.isUntiled() ? "untiled (in memory)" : g.tilesX() + "x" + g.tilesY() + " tiles of " + g.tileSize();
            StringBuilder steps = new StringBuilder();
            for (PassPlan.Pass p : lp) steps.append(steps.isEmpty() ? "" : "+").append(p.steps());
            out.printf("  %d  %9d x %-9d %4d steps  %d pass%s (%s)  %s%s%n", l, s.width(l), s.height(l), s.steps(l), lp.size(),
                    lp.size() == 1 ? "" : "es", steps, tiling, lp.getLast().last() ? "  -> image" : "");
        }
        out.printf("work        %s cell updates (%s computed with halos)%n", Units.count(cellUpdates), Units.count(computedUpdates));
        out.printf("memory      heap %s (budget %s, JVM max %s), off-heap %s mapped per tile%n", Units.bytes(heapBytes), Units.bytes(job.memoryBudget()),
                Units.bytes(Runtime.getRuntime().maxMemory()), Units.bytes(mappedBytes));
        out.printf("scratch     %s peak in %s%n", Units.bytes(scratchBytes), job.scratchDir());
        if (stateOutBytes > 0) out.printf("state out   %s -> %s%n", Units.bytes(stateOutBytes), job.settings().stateOut());
        out.printf("image       %s uncompressed%s%n", Units.bytes(imageBytes), bigTiff ? ", BigTIFF" : job.settings().out() != null
                && job.settings().out().toString().toLowerCase(Locale.ROOT).matches(".*\\.tiff?") ? ", classic TIFF" : "");
        if (updatesPerSecond > 0)
            out.printf("time        about %s (%s: %s cell updates/s measured)%n", Units.duration(seconds()), backendName, Units.count(updatesPerSecond));
    }
}
