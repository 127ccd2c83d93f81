package org.cellscape.tune;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.canvas.TileImages;
import org.cellscape.engine.Backend;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;
import org.cellscape.preset.Presets;
import org.cellscape.preset.ResolvedPreset;
import org.cellscape.preset.Setting;
import org.cellscape.preset.Variants;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunerTest {
    @TempDir
    Path dir;
    Path preset;
    final NcaModel model = TestModels.small(3);

    /** Counts what the backend is asked to do: cells x steps. */
    static final class CountingBackend implements Backend {
        final Backend inner = new ReferenceBackend();
        long cellSteps;

        public String describe() { return "counting"; }

        public void advance(Tile t, NcaModel m, StepContext ctx, int level, int firstStep, int steps) {
            cellSteps += (long) t.width() * t.height() * steps;
            inner.advance(t, m, ctx, level, firstStep, steps);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        TestModels.write(model, dir, "m.safetensors");
        preset = dir.resolve("p.yaml");
        Files.writeString(preset, "model: m.safetensors\nschedule: \"auto:noise:6, x2:5, x2:4\"\nsize: 96x80\nseed: 4\n");
    }

    private List<Tuner.Variant> variants(String... varies) {
        List<Tuner.Variant> v = new ArrayList<>();
        List<List<Setting>> all = Variants.expand(java.util.Arrays.stream(varies).map(a -> Variants.parse(a, "--vary")).toList());
        for (List<Setting> o : all) v.add(new Tuner.Variant(v.size(), o.toString(), Presets.resolveWith(preset, o)));
        return v;
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private static final Tuner.Options OPTIONS = new Tuner.Options(16, 0.5, 0.5, 0, 1 << 26);

    @Test
    void cropAndCompositionAreExactPartsOfTheFullRender() {
        ResolvedPreset p = Presets.resolveWith(preset, List.of());
        Tile full = Renderer.render(model, p.fittedSchedule(), new StepContext(4, model.fireRate()), null, new ReferenceBackend(), RenderListener.NONE);
        Tuner.Result r = new Tuner(new ReferenceBackend(), OPTIONS, new PrintWriter(new StringWriter())).run(variants()).getFirst();
        assertEquals(new Tuner.Rect(40, 32, 16, 16), r.crop());
        assertEquals(0, r.level(), "level 1 (48x40) is over the 4 x 16^2 cell budget");
        assertArrayEquals(pixels(TileImages.fromTile(full, 40, 32, 16, 16, ColourMap.of(model))), pixels(r.detail()));
        Tile seedLevel = Renderer.render(model, new org.cellscape.engine.Schedule(24, 20, org.cellscape.engine.Schedule.Init.NOISE, 0.5f, 6, List.of()),
                new StepContext(4, model.fireRate()), null, new ReferenceBackend(), RenderListener.NONE);
        assertArrayEquals(pixels(TileImages.fromTile(seedLevel, 0, 0, 24, 20, ColourMap.of(model))), pixels(r.composition()));
        // a corner crop, and a budget that holds the whole final level, agree with the full render too
        Tuner.Result corner = new Tuner(new ReferenceBackend(), new Tuner.Options(16, 1, 0, 0, 1 << 26), new PrintWriter(new StringWriter())).run(variants()).getFirst();
        assertArrayEquals(pixels(TileImages.fromTile(full, 80, 0, 16, 16, ColourMap.of(model))), pixels(corner.detail()));
        // a crop of the whole image: the halo regions are wider than the coarse canvases and wrap around them
        Tuner.Result all = new Tuner(new ReferenceBackend(), new Tuner.Options(96, 0.5, 0.5, 24 * 20, 1 << 26), new PrintWriter(new StringWriter())).run(variants()).getFirst();
        assertEquals(new Tuner.Rect(0, 0, 96, 80), all.crop());
        assertEquals(0, all.level());
        assertArrayEquals(pixels(TileImages.fromTile(full, 0, 0, 96, 80, ColourMap.of(model))), pixels(all.detail()));
        Tuner.Result whole = new Tuner(new ReferenceBackend(), new Tuner.Options(16, 0.5, 0.5, 96 * 80, 1 << 26), new PrintWriter(new StringWriter())).run(variants()).getFirst();
        assertEquals(2, whole.level());
        assertArrayEquals(pixels(TileImages.fromTile(full, 40, 32, 16, 16, ColourMap.of(model))), pixels(whole.detail()));
    }

    @Test
    void sharedPrefixesAreComputedOnce() {
        CountingBackend big = new CountingBackend(), small = new CountingBackend(), both = new CountingBackend();
        Tuner.Result alone4 = new Tuner(big, OPTIONS, new PrintWriter(new StringWriter())).run(variants("schedule.levels[1].steps=4")).getFirst();
        Tuner.Result alone2 = new Tuner(small, OPTIONS, new PrintWriter(new StringWriter())).run(variants("schedule.levels[1].steps=2")).getFirst();
        Tuner t = new Tuner(both, OPTIONS, new PrintWriter(new StringWriter()));
        List<Tuner.Result> r = t.run(variants("schedule.levels[1].steps=4,2"));
        assertTrue(t.cacheHits() >= 2, "seed level and level 1 come from the cache: " + t.cacheHits());
        assertEquals(both.cellSteps, t.cellUpdates());
        // together they cost one run of the 4-step variant plus the 2-step variant's own last level (the crop grown
        // by its 2 steps, for 2 steps): level 1 is computed once, for the union of what both need
        assertEquals(big.cellSteps + 20 * 20 * 2, both.cellSteps);
        assertTrue(both.cellSteps < big.cellSteps + small.cellSteps);
        assertEquals(0, r.get(1).reused(), "the cheaper variant ran first");
        assertEquals(2, r.get(0).reused());
        assertArrayEquals(pixels(alone4.detail()), pixels(r.get(0).detail()));
        assertArrayEquals(pixels(alone2.detail()), pixels(r.get(1).detail()), "a reused prefix gives the same pixels");
        // colour-only variants reuse everything
        CountingBackend colour = new CountingBackend();
        new Tuner(colour, OPTIONS, new PrintWriter(new StringWriter())).run(variants("colour.scale=0.5,1,2"));
        assertEquals(big.cellSteps, colour.cellSteps);
    }

    @Test
    void cheapVariantsRunFirst() {
        StringWriter log = new StringWriter();
        List<Tuner.Result> r = new Tuner(new ReferenceBackend(), OPTIONS, new PrintWriter(log)).run(variants("seed=1..2", "schedule.levels[0].steps=9,1"));
        assertEquals(4, r.size());
        assertEquals("[seed=1, schedule.levels[0].steps=9]", r.get(0).variant().label(), "results keep the variants' order");
        List<String> lines = log.toString().lines().toList();
        assertTrue(lines.get(0).contains("steps=1]") && lines.get(1).contains("steps=1]"), log.toString());
    }

    @Test
    void previewsShowTheColourGrade() throws IOException {
        Files.writeString(preset, Files.readString(preset) + "colour: {gradient: \"#000, #0f0\"}\n");
        Tuner.Result r = new Tuner(new ReferenceBackend(), OPTIONS, new PrintWriter(new StringWriter())).run(variants("seed=4")).getFirst();
        int green = 0;
        for (BufferedImage img : List.of(r.composition(), r.detail()))
            for (int p : pixels(img)) {
                assertEquals(0, p & 0xFF00FF, "only green through a black-to-green gradient map");
                green += (p >> 8 & 255) > 0 ? 1 : 0;
            }
        assertTrue(green > 0);
    }
}
