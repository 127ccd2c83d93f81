package org.cellscape.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellscape.CellscapeException;
import org.cellscape.image.ImageReaders;
import org.cellscape.image.RgbImage;
import org.cellscape.model.NcaModel;

/**
 * A loaded control map: per-rule weights held at the map's own resolution, resampled on demand to any grid
 * (docs/control-maps.md). {@link #field} is THE definition of a cell's control weights: a pure function of the
 * cell's global position and the grid size, computed in double and rounded to float once, so every tile size,
 * thread count and backend sees the same floats, and a poster never holds the map at canvas resolution.
 *
 * <p>Sampling: cell (gx, gy) of a W x H grid reads the map at ((gx + 0.5) * Mw / W - 0.5, (gy + 0.5) * Mh / H - 0.5),
 * clamped to the map's edge pixels, bilinearly. Weight images: each named rule's weight is its image's mean of
 * R, G, B there; when they sum to more than 1 they are scaled to sum 1, else the default rule gets the rest.
 * Legend map: each pixel is the rule of its nearest legend colour (one-hot), and the one-hot vectors are blended
 * bilinearly.
 */
public final class ControlMap {
    /** One image resampled: values per pixel (weights), or rule indices (legend). */
    private record Plane(int width, int height, float[] values, byte[] rules, int rule) {}

    private final List<String> ruleNames;
    private final int defaultRule;
    private final List<Plane> planes;
    private final boolean legend;
    private final String identity, description;

    private ControlMap(List<String> ruleNames, int defaultRule, List<Plane> planes, boolean legend, String identity, String description) {
        this.ruleNames = List.copyOf(ruleNames);
        this.defaultRule = defaultRule;
        this.planes = planes;
        this.legend = legend;
        this.identity = identity;
        this.description = description;
    }

    /** The map of {@code spec} for {@code model} (read from {@code modelFile}), as {@link #load}; null when spec is. */
    public static ControlMap of(ControlSpec spec, NcaModel model, Path modelFile) {
        return spec == null ? null : load(spec, model.rules(), modelFile);
    }

    /**
     * Reads the map's images and checks its rule names against the model's {@code rules} (from {@code modelFile},
     * named in the messages). Failures are one-line bad-input errors (exit 3) naming the file.
     */
    public static ControlMap load(ControlSpec spec, List<String> rules, Path modelFile) {
        if (rules.isEmpty())
            throw CellscapeException.badInput(modelFile + ": the model has no rules (no control inputs), so it cannot take a control map");
        String def = spec.defaultRule() != null ? spec.defaultRule() : rules.get(0);
        int defIndex = ruleIndex(def, rules, modelFile);
        List<Plane> planes = new ArrayList<>();
        StringBuilder id = new StringBuilder(spec.map() != null ? "legend" : "weights rest=" + def);
        if (spec.map() != null) {
            for (ControlSpec.LegendEntry e : spec.legend()) ruleIndex(e.rule(), rules, modelFile);
            planes.add(legendPlane(read(spec.map()), spec.legend(), rules));
            id.append(' ').append(spec.legend()).append(' ').append(fileHash(spec.map()));
        } else {
            for (var e : spec.weights().entrySet()) {
                int r = ruleIndex(e.getKey(), rules, modelFile);
                RgbImage img = read(e.getValue());
                planes.add(new Plane(img.width(), img.height(), grey(img), null, r));
                id.append(' ').append(e.getKey()).append('=').append(fileHash(e.getValue()));
            }
        }
        return new ControlMap(rules, defIndex, planes, spec.map() != null, id.toString(), spec.describe(def));
    }

    /**
     * Weight images in memory (one video frame's, a test's): rule name to image, the rest to {@code defaultRule}
     * (null: the first rule). Every name must be one of {@code rules} (IllegalArgumentException otherwise); the
     * field is the same as {@link #load} gives for the same images read from files.
     */
    public static ControlMap weights(java.util.Map<String, RgbImage> images, String defaultRule, List<String> rules) {
        String def = defaultRule != null ? defaultRule : rules.get(0);
        List<Plane> planes = new ArrayList<>();
        for (var e : images.entrySet()) {
            int r = rules.indexOf(e.getKey());
            if (r < 0 || !rules.contains(def)) throw new IllegalArgumentException("no rule " + (r < 0 ? e.getKey() : def));
            planes.add(new Plane(e.getValue().width(), e.getValue().height(), grey(e.getValue()), null, r));
        }
        return new ControlMap(rules, rules.indexOf(def), planes, false, "weights rest=" + def + " " + images.keySet(), images.keySet() + " (rest: " + def + ")");
    }

    /** A legend map from an image in memory (a video frame's, a benchmark's); every legend rule must be one of {@code rules}. */
    public static ControlMap legend(RgbImage map, List<ControlSpec.LegendEntry> legend, List<String> rules) {
        return new ControlMap(rules, 0, List.of(legendPlane(map, legend, rules)), true, "legend " + legend, map.width() + "x" + map.height() + " map, legend " + legend);
    }

    private static Plane legendPlane(RgbImage img, List<ControlSpec.LegendEntry> legend, List<String> rules) {
        int[] ruleOf = new int[legend.size()];
        for (int i = 0; i < ruleOf.length; i++) {
            ruleOf[i] = rules.indexOf(legend.get(i).rule());
            if (ruleOf[i] < 0) throw new IllegalArgumentException("no rule " + legend.get(i).rule());
        }
        return new Plane(img.width(), img.height(), null, nearest(img, legend, ruleOf), -1);
    }

    private static int ruleIndex(String name, List<String> rules, Path modelFile) {
        int i = rules.indexOf(name);
        if (i < 0) throw CellscapeException.badInput(modelFile + ": the model has no rule '" + name + "' (its rules: " + String.join(", ", rules) + ")");
        return i;
    }

