package org.cellscape.tune;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cellscape.canvas.TileImages;
import org.cellscape.engine.Backend;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.ControlMap;
import org.cellscape.engine.Look;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.engine.Upsample;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.preset.ResolvedPreset;

/**
 * Renders variants of a preset for comparison, each as two exact parts of its real, full-size render: the whole
 * image as the coarsest level that still shows it at preview size ("composition"), and a crop of the final level at
 * full resolution ("detail"), computed through the levels as a region with halos, so neither needs the full-size
 * canvas. Variants run cheapest first; level states that several variants share (same model, seed, fire rate and
 * schedule up to that level) are computed once and taken from a {@link LevelCache}.
 */
public final class Tuner {
    /**
     * @param preview  side of the composition and of the crop, in pixels
     * @param cropX    crop position across the image, 0 (left) .. 1 (right)
     * @param cropY    crop position down the image, 0 (top) .. 1 (bottom)
     * @param budget   largest canvas (cells) rendered whole for the composition; 0 = (2 x preview)^2
     * @param cacheBytes memory for shared level states
     */
    public record Options(int preview, double cropX, double cropY, long budget, long cacheBytes) {
        public static Options defaults() {
            return new Options(384, 0.5, 0.5, 0, 1L << 30);
        }

        long cells() {
            return budget > 0 ? budget : 4L * preview * preview;
        }
    }

    /** One variant to render: a label ("seed=3 levels2.steps=16") and its resolved preset. */
    public record Variant(int index, String label, ResolvedPreset preset) {}

    /**
     * A rendered variant. {@code level}: the level shown whole, {@code factor}: output pixels per cell of it;
     * {@code crop}: the crop's place in the output; {@code reused}: levels taken from the cache.
     */
    public record Result(Variant variant, BufferedImage composition, BufferedImage detail, int level, long factor,
                         long levelWidth, long levelHeight, Rect crop, double seconds, long cellUpdates, int reused) {}

    /** A rectangle of cells in a level's (unwrapped) coordinates. */
    public record Rect(long x, long y, long w, long h) {
        Rect grow(int n) {
            return new Rect(x - n, y - n, w + 2L * n, h + 2L * n);
        }

        /** The cells of the coarser level that upsampling by f reads to make this rectangle. */
        Rect source(int f, Upsample.Mode mode) {
            int pad = mode == Upsample.Mode.BILINEAR ? 1 : 0;
            long x0 = Math.floorDiv(x, f) - pad, y0 = Math.floorDiv(y, f) - pad;
            long x1 = Math.floorDiv(x + w - 1, f) + pad, y1 = Math.floorDiv(y + h - 1, f) + pad;
            return new Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        }

        Rect union(Rect o) {
            long x0 = Math.min(x, o.x), y0 = Math.min(y, o.y);
            return new Rect(x0, y0, Math.max(x + w, o.x + o.w) - x0, Math.max(y + h, o.y + o.h) - y0);
        }

        @Override
        public String toString() {
            return w + "x" + h + "+" + x + "+" + y;
        }
    }

    private final Backend backend;
    private final Options options;
    private final PrintWriter log;
    private final LevelCache cache;
    private final Map<Path, NcaModel> models = new HashMap<>();
    private final Map<Path, String> hashes = new HashMap<>();
    private long cellUpdates;

    public Tuner(Backend backend, Options options, PrintWriter log) {
        this.backend = backend;
        this.options = options;
        this.log = log;
        this.cache = new LevelCache(options.cacheBytes());
    }

    /** Cell updates (cells x steps) this tuner asked the backend for, over all runs. */
    public long cellUpdates() {
        return cellUpdates;
    }

    public int cacheHits() {
        return cache.hits();
    }

    /** What one variant needs: its model, context, fitted schedule, level keys and planned regions. */
    private final class Plan {
        final Variant v;
        final NcaModel model;
        final StepContext ctx;
        final ColourMap colours;
        /** The preset's control map, null = none: part of every level's key, so variants share levels only with the same map. */
        final ControlMap control;
        final Schedule s;
        final int last, whole;
        final String[] keys;
        final Rect crop;
        long cost;

        Plan(Variant v) {
            this.v = v;
            ResolvedPreset p = v.preset();
            model = models.computeIfAbsent(p.model(), ModelIO::read);
            String hash = hashes.computeIfAbsent(p.model(), k -> ModelIO.hash(model));
            Look look = p.look(model);
            float fr = look.fireRate();
            ctx = look.context(p.seed());
            colours = look.colours();
            control = ControlMap.of(p.control(), model, p.model());
            s = p.fittedSchedule();
            last = s.levelCount() - 1;
            int w = 0;
            for (int l = 1; l <= last; l++) if (s.width(l) * s.height(l) <= options.cells()) w = l;
            whole = w;
            keys = new String[last + 1];
            StringBuilder k = new StringBuilder(String.format(Locale.ROOT, "%s|%d|%08x|%dx%d:%s:%s:%d", hash, p.seed(),
                    Float.floatToIntBits(fr), s.seedWidth(), s.seedHeight(), s.init(), Float.floatToIntBits(s.noiseAmplitude()), s.seedSteps()));
            if (control != null) k.append('|').append(control.identity());
            keys[0] = k.toString();
            for (int l = 1; l <= last; l++) keys[l] = k.append('|').append(s.levels().get(l - 1)).toString();
            long ow = p.outputWidth(), oh = p.outputHeight();
            long cw = Math.min(options.preview(), ow), ch = Math.min(options.preview(), oh);
            crop = new Rect(Math.round(options.cropX() * (ow - cw)), Math.round(options.cropY() * (oh - ch)), cw, ch);
        }

