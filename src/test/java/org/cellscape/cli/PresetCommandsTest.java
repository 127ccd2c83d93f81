package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.cellscape.CellscapeException;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preset commands end to end, in-process: render PRESET, presets list/show, batch, tune, gallery. */
class PresetCommandsTest {
    @TempDir
    Path dir;
    Path presets, a;

    @BeforeEach
    void setUp() throws IOException {
        presets = Files.createDirectories(dir.resolve("presets"));
        Path models = Files.createDirectories(presets.resolve("models"));
        TestModels.write(TestModels.small(2), models, "alive.safetensors");
        TestModels.write(TestModels.dead(), models, "dead.safetensors");
        a = presets.resolve("a.yaml");
        Files.writeString(a, """
                name: alpha
                description: a small test preset
                model: models/alive.safetensors
                schedule: "auto:noise:4, x2:3, x2:2"
                size: 48x32
                seed: 2
                """);
    }

    private static CliTestSupport run(String... args) {
        return CliTestSupport.run(args);
    }

    private static String json(Path p) throws IOException {
        return Files.readString(p);
    }

    @Test
    void renderAPresetWithOverrides() throws IOException {
        Path out = dir.resolve("x.png");
        CliTestSupport r = run("render", a.toString(), "--set", "seed=5", "--set", "schedule.levels[1].steps=1", "--out", out.toString(), "--backend", "reference");
        assertEquals(0, r.code(), r.err());
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(48, img.getWidth());
        assertEquals(32, img.getHeight());
        String side = json(dir.resolve("x.json"));
        assertTrue(side.contains("\"preset\" : \"alpha\""), side);
        assertTrue(side.contains("\"seed\" : \"5\""), side);
        assertTrue(side.contains("x2:bilinear:1"), side);
        assertTrue(side.contains("\"render_seconds\""), side);
        // a typed image option overrides the preset too
        CliTestSupport s = run("render", a.toString(), "--seed", "9", "--out", dir.resolve("y.png").toString(), "--backend", "reference");
        assertEquals(0, s.code(), s.err());
        assertTrue(json(dir.resolve("y.json")).contains("\"seed\" : \"9\""));
    }

