package org.cellscape.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.cellscape.Version;
import org.cellscape.canvas.Layout;
import org.cellscape.canvas.Precision;
import org.cellscape.canvas.Units;
import org.cellscape.engine.Backend;
import org.cellscape.engine.ColourGrade;
import org.cellscape.image.ImageSpec;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.ControlMap;
import org.cellscape.engine.Look;
import org.cellscape.engine.Npy;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Size;
import org.cellscape.engine.StepContext;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;

/**
 * A render with everything settled: the model (colour overrides applied), its control map (read, or null), the schedule fitted to the size, the output
 * crop, the step context, the store precision, the layout chosen from the memory budget, and the scratch folder.
 * Built from {@link RenderSettings} by {@link #resolve}; both {@code render} and {@code plan} start here.
 */
public record RenderJob(RenderSettings settings, NcaModel model, String modelHash, Schedule schedule,
                        long outWidth, long outHeight, StepContext ctx, ColourMap colours, Precision precision,
                        Layout layout, long memoryBudget, Path scratchDir, Npy.Header stateIn, ControlMap control) {
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
        if (s.model() == null) throw CellscapeException.invalid("no model given");
        NcaModel model = ModelIO.read(s.model());
        ControlMap control = ControlMap.of(s.control(), model, s.model());
        Look look = Look.of(model, s.fireRate(), s.colourScale(), s.colourOffset());
        Npy.Header in = s.stateIn() == null ? null : Npy.readHeader(s.stateIn());
        if (in != null && in.channels() != model.channels())
            throw CellscapeException.badInput(s.stateIn() + " has " + in.channels() + " channels, the model " + model.channels());
        Size size = s.size();
        if (size != null) checkSide(size.width(), size.height());
        Schedule schedule = s.schedule() == null ? defaultSchedule(size, in) : s.schedule();
        if (in != null) {
            if (schedule.hasSeedSize() && (schedule.seedWidth() != in.width() || schedule.seedHeight() != in.height()))
                throw CellscapeException.invalid("the schedule's seed is " + schedule.seedWidth() + "x" + schedule.seedHeight()
                        + " but the start state " + s.stateIn() + " is " + in.width() + "x" + in.height() + "; use 'auto' as the seed size");
            checkSide(in.width(), in.height());
            schedule = schedule.withSeedSize((int) in.width(), (int) in.height());
        } else if (size != null && !(schedule.hasSeedSize() && schedule.finalWidth() >= size.width() && schedule.finalHeight() >= size.height())) {
            // a fitted schedule whose canvas covers the size is kept (a preset's composition at another size)
            schedule = schedule.fitTo(size.width(), size.height());
        } else if (!schedule.hasSeedSize()) {
            throw CellscapeException.invalid("no size given (and the schedule has no seed size)");
        }
        checkSide(schedule.finalWidth(), schedule.finalHeight());
        long ow = size != null ? size.width() : schedule.finalWidth(), oh = size != null ? size.height() : schedule.finalHeight();
        if (ow > schedule.finalWidth() || oh > schedule.finalHeight())
            throw CellscapeException.invalid("the size " + ow + "x" + oh + " is larger than the " + schedule.finalWidth() + "x" + schedule.finalHeight()
                    + " canvas the schedule grows" + (in == null ? "" : " from the " + in.width() + "x" + in.height() + " state"));

        long budget = s.memoryBytes() > 0 ? s.memoryBytes() : defaultBudget();
        long heap = Runtime.getRuntime().maxMemory();
        if (budget > heap)
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "the memory budget " + Units.bytes(budget) + " is more than the Java heap ("
                    + Units.bytes(heap) + "); lower the budget or raise the heap (JAVA_OPTS=-Xmx...)");
        Layout layout = chooseLayout(s.tile(), budget, model.channels(), schedule);

        ColourMap colours;
        try {
            colours = look.colours().withGrade(ColourGrade.of(s.lut(), s.gradient()));
        } catch (IllegalArgumentException e) {
            throw CellscapeException.invalid(e.getMessage());
        }
        return new RenderJob(s, model, ModelIO.hash(model), schedule, ow, oh, look.context(s.seed()), colours, s.store(),
                layout, budget, scratchDir(s), in, control);
    }

    /** The scratch folder of a render: NAME.cellscape-scratch in the scratch root, by default beside the output. */
    public static Path scratchDir(RenderSettings s) {
        Path out = s.out() == null ? Path.of("cellscape.png") : s.out();
        Path root = s.scratch() != null ? s.scratch() : out.toAbsolutePath().getParent();
        return root.resolve(out.getFileName() + ".cellscape-scratch");
    }

    private static void checkSide(long w, long h) {
        if (w > MAX_SIDE || h > MAX_SIDE)
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "size " + w + "x" + h + " is too large (at most " + MAX_SIDE + " px a side)");
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
                        + " needs " + Units.bytes(heapFor(cells, channels)) + " of memory (budget " + Units.bytes(budget) + "); render it tiled");
            return new Layout(Layout.UNTILED, k, 0);
        }
        if (tile > 0) {
            long need = heapFor((tile + 2L * k) * (tile + 2L * k), channels);
            if (need > budget) throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "a " + tile + "-cell tile with its " + k
                    + "-cell halo needs " + Units.bytes(need) + " of memory, more than the budget of " + Units.bytes(budget) + "; use a smaller tile or a larger memory budget");
            return new Layout(tile, k, 0);
        }
        int t = MAX_TILE;
        while (t >= MIN_TILE && heapFor((t + 2L * k) * (t + 2L * k), channels) > budget) t -= 16;
        if (t < MIN_TILE) throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "the memory budget " + Units.bytes(budget)
                + " is too small for one " + MIN_TILE + "-cell tile with its " + k + "-cell halo (needs "
                + Units.bytes(heapFor((MIN_TILE + 2L * k) * (MIN_TILE + 2L * k), channels)) + "); raise the memory budget");
        long untiled = Math.max(0, (budget - FIXED_HEAP) / (channels * 4L * TILE_BUFFERS));
        return new Layout(t, k, Math.min(untiled, (Integer.MAX_VALUE - 8) / channels));
    }

    /** Steps of the default schedule's levels, coarse to fine (the shipped presets'); deeper levels run the last. */
    private static final int[] DEFAULT_LEVEL_STEPS = {32, 24, 20, 16, 12};
    /** Largest seed side of the default schedule: the shipped presets' seed scale (120 cells across a 4K image). */
    static final int DEFAULT_SEED_SIDE = 128;

    /**
     * The default schedule, the shipped presets' deep, noise-seeded one: a seed of 65-128 cells a side from noise
     * (amplitude 0.1), 96 steps, then x2 levels with 32, 24, 20, 16, 12, 12, ... steps until the size, so large shapes
     * carry smaller ones. With a start state (its size is the seed), 96 steps on it and no levels.
     */
    public static Schedule defaultSchedule(Size size, Npy.Header in) {
        if (in == null && size == null) throw CellscapeException.invalid("no size given (and no schedule)");
        if (in != null) return Schedule.parse("auto:zeros:96");
        long side = Math.max(size.width(), size.height());
        StringBuilder b = new StringBuilder("auto:noise(0.1):96");
        for (int i = 0; side > (long) DEFAULT_SEED_SIDE << i; i++)
            b.append(", x2:bilinear:").append(DEFAULT_LEVEL_STEPS[Math.min(i, DEFAULT_LEVEL_STEPS.length - 1)]);
        return Schedule.parse(b.toString());
    }

    /** What goes into the image (PNG iTXt / TIFF ImageDescription) and its sidecar JSON. */
    public Map<String, String> imageParameters(Backend backend) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("software", "Cellscape " + Version.get());
        p.put("model", model.name());
        p.put("model_hash", modelHash);
        p.put("schedule", schedule.toString());
        p.put("seed", Long.toString(ctx.seed()));
        p.put("size", outWidth + "x" + outHeight);
        p.put("fire_rate", Float.toString(ctx.fireRate()));
        p.put("colour", "scale " + colours.scale() + ", offset " + colours.offset());
        if (colours.grade() != null) p.put("colour_grade", colours.grade().describe());
        p.put("store", precision.id());
        p.put("backend", backend.describe().split("[ (]", 2)[0]);
        p.put("dpi", ImageSpec.dpiText(settings.dpi()));
        if (settings.stateIn() != null) p.put("state_in", pixelParameters().get("stateIn"));
        if (settings.preset() != null) p.put("preset", settings.preset());
        if (control != null) p.put("control", control.describe());
        return p;
    }

    /** Every parameter that changes pixels, in words; the checkpoint key is their SHA-256. */
    public Map<String, String> pixelParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("model", modelHash);
        p.put("schedule", schedule.toString());
        p.put("seed", Long.toString(ctx.seed()));
        p.put("output", outWidth + "x" + outHeight);
        p.put("fireRate", Float.toString(ctx.fireRate()));
        p.put("colour", colours.scale() + "," + colours.offset());
        p.put("store", precision.id());
        if (precision == Precision.FLOAT16) p.put("passSteps", Integer.toString(layout.passSteps()));
        if (settings.stateIn() != null) p.put("stateIn", fileHash(settings.stateIn()));
        if (colours.grade() != null) p.put("grade", colours.grade().describe());
        if (control != null) p.put("control", control.identity());
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
