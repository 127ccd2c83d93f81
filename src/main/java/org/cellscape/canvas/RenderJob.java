package org.cellscape.canvas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.render.RenderSettings;

/**
 * A render with everything settled: the model (colour overrides applied), the schedule fitted to the size, the output
 * crop, the step context, the store precision, the layout chosen from the memory budget, and the scratch folder.
 * Built from {@link RenderSettings} by {@link #resolve}; both {@code render} and {@code plan} start here.
 */
public record RenderJob(RenderSettings settings, NcaModel model, String modelHash, Schedule schedule,
                        long outWidth, long outHeight, StepContext ctx, ColourMap colours, Precision precision,
                        Layout layout, long memoryBudget, Path scratchDir, org.cellscape.engine.Npy.Header stateIn) {
    /** Largest output side accepted: 2^20 px (a terapixel canvas); beyond that sizes overflow and are surely typos. */
    public static final long MAX_SIDE = 1 << 20;
    /** Heap per tile cell-channel: the tile, the backend's second buffer, a shrunk copy, the next tile, its coarse source. */
    static final int TILE_BUFFERS = 5;
    /** Heap besides the tiles: row chunks for the sink, encoders' buffers, the JVM's own. */
    static final long FIXED_HEAP = 48L << 20;
    static final int MIN_TILE = 16, MAX_TILE = 1024;

    public int channels() {
        return model.channels();
    }

    public PassPlan plan() {
        return new PassPlan(schedule, outWidth, outHeight, model.channels(), layout);
    }

    public PassPlan plan(Layout l) {
        return new PassPlan(schedule, outWidth, outHeight, model.channels(), l);
    }

    /** Heap a tile of {@code cells} cells (halo included) needs. */
    public static long heapFor(long cells, int channels) {
        return cells * channels * 4L * TILE_BUFFERS + FIXED_HEAP;
    }

    /** The default budget: 60% of the JVM's maximum heap. */
    public static long defaultBudget() {
        return (long) (Runtime.getRuntime().maxMemory() * 0.6);
    }

    public static RenderJob resolve(RenderSettings s) {
        if (s.model() == null)
            throw new CellscapeException(CellscapeException.USAGE, "no model: give --model FILE.safetensors (see 'cellscape models')");
        NcaModel model = ModelIO.read(s.model());
        String hash = ModelIO.hash(model); // of the file as 'models show' reads it, whatever the overrides
        if (!Float.isNaN(s.colourScale()) || !Float.isNaN(s.colourOffset()))
            model = model.toBuilder().colour(Float.isNaN(s.colourScale()) ? model.colourScale() : s.colourScale(),
                    Float.isNaN(s.colourOffset()) ? model.colourOffset() : s.colourOffset()).build();
        float fire = Float.isNaN(s.fireRate()) ? model.fireRate() : s.fireRate();
        StepContext ctx = new StepContext(s.seed(), fire);
        Precision precision = Precision.parse(s.store() == null ? "float32" : s.store());
        if (s.bits() != 8 && s.bits() != 16) throw usage("--bits must be 16 or 8, got " + s.bits());

        org.cellscape.engine.Npy.Header in = s.stateIn() == null ? null : org.cellscape.engine.Npy.readHeader(s.stateIn());
        if (in != null && in.channels() != model.channels())
            throw CellscapeException.badInput(s.stateIn() + " has " + in.channels() + " channels, the model " + model.channels());
        if (s.width() < 0 || s.height() < 0 || (s.width() == 0) != (s.height() == 0))
            throw usage("size must be positive, got " + s.width() + "x" + s.height());
        checkSide(s.width(), s.height());
        Schedule schedule;
        try {
            schedule = s.schedule() == null ? defaultSchedule(s.width(), s.height(), in) : Schedule.parse(s.schedule());
            if (in != null) {
                if (schedule.hasSeedSize() && (schedule.seedWidth() != in.width() || schedule.seedHeight() != in.height()))
                    throw usage("the schedule's seed is " + schedule.seedWidth() + "x" + schedule.seedHeight() + " but --state-in is "
                            + in.width() + "x" + in.height() + "; use 'auto' as the seed size");
                checkSide(in.width(), in.height());
                schedule = schedule.withSeedSize((int) in.width(), (int) in.height());
            } else if (s.width() > 0) {
                schedule = schedule.fitTo(s.width(), s.height());
            } else if (!schedule.hasSeedSize()) {
                throw usage("give a size: --size WxH or --print A3 (or a schedule with a seed size)");
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        checkSide(schedule.finalWidth(), schedule.finalHeight());
        long ow = s.width() > 0 ? s.width() : schedule.finalWidth(), oh = s.height() > 0 ? s.height() : schedule.finalHeight();
        if (ow > schedule.finalWidth() || oh > schedule.finalHeight())
            throw usage("--size " + ow + "x" + oh + " is larger than the " + schedule.finalWidth() + "x" + schedule.finalHeight()
                    + " canvas the schedule grows" + (in == null ? "" : " from the " + in.width() + "x" + in.height() + " state"));

        long budget = s.memoryBytes() > 0 ? s.memoryBytes() : defaultBudget();
        long heap = Runtime.getRuntime().maxMemory();
        if (budget > heap)
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "--memory " + Units.bytes(budget) + " is more than the Java heap ("
                    + Units.bytes(heap) + "); lower --memory or raise the heap (JAVA_OPTS=-Xmx...)");
        Layout layout = chooseLayout(s.tile(), budget, model.channels(), schedule);

        Path out = s.out() == null ? Path.of("cellscape.png") : s.out();
        Path root = s.scratch() != null ? s.scratch() : out.toAbsolutePath().getParent();
        Path scratch = root.resolve(out.getFileName() + ".cellscape-scratch");
        ColourMap colours;
        try {
            colours = ColourMap.of(model).withGrade(org.cellscape.engine.ColourGrade.of(s.lut(), s.gradient()));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return new RenderJob(s, model, hash, schedule, ow, oh, ctx, colours, precision, layout, budget, scratch, in);
    }

    private static void checkSide(long w, long h) {
        if (w > MAX_SIDE || h > MAX_SIDE)
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "size " + w + "x" + h + " is too large (at most " + MAX_SIDE + " px a side)");
    }

    private static CellscapeException usage(String m) {
        return new CellscapeException(CellscapeException.USAGE, m);
    }

    /**
     * The tile size: the user's, or the largest (a multiple of 16, at most 1024) whose tile, halo and buffers fit the
     * budget; levels that fit the budget whole run untiled. Refuses budgets too small for one tile and its halo.
     */
    static Layout chooseLayout(int tile, long budget, int channels, Schedule schedule) {
        int k = Layout.DEFAULT_PASS_STEPS;
        if (tile == RenderSettings.UNTILED) {
            long cells = 0;
            for (int l = 0; l < schedule.levelCount(); l++) cells = Math.max(cells, schedule.width(l) * schedule.height(l));
            if (heapFor(cells, channels) > budget || cells * channels > Integer.MAX_VALUE - 8)
                throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "an untiled render of " + schedule.finalWidth() + "x" + schedule.finalHeight()
                        + " needs " + Units.bytes(heapFor(cells, channels)) + " of memory (budget " + Units.bytes(budget) + "); drop --tile untiled");
            return new Layout(Layout.UNTILED, k, 0);
        }
        if (tile > 0) {
            long need = heapFor((tile + 2L * k) * (tile + 2L * k), channels);
            if (need > budget) throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "a " + tile + "-cell tile with its " + k
                    + "-cell halo needs " + Units.bytes(need) + " of memory, more than the budget of " + Units.bytes(budget) + "; use a smaller --tile or a larger --memory");
            return new Layout(tile, k, 0);
        }
        int t = MAX_TILE;
        while (t >= MIN_TILE && heapFor((t + 2L * k) * (t + 2L * k), channels) > budget) t -= 16;
        if (t < MIN_TILE) throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "the memory budget " + Units.bytes(budget)
                + " is too small for one " + MIN_TILE + "-cell tile with its " + k + "-cell halo (needs "
                + Units.bytes(heapFor((MIN_TILE + 2L * k) * (MIN_TILE + 2L * k), channels)) + "); raise --memory");
        long untiled = Math.max(0, (budget - FIXED_HEAP) / (channels * 4L * TILE_BUFFERS));
        return new Layout(t, k, Math.min(untiled, (Integer.MAX_VALUE - 8) / channels));
    }

    /**
     * The default schedule: a seed of about 64-256 cells a side grown by x2 levels,
     * "auto:zeros:96, x2:bilinear:48, ..., x2:bilinear:32" (the last level shorter: it is the largest).
     */
    public static Schedule defaultSchedule(long width, long height, org.cellscape.engine.Npy.Header in) {
        long side = in != null ? Math.max(in.width(), in.height()) : Math.max(width, height);
        int doublings = 0;
        if (in == null) while (side > 256 << doublings) doublings++;
        StringBuilder b = new StringBuilder("auto:zeros:96");
        for (int i = 0; i < doublings; i++) b.append(", x2:bilinear:").append(i == doublings - 1 ? 32 : 48);
        return Schedule.parse(b.toString());
    }

    /** Every parameter that changes pixels, in words; the checkpoint key is their SHA-256. */
    public Map<String, String> pixelParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("model", modelHash);
        p.put("schedule", schedule.toString());
        p.put("seed", Long.toString(ctx.seed()));
        p.put("output", outWidth + "x" + outHeight);
        p.put("fireRate", Float.toString(ctx.fireRate()));
        p.put("colour", model.colourScale() + "," + model.colourOffset());
        p.put("store", precision.id());
        if (precision == Precision.FLOAT16) p.put("passSteps", Integer.toString(layout.passSteps()));
        if (settings.stateIn() != null) p.put("stateIn", fileHash(settings.stateIn()));
        if (colours.grade() != null) p.put("grade", colours.grade().describe());
        return p;
    }

    private static String fileHash(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw CellscapeException.badInput(f + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