    @Test
    void theDefaultPresetIsTheProjects() {
        Path shipped = Path.of("presets/default.yaml").toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(shipped), "run from the repository root");
        assertEquals(shipped, PresetRender.defaultPreset().toAbsolutePath().normalize());
    }

    @Test
    void renderErrorsAreOneLineWithTheirExitCodes() throws IOException {
        Files.writeString(presets.resolve("bad.yaml"), "model: models/alive.safetensors\nshedule: \"auto:noise:4\"\n");
        CliTestSupport bad = run("render", presets.resolve("bad.yaml").toString(), "--out", dir.resolve("b.png").toString());
        assertEquals(CellscapeException.BAD_INPUT, bad.code());
        assertEquals("cellscape: unknown key 'shedule' at " + presets.resolve("bad.yaml") + ":2 (did you mean 'schedule'?)", bad.err().strip());
        CliTestSupport syntax = run("render", a.toString(), "--set", "seed", "--out", dir.resolve("b.png").toString());
        assertEquals(CellscapeException.USAGE, syntax.code());
        assertEquals(1, syntax.err().strip().lines().count(), syntax.err());
        assertEquals(CellscapeException.USAGE, run("render", a.toString(), "--set", "sede=1", "--out", dir.resolve("b.png").toString()).code());
        assertFalse(Files.exists(dir.resolve("b.png")));
    }

    @Test
    void presetsListAndShow() throws IOException {
        CliTestSupport l = run("presets", "list", presets.toString());
        assertEquals(0, l.code(), l.err());
        assertTrue(l.out().lines().anyMatch(x -> x.matches("alpha\\s+48x32\\s+models/alive.safetensors\\s+a small test preset")), l.out());
        CliTestSupport show = run("presets", "show", a.toString(), "--set", "fire_rate=0.25");
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().lines().anyMatch(x -> x.matches("seed\\s+2\\s+preset " + java.util.regex.Pattern.quote(a + ":6"))), show.out());
        assertTrue(show.out().lines().anyMatch(x -> x.matches("fire_rate\\s+0.25\\s+override --set fire_rate=0.25")), show.out());
        assertTrue(show.out().lines().anyMatch(x -> x.matches("bits\\s+16\\s+default")), show.out());
        assertTrue(show.out().lines().anyMatch(x -> x.matches("schedule.levels\\[1].steps\\s+2\\s+preset .*a.yaml:4")), show.out());
        assertTrue(show.out().contains("48 x 32 px"), show.out());
        Files.writeString(presets.resolve("broken.yaml"), "model: models/alive.safetensors\nbits: 9\n");
        CliTestSupport broken = run("presets", "list", presets.toString());
        assertEquals(CellscapeException.BAD_INPUT, broken.code());
        assertTrue(broken.out().contains("ERROR: bits must be 8 or 16, got 9 at"), broken.out());
    }

    @Test
    void batchRendersSkipsAndIsolatesFailures() throws IOException {
        Path out = dir.resolve("renders");
        CliTestSupport r = run("batch", a.toString(), "--vary", "seed=1..3", "--out", out.toString(), "--backend", "reference");
        assertEquals(0, r.code(), r.out() + r.err());
        for (int s = 1; s <= 3; s++) assertTrue(Files.isRegularFile(out.resolve("alpha-" + s + "-48x32.png")), r.out());
        assertTrue(r.out().contains("3 jobs: 3 done"), r.out());
        Files.writeString(presets.resolve("dead.yaml"), "model: models/dead.safetensors\nschedule: \"auto:noise:24, x2:16, x2:1\"\nsize: 32x32\n");
        Files.writeString(presets.resolve("typo.yaml"), "model: models/alive.safetensors\nsede: 1\n");
        CliTestSupport again = run("batch", presets.toString(), "--vary", "seed=1..3", "--out", out.toString(), "--backend", "reference", "--reject-degenerate");
        assertEquals(CellscapeException.BATCH_FAILED, again.code(), again.out());
        assertTrue(again.out().contains("9 jobs: 0 done, 3 skipped (output exists), 3 rejected (degenerate), 3 failed"), again.out());
        assertTrue(again.out().contains("unknown key 'sede'"), again.out());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(6, files.count(), "three images and their sidecars; nothing for the rejected or failed jobs");
        }
        CliTestSupport dry = run("batch", a.toString(), "--vary", "seed=3..4", "--out", out.toString(), "--dry-run");
        assertEquals(0, dry.code());
        assertTrue(dry.out().contains("2 jobs: 0 done, 1 skipped (output exists), 0 rejected (degenerate), 0 failed, 1 to render"), dry.out());
        CliTestSupport dryFailing = run("batch", presets.toString(), "--vary", "seed=1..3", "--out", out.toString(), "--dry-run");
        assertEquals(CellscapeException.BATCH_FAILED, dryFailing.code(), "a dry run with failing jobs exits as the batch would: " + dryFailing.out());
        assertTrue(dryFailing.out().contains("unknown key 'sede'"), dryFailing.out());
    }

    @Test
    void tuneWritesASheetAndAPage() throws IOException {
        Path out = dir.resolve("tune");
        CliTestSupport r = run("tune", a.toString(), "--vary", "seed=1..2", "--vary", "schedule.levels[1].steps=1,2",
                "--preview", "16", "--out", out.toString(), "--backend", "reference");
        assertEquals(0, r.code(), r.out() + r.err());
        BufferedImage sheet = ImageIO.read(out.resolve("sheet.png").toFile());
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, sheet.getType(), "8-bit RGB");
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("seed=2 levels[1].steps=1"), html);
        assertEquals(4, html.split("-crop.png").length - 1);
        assertTrue(r.out().contains("cache hit"), r.out());
    }

    @Test
    void galleryFromPresets() throws IOException {
        Files.writeString(presets.resolve("t.yaml"), "name: tee\ndescription: a TIFF\nmodel: models/alive.safetensors\n"
                + "schedule: \"auto:noise:4, x2:3, x2:2\"\nformat: tiff\ncolour: {scale: 0.7}\n");
        Path gallery = dir.resolve("gallery");
        CliTestSupport r = run("gallery", "--from-presets", presets.toString(), "--size", "64x64", "--renders",
                dir.resolve("r").toString(), "--out", gallery.toString(), "--backend", "reference", "--thumb", "48", "--crop", "32",
                "--preview-size", "16");
        assertEquals(0, r.code(), r.out() + r.err());
        String html = Files.readString(gallery.resolve("index.html"));
        assertTrue(html.contains("alpha") && html.contains("a small test preset"), html);
        assertTrue(html.contains("rendered in"), html);
        assertTrue(html.contains("live preview") && html.contains("previews/"), html);
        assertFalse(html.contains("<script src") || html.contains("http://") || html.contains("https://"), "self-contained");
        assertTrue(html.contains("cellscape gallery --from-presets"), "records the commands");
        BufferedImage thumb = ImageIO.read(gallery.resolve("alpha-thumb.jpg").toFile());
        assertEquals(48, Math.max(thumb.getWidth(), thumb.getHeight()));
        assertEquals(32, ImageIO.read(gallery.resolve("alpha-crop.jpg").toFile()).getWidth());
        assertTrue(Files.isRegularFile(dir.resolve("r/tee.tif")), "a 16-bit TIFF render");
        assertEquals(32, ImageIO.read(gallery.resolve("tee-crop.jpg").toFile()).getWidth());
        assertTrue(html.contains("a TIFF"), html);
        // the preview is found by the model file's hash and gets the colour override
        assertEquals(2, html.split(">live preview<").length - 1, html);
        try (Stream<Path> pages = Files.list(gallery.resolve("previews"))) {
            assertEquals(2, pages.count());
        }
        assertTrue(Files.readString(gallery.resolve("commands.txt")).contains("cellscape batch"));
        // a rebuild replaces the gallery; a folder that is not a gallery is never replaced
        assertEquals(0, run("gallery", dir.resolve("r").toString(), "--out", gallery.toString(), "--no-previews").code());
        Files.createDirectories(dir.resolve("mine"));
        Files.writeString(dir.resolve("mine/precious.txt"), "keep");
        CliTestSupport refused = run("gallery", dir.resolve("r").toString(), "--out", dir.resolve("mine").toString());
        assertEquals(CellscapeException.IO, refused.code());
        assertTrue(Files.exists(dir.resolve("mine/precious.txt")));
    }
}