    private static RgbImage read(Path file) {
        if (!Files.isRegularFile(file)) throw CellscapeException.badInput(file + ": control map not found");
        return ImageReaders.read(file).image();
    }

    private static float[] grey(RgbImage img) {
        float[] rgb = img.rgb(), g = new float[img.width() * img.height()];
        for (int i = 0; i < g.length; i++) g[i] = (float) (((double) rgb[3 * i] + rgb[3 * i + 1] + rgb[3 * i + 2]) / 3);
        return g;
    }

    /** The rule of each pixel: its nearest legend colour's (squared distance in 0..255 RGB; the first on a tie). */
    private static byte[] nearest(RgbImage img, List<ControlSpec.LegendEntry> legend, int[] ruleOf) {
        float[] rgb = img.rgb();
        byte[] out = new byte[img.width() * img.height()];
        for (int i = 0; i < out.length; i++) {
            long best = Long.MAX_VALUE;
            int pick = 0;
            for (int e = 0; e < legend.size(); e++) {
                int c = legend.get(e).rgb();
                long d = 0;
                for (int ch = 0; ch < 3; ch++) {
                    long v = Math.round(rgb[3 * i + ch] * 255.0) - (c >> (16 - 8 * ch) & 255);
                    d += v * v;
                }
                if (d < best) {
                    best = d;
                    pick = ruleOf[e];
                }
            }
            out[i] = (byte) pick;
        }
        return out;
    }

    private static String fileHash(Path f) {
        try {
            return CubeLut.sha(Files.readAllBytes(f));
        } catch (IOException e) {
            throw CellscapeException.badInput(f + ": " + e.getMessage());
        }
    }

    /** Control inputs per cell: the model's rule count. */
    public int rules() {
        return ruleNames.size();
    }

    public List<String> ruleNames() {
        return ruleNames;
    }

    /** Changes whenever the map's content, form or rules change: part of a render's checkpoint key. */
    public String identity() {
        return identity;
    }

    /** One line for plans and image parameters. */
    public String describe() {
        return description;
    }

    /** Gives {@code t} its control inputs (a tile of a canvas, the canvas being the level's grid). */
    public void attach(Tile t) {
        t.setControl(field(t.originX(), t.originY(), t.width(), t.height(), t.canvasWidth(), t.canvasHeight()));
    }

    /**
     * The control weights of the cells [0, w) x [0, h) of a tile whose cell (0, 0) is global cell (ox, oy) of a
     * canvasW x canvasH grid (wrapped: the canvas is a torus), {@code (y * w + x) * R + r}.
     */
    public float[] field(long ox, long oy, int w, int h, long canvasW, long canvasH) {
        final int R = rules();
        float[] out = new float[Math.multiplyExact(Math.multiplyExact(w, h), R)];
        int n = planes.size();
        int[][] xa = new int[n][], xb = new int[n][];
        double[][] fx = new double[n][];
        for (int p = 0; p < n; p++) {
            Plane pl = planes.get(p);
            xa[p] = new int[w];
            xb[p] = new int[w];
            fx[p] = new double[w];
            for (int x = 0; x < w; x++) {
                double s = sample(Math.floorMod(ox + x, canvasW), canvasW, pl.width);
                xa[p][x] = (int) s;
                xb[p][x] = Math.min(xa[p][x] + 1, pl.width - 1);
                fx[p][x] = s - xa[p][x];
            }
        }
        double[] acc = new double[R];
        int[] r0 = new int[n], r1 = new int[n];
        double[] fy = new double[n];
        for (int y = 0; y < h; y++) {
            long gy = Math.floorMod(oy + y, canvasH);
            for (int p = 0; p < n; p++) {
                Plane pl = planes.get(p);
                double sy = sample(gy, canvasH, pl.height);
                r0[p] = (int) sy * pl.width;
                r1[p] = Math.min((int) sy + 1, pl.height - 1) * pl.width;
                fy[p] = sy - (int) sy;
            }
            for (int x = 0; x < w; x++) {
                java.util.Arrays.fill(acc, 0);
                double sum = 0;
                for (int p = 0; p < n; p++) {
                    Plane pl = planes.get(p);
                    double f = fx[p][x], g = fy[p];
                    int a0 = r0[p] + xa[p][x], b0 = r0[p] + xb[p][x], a1 = r1[p] + xa[p][x], b1 = r1[p] + xb[p][x];
                    double w00 = (1 - f) * (1 - g), w10 = f * (1 - g), w01 = (1 - f) * g, w11 = f * g;
                    if (legend) {
                        byte[] k = pl.rules;
                        acc[k[a0]] += w00;
                        acc[k[b0]] += w10;
                        acc[k[a1]] += w01;
                        acc[k[b1]] += w11;
                    } else {
                        float[] v = pl.values;
                        double val = w00 * v[a0] + w10 * v[b0] + w01 * v[a1] + w11 * v[b1];
                        acc[pl.rule] += val;
                        sum += val;
                    }
                }
                if (!legend) {
                    if (sum > 1) for (int r = 0; r < R; r++) acc[r] /= sum;
                    else acc[defaultRule] += 1 - sum;
                }
                int o = (y * w + x) * R;
                for (int r = 0; r < R; r++) out[o + r] = (float) acc[r];
            }
        }
        return out;
    }

    /** Map coordinate of global cell g of an n-cell axis on an m-pixel map: centres aligned, clamped to the edge pixels. */
    static double sample(long g, long n, int m) {
        double s = (g + 0.5) * m / n - 0.5;
        return Math.min(Math.max(s, 0), m - 1);
    }
}
