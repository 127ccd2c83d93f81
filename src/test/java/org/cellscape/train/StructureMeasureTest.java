package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The independent structure measure, validated before it is trusted: on every shipped exemplar it must put a crop
 * of the exemplar closer than a blob texture of the same palette, and closer than the exemplar with its patches
 * shuffled (same local statistics, no large structure).
 */
class StructureMeasureTest {
    static final Path EXEMPLARS = Path.of("presets/models/exemplars");
    static final List<String> NAMES = List.of("cells", "coral", "cracks", "lichen", "marble", "scales", "spots", "stripes");

    @Test
    void ranksCropsAboveBlobsAndShuffledPatches() {
        List<Exemplar> shipped = new ArrayList<>();
        for (String name : NAMES) shipped.add(Exemplar.read(EXEMPLARS.resolve(name + ".png")));
        validate(shipped);
    }

    /** The same orderings on the photo textures of the training benchmark (GIMP's patterns: stone walls, bark, ...). */
    @Test
    void ranksCropsAboveBlobsAndShuffledPatchesOnPhotos() {
        validate(PhotoTextures.benchmarkSet());
    }

    private static void validate(List<Exemplar> exemplars) {
        List<String> report = new ArrayList<>();
        int ok = 0;
        for (Exemplar e : exemplars) {
            StructureMeasure.Profile ex = StructureMeasure.profile(e.rgb(), e.width(), e.height());
            int cw = e.width() * 3 / 4, ch = e.height() * 3 / 4;
            double crop = StructureMeasure.distance(ex, StructureMeasure.profile(e.crop(11, 7, cw, ch), cw, ch)).total();
            double blob = Double.MAX_VALUE; // the closest of blobs at three scales
            for (int radius : new int[]{1, 3, 6})
                blob = Math.min(blob, StructureMeasure.distance(ex, StructureMeasure.profile(blobs(e, radius, 5), e.width(), e.height())).total());
            double shuffled = StructureMeasure.distance(ex, StructureMeasure.profile(shuffled(e, 8, 9), e.width(), e.height())).total();
            report.add(String.format("%s: crop %.3f, blobs %.3f, shuffled %.3f", e.name(), crop, blob, shuffled));
            if (crop < blob && crop < shuffled) ok++;
            System.out.println("structure measure validation: " + report.getLast());
        }
        assertEquals(exemplars.size(), ok, String.join("\n", report));
    }

    @Test
    void anImageIsAtDistanceZeroFromItselfAndTheMeasureIsFixed() {
        Exemplar e = Exemplar.read(EXEMPLARS.resolve("cracks.png"));
        StructureMeasure.Distance d = StructureMeasure.distance(e.rgb(), e.width(), e.height(), e.rgb(), e.width(), e.height());
        assertEquals(0, d.total(), 1e-12);
        double[] b = blobs(e, 3, 5);
        assertEquals(StructureMeasure.distance(e.rgb(), e.width(), e.height(), b, e.width(), e.height()).total(),
                StructureMeasure.distance(e.rgb(), e.width(), e.height(), b, e.width(), e.height()).total(), "deterministic");
    }

    @Test
    void regionsSeeAConnectedNetwork() {
        // a grid of dark lines is one dark region; the same ink as separate dashes is many small ones
        int n = 64;
        double[] grid = new double[3 * n * n], dashes = new double[3 * n * n];
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) {
                boolean line = x % 16 == 0 || y % 16 == 0;
                boolean dash = (x % 16 == 0 && y % 16 > 2 && y % 16 < 14) || (y % 16 == 0 && x % 16 > 2 && x % 16 < 14);
                for (int c = 0; c < 3; c++) {
                    grid[(c * n + y) * n + x] = line ? 0.1 : 0.8 + 0.01 * ((x * 7 + y * 3) % 5);
                    dashes[(c * n + y) * n + x] = dash ? 0.1 : 0.8 + 0.01 * ((x * 7 + y * 3) % 5);
                }
            }
        double[] g = StructureMeasure.regions(StructureMeasure.luma(grid, n, n), n, n);
        double[] d = StructureMeasure.regions(StructureMeasure.luma(dashes, n, n), n, n);
        int bigDark = StructureMeasure.REGION_BINS + 8; // 256 px and more
        double gridBig = Arrays.stream(g, bigDark, 2 * StructureMeasure.REGION_BINS).sum();
        double dashBig = Arrays.stream(d, bigDark, 2 * StructureMeasure.REGION_BINS).sum();
        assertTrue(gridBig > 0.05 && dashBig == 0, "grid " + gridBig + ", dashes " + dashBig);
    }

    /** Smooth random blobs (blurred noise) carrying the exemplar's own colours, assigned by luminance rank. */
    static double[] blobs(Exemplar e, int radius, long seed) {
        int w = e.width(), h = e.height(), n = w * h;
        SplittableRandom r = new SplittableRandom(seed);
        double[] noise = new double[n];
        for (int i = 0; i < n; i++) noise[i] = r.nextDouble();
        for (int pass = 0; pass < 3; pass++) noise = boxBlur(noise, w, h, radius);
        return withPaletteOf(e, noise);
    }

    static double[] boxBlur(double[] v, int w, int h, int r) {
        double[] out = new double[v.length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int dy = -r; dy <= r; dy++)
                    for (int dx = -r; dx <= r; dx++) s += v[Math.floorMod(y + dy, h) * w + Math.floorMod(x + dx, w)];
                out[y * w + x] = s / ((2 * r + 1) * (2 * r + 1));
            }
        return out;
    }

    /** The k-th pixel of {@code order} by value gets the colour of the exemplar's k-th pixel by luminance. */
    static double[] withPaletteOf(Exemplar e, double[] order) {
        int n = e.width() * e.height();
        double[] luma = StructureMeasure.luma(e.rgb(), e.width(), e.height());
        Integer[] byLuma = new Integer[n], byOrder = new Integer[n];
        for (int i = 0; i < n; i++) byLuma[i] = byOrder[i] = i;
        Arrays.sort(byLuma, Comparator.comparingDouble(i -> luma[i]));
        byOrder = byOrder.clone();
        Arrays.sort(byOrder, Comparator.comparingDouble(i -> order[i]));
        double[] out = new double[3 * n];
        for (int k = 0; k < n; k++)
            for (int c = 0; c < 3; c++) out[c * n + byOrder[k]] = e.rgb()[c * n + byLuma[k]];
        return out;
    }

    /** The exemplar cut into p×p patches, put back in a random order. */
    static double[] shuffled(Exemplar e, int p, long seed) {
        int w = e.width(), h = e.height(), n = w * h, tx = w / p, ty = h / p;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < tx * ty; i++) order.add(i);
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        double[] out = e.rgb().clone();
        for (int t = 0; t < tx * ty; t++) {
            int sx = (order.get(t) % tx) * p, sy = (order.get(t) / tx) * p, dx = (t % tx) * p, dy = (t / tx) * p;
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < p; y++)
                    for (int x = 0; x < p; x++) out[(c * h + dy + y) * w + dx + x] = e.rgb()[(c * h + sy + y) * w + sx + x];
        }
        return out;
    }
}
