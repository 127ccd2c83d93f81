package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cellscape.CellscapeException;
import org.cellscape.image.ImageReaders;
import org.cellscape.model.Family;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.testing.TestControls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code render --control}, its preset keys, plan and models show, resume identity and the control-map errors. */
class ControlCliTest {
    @TempDir
    Path dir;
    Path model, plainModel, legendMap, ramp;
    static final String SCHEDULE = "auto:noise(0.5):5, x2:bilinear:4, x3:nearest:3";

    @BeforeEach
    void models() {
        NcaModel m = TestControls.multiRule(Family.CELLSCAPE, 6, 8, 3, 5).toBuilder().metadata(NcaModel.RULES, "sea,shore,land").build();
        ModelIO.write(m, model = dir.resolve("island.safetensors"));
        ModelIO.write(org.cellscape.testing.TestModels.small(3), plainModel = dir.resolve("plain.safetensors"));
        legendMap = TestControls.png(dir.resolve("map.png"), 16, 10, (x, y) -> x < 5 ? 0x224488 : x < 9 ? 0xddcc88 : 0x338833);
        ramp = TestControls.png(dir.resolve("ramp.png"), 8, 1, (x, y) -> x * 36 * 0x010101);
    }

    List<String> args(Path out, Path modelFile, String... more) {
        List<String> a = new ArrayList<>(List.of("render", "--model", modelFile.toString(), "--schedule", SCHEDULE, "--size", "40x30",
                "--backend", "cpu", "--quiet", "--tile", "16", "--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    CliTestSupport render(Path out, String... more) {
        return CliTestSupport.run(args(out, model, more).toArray(String[]::new));
    }

    static int[] pixels(Path f) {
        return ImageReaders.readRgb16(f).samples();
    }

    @Test
    void bothMapFormsRenderAndChangeThePicture() throws Exception {
        Path plain = dir.resolve("plain.png"), legend = dir.resolve("legend.png"), weights = dir.resolve("weights.png");
        assertEquals(0, render(plain).code());
        CliTestSupport r = render(legend, "--control", legendMap.toString(), "--legend", "#248:sea,#dc8:shore,#383:land");
        assertEquals(0, r.code(), r.err());
        r = render(weights, "--control", "land=" + ramp, "--default-rule", "shore");
        assertEquals(0, r.code(), r.err());
        assertFalse(Arrays.equals(pixels(plain), pixels(legend)), "the legend map changed nothing");
        assertFalse(Arrays.equals(pixels(legend), pixels(weights)));
        assertTrue(Files.readString(dir.resolve("legend.json")).contains("legend #224488:sea"), Files.readString(dir.resolve("legend.json")));
        // untiled and on the reference backend: the same pixels
        Path other = dir.resolve("other.png");
        List<String> a = args(other, model, "--control", legendMap.toString(), "--legend", "#248:sea,#dc8:shore,#383:land");
        a.set(a.indexOf("cpu"), "reference");
        a.set(a.indexOf("16"), "untiled");
        assertEquals(0, CliTestSupport.run(a.toArray(String[]::new)).code());
        assertArrayEquals(pixels(legend), pixels(other));
    }

    @Test
    void aChangedMapRefusesTheResume() throws Exception {
        Path out = dir.resolve("r.png");
        String[] control = {"--control", "land=" + ramp, "--keep-scratch"};
        assertEquals(0, render(out, control).code());
        TestControls.png(ramp, 8, 1, (x, y) -> (7 - x) * 36 * 0x010101);
        CliTestSupport r = render(out, control);
        assertEquals(CellscapeException.RESUME_MISMATCH, r.code(), r.err());
        assertTrue(r.err().contains("control"), r.err());
    }

    @Test
    void planAndModelsShowTellTheRulesAndTheMap() {
        CliTestSupport r = CliTestSupport.run("plan", "--model", model.toString(), "--schedule", SCHEDULE, "--size", "40x30",
                "--control", "land=" + ramp, "--out", dir.resolve("p.png").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("rules       sea, shore, land"), r.out());
        assertTrue(r.out().contains("control     land=" + ramp + " (rest: sea)"), r.out());
        r = CliTestSupport.run("models", "show", model.toString());
        assertTrue(r.out().contains("control rules: sea, shore, land"), r.out());
        r = CliTestSupport.run("models", "list", dir.toString());
        assertTrue(r.out().contains("rules sea/shore/land"), r.out());
    }

    @Test
    void aPresetNamesItsMapRelativeToItself() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("presets/maps"));
        Files.copy(legendMap, sub.resolve("island.png"));
        Path preset = Files.writeString(dir.resolve("presets/island.yaml"), """
                model: ../island.safetensors
                schedule: "%s"
                size: 40x30
                control:
                  map: maps/island.png
                  legend: "#248:sea, #dc8:shore, #383:land"
                """.formatted(SCHEDULE));
        Path fromPreset = dir.resolve("preset.png"), fromOptions = dir.resolve("options.png");
        CliTestSupport r = CliTestSupport.run("render", preset.toString(), "--backend", "cpu", "--quiet", "--out", fromPreset.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(0, render(fromOptions, "--control", legendMap.toString(), "--legend", "#248:sea,#dc8:shore,#383:land").code());
        assertArrayEquals(pixels(fromOptions), pixels(fromPreset));
        // the weight form, relative to the preset too
        Path weighted = Files.writeString(dir.resolve("presets/duet.yaml"), """
                model: ../island.safetensors
                schedule: "%s"
                size: 40x30
                control: {weights: "land=../ramp.png", default_rule: shore}
                """.formatted(SCHEDULE));
        Path w1 = dir.resolve("w-preset.png"), w2 = dir.resolve("w-options.png");
        assertEquals(0, CliTestSupport.run("render", weighted.toString(), "--backend", "cpu", "--quiet", "--out", w1.toString()).code());
        assertEquals(0, render(w2, "--control", "land=" + ramp, "--default-rule", "shore").code());
        assertArrayEquals(pixels(w2), pixels(w1));
        assertFalse(Arrays.equals(pixels(w1), pixels(fromPreset)));
        r = CliTestSupport.run("presets", "show", preset.toString());
        assertTrue(r.out().contains("control.map") && r.out().contains("maps/island.png"), r.out());
        Files.writeString(preset, Files.readString(preset).replace("#383:land", "#383:reef"));
        r = CliTestSupport.run("render", preset.toString(), "--backend", "cpu", "--quiet", "--out", dir.resolve("x.png").toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("no rule 'reef'"), r.err());
    }

    @Test
    void badControlInputIsOneLineAndLeavesNoOutput() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.png"), "not an image");
        Path out = dir.resolve("bad.png");
        List<Object[]> cases = List.of(
                new Object[]{3, broken.toString(), args(out, model, "--control", "land=" + broken)},
                new Object[]{3, "missing.png", args(out, model, "--control", "land=" + dir.resolve("missing.png"))},
                new Object[]{3, "no rule 'coral'", args(out, model, "--control", "coral=" + ramp)},
                new Object[]{3, "no rule 'reef'", args(out, model, "--control", legendMap.toString(), "--legend", "#248:sea,#383:reef")},
                new Object[]{3, plainModel + ": the model has no rules", args(out, plainModel, "--control", "sea=" + ramp)},
                new Object[]{2, "--control: legend", args(out, model, "--control", legendMap.toString(), "--legend", "#248 sea")},
                new Object[]{2, "needs a legend", args(out, model, "--control", legendMap.toString())});
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked") List<String> a = (List<String>) c[2];
            CliTestSupport r = CliTestSupport.run(a.toArray(String[]::new));
            assertEquals(c[0], r.code(), a + ": " + r.err());
            assertTrue(r.err().contains((String) c[1]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("bad.png")), "nothing under the output name: " + a);
            }
        }
    }
}