        /** Product of the factors of levels after {@code l}. */
        long factorAfter(int l) {
            long f = 1;
            for (int i = l + 1; i <= last; i++) f *= s.levels().get(i - 1).factor();
            return f;
        }
    }

    /** Renders every variant, cheapest first; results come back in the variants' order. */
    public List<Result> run(List<Variant> variants) {
        List<Plan> plans = new ArrayList<>();
        for (Variant v : variants) plans.add(new Plan(v));
        Map<String, Rect> regions = planRegions(plans);
        Map<String, Integer> users = new HashMap<>();
        for (Plan p : plans) for (String k : p.keys) users.merge(k, 1, Integer::sum);
        for (Plan p : plans) {
            p.cost = 0;
            for (int l = 0; l <= p.last; l++) {
                long cells = l <= p.whole ? p.s.width(l) * p.s.height(l) : area(regions.get(p.keys[l]));
                p.cost += cells * p.s.steps(l);
            }
        }
        List<Plan> order = new ArrayList<>(plans);
        order.sort(Comparator.comparingLong(p -> p.cost));
        Result[] out = new Result[plans.size()];
        int done = 0;
        for (Plan p : order) {
            Result r = render(p, regions, users);
            out[plans.indexOf(p)] = r;
            log.printf(Locale.ROOT, "[%d/%d] %s: %.1f s, %,d cell updates%s%n", ++done, plans.size(), p.v.label(), r.seconds(),
                    r.cellUpdates(), r.reused() > 0 ? ", " + r.reused() + " level(s) reused" : "");
            log.flush();
        }
        return List.of(out);
    }

    private static long area(Rect r) {
        return r.w * r.h;
    }

    /**
     * The region each level must compute for the crop: the crop at the last level, grown by that level's steps (the
     * halo), then the source cells of that, one level down, and so on to the level held whole. Variants that share
     * a level's key share one region, the union of what each needs, so the cache can serve them all.
     */
    private static Map<String, Rect> planRegions(List<Plan> plans) {
        Map<String, Rect> need = new HashMap<>(), region = new HashMap<>();
        int top = plans.stream().mapToInt(p -> p.last).max().orElse(0);
        for (int l = top; l >= 1; l--) {
            for (Plan p : plans) {
                if (l > p.last || l <= p.whole) continue;
                Rect n = l == p.last ? p.crop : regionOf(region, p, l + 1).source(p.s.levels().get(l).factor(), p.s.levels().get(l).mode());
                need.merge(p.keys[l], n, Rect::union);
            }
            for (Plan p : plans)
                if (l <= p.last && l > p.whole) region.put(p.keys[l], need.get(p.keys[l]).grow(p.s.steps(l)));
        }
        return region;
    }

    private static Rect regionOf(Map<String, Rect> region, Plan p, int l) {
        return region.get(p.keys[l]);
    }

    private Result render(Plan p, Map<String, Rect> regions, Map<String, Integer> users) {
        long t0 = System.nanoTime(), u0 = cellUpdates;
        Renderer walk = new Renderer(p.model, p.s, p.ctx, backend, new RenderListener() {
            @Override
            public void advanced(long updates) {
                cellUpdates += updates;
            }
        }, p.control);
        // the levels held whole: start from the deepest cached one
        Tile start = null;
        int from = 0;
        for (int l = p.whole; l >= 0 && start == null; l--) {
            if (users.get(p.keys[l]) < 2) continue;
            start = cache.get("whole|" + p.keys[l]);
            if (start != null) from = l + 1;
        }
        int[] reused = {from};
        Tile whole = walk.run(start, from, p.whole, new Renderer.Visitor() {
            @Override
            public boolean done(int level, Tile state) {
                if (users.get(p.keys[level]) > 1) cache.put("whole|" + p.keys[level], state);
                return true;
            }
        });
        // the crop's region through the finer levels
        Tile r = walk.run(whole, p.whole + 1, p.last, new Renderer.Visitor() {
            String key(int level) {
                return "region|" + p.keys[level] + "|" + regions.get(p.keys[level]);
            }

            @Override
            public long[] region(int level) {
                Rect g = regions.get(p.keys[level]);
                return new long[]{g.x, g.y, g.w, g.h};
            }

            boolean hit;

            @Override
            public Tile cached(int level) {
                Tile c = users.get(p.keys[level]) > 1 ? cache.get(key(level)) : null;
                hit = c != null;
                if (hit) reused[0]++;
                return c;
            }

            @Override
            public boolean done(int level, Tile state) {
                if (!hit && users.get(p.keys[level]) > 1) cache.put(key(level), state);
                return true;
            }
        });
        long f = p.factorAfter(p.whole);
        long lw = Math.min(whole.width(), Math.ceilDiv(p.v.preset().outputWidth(), f));
        long lh = Math.min(whole.height(), Math.ceilDiv(p.v.preset().outputHeight(), f));
        BufferedImage comp = TileImages.fromTile(whole, 0, 0, (int) lw, (int) lh, p.colours);
        BufferedImage detail = TileImages.fromTile(r, (int) (p.crop.x - r.originX()), (int) (p.crop.y - r.originY()),
                (int) p.crop.w, (int) p.crop.h, p.colours);
        return new Result(p.v, comp, detail, p.whole, f, lw, lh, p.crop, (System.nanoTime() - t0) / 1e9, cellUpdates - u0, reused[0]);
    }
}
