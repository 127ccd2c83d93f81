package org.cellscape.preset;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellscape.testing.TestModels;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Upsample;
import org.cellscape.render.RenderSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetsTest {
    @TempDir
    Path dir;
    Path preset;

    @BeforeEach
    void model() throws IOException {
        Files.createDirectories(dir.resolve("models"));
        TestModels.write(TestModels.still(), dir.resolve("models"), "m.safetensors");
        preset = dir.resolve("p.yaml");
    }

    private ResolvedPreset resolve(String yaml, String... sets) throws IOException {
        Files.writeString(preset, yaml);
        return Presets.resolve(preset, List.of(sets), "--set");
    }

    private CellscapeException fails(String yaml, String... sets) {
        return assertThrows(CellscapeException.class, () -> resolve(yaml, sets));
    }

    private static Origin originOf(ResolvedPreset r, String key) {
        return r.settings().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow().origin();
    }

    @Test
    void defaultsFillEverythingOmitted() throws IOException {
        ResolvedPreset r = resolve("model: models/m.safetensors\n");
        assertEquals("p", r.name());
        assertEquals(dir.resolve("models/m.safetensors").toAbsolutePath().normalize(), r.model().toAbsolutePath());
        assertEquals(Schedule.parse(Keys.DEFAULT_SCHEDULE), r.schedule());
        assertEquals(1, r.seed());
        assertEquals(1024, r.width());
        assertEquals(1024, r.height());
        assertEquals(0, r.dpi());
        assertTrue(Float.isNaN(r.fireRate()) && Float.isNaN(r.colourScale()) && Float.isNaN(r.colourOffset()));
        assertEquals("png", r.format());
        assertEquals(16, r.bits());
        assertEquals(Origin.Kind.DEFAULT, originOf(r, "seed").kind());
        assertEquals(Origin.Kind.PRESET, originOf(r, "model").kind());
    }

    @Test
    void textScheduleAndEveryField() throws IOException {
        ResolvedPreset r = resolve("""
                name: lichen
                description: green crusts
                model: models/m.safetensors
                schedule: "32:noise(0.2):100, x2:nearest:40, x4:20"
                seed: 42
                fire_rate: 0.25
                colour:
                  scale: 0.8
                  offset: 0.4
                format: tiff
                bits: 8
                """);
        assertEquals("lichen", r.name());
        assertEquals("green crusts", r.description());
        assertEquals(new Schedule(32, 32, Schedule.Init.NOISE, 0.2f, 100, List.of(
                new Schedule.Level(2, Upsample.Mode.NEAREST, 40), new Schedule.Level(4, Upsample.Mode.BILINEAR, 20))), r.schedule());
        assertEquals(0, r.width(), "a fixed seed size gives the schedule's own size");
        assertEquals(256, r.outputWidth());
        assertEquals(42, r.seed());
        assertEquals(0.25f, r.fireRate());
        assertEquals(0.8f, r.colourScale());
        assertEquals(0.4f, r.colourOffset());
        assertEquals("tiff", r.format());
        assertEquals(".tif", r.extension());
        assertEquals(8, r.bits());
        assertEquals("preset " + preset + ":4", originOf(r, "schedule.levels[1].steps").describe());

        RenderSettings s = r.toRenderSettings(RenderSettings.builder().out(dir.resolve("o.tif")).build());
        assertEquals(r.fittedSchedule(), s.schedule());
        assertEquals(42, s.seed());
        assertEquals(8, s.bits());
    }

    @Test
    void structuredScheduleFillsOmittedFieldsAndKeepsLines() throws IOException {
        ResolvedPreset r = resolve("""
                model: models/m.safetensors
                schedule:
                  seed: {size: auto, init: zeros, steps: 80}
                  levels:
                    - {factor: 3, steps: 30}
                    - x2:nearest:20
                    - steps: 10
                size: 600x300
                """);
        Schedule s = r.schedule();
        assertEquals(80, s.seedSteps());
        assertEquals(Schedule.Init.ZEROS, s.init());
        assertEquals(List.of(new Schedule.Level(3, Upsample.Mode.BILINEAR, 30), new Schedule.Level(2, Upsample.Mode.NEAREST, 20),
                new Schedule.Level(2, Upsample.Mode.BILINEAR, 10)), s.levels());
        assertEquals(600, r.width());
        assertEquals(300, r.height());
        assertEquals(new Schedule(50, 25, Schedule.Init.ZEROS, 0, 80, s.levels()), r.fittedSchedule());
        assertEquals(preset + ":5", originOf(r, "schedule.levels[0].steps").where());
        assertEquals(Origin.Kind.DEFAULT, originOf(r, "schedule.levels[0].mode").kind(), "an omitted field is a default");
        assertEquals(preset + ":6", originOf(r, "schedule.levels[1].mode").where());
        assertEquals(preset + ":7", originOf(r, "schedule.levels[2].steps").where());
    }

    @Test
    void overridesWinAndAreRecorded() throws IOException {
        ResolvedPreset r = resolve("""
                model: models/m.safetensors
                schedule: "auto:zeros:64, x2:40, x2:40, x2:40"
                seed: 5
                """, "seed=9", "schedule.levels[2].steps=16", "colour.offset=0.3", "size=100x50");
        assertEquals(9, r.seed());
        assertEquals(16, r.schedule().levels().get(2).steps());
        assertEquals(40, r.schedule().levels().get(1).steps());
        assertEquals(0.3f, r.colourOffset());
        assertEquals(100, r.width());
        assertEquals("override --set seed=9", originOf(r, "seed").describe());
        assertEquals(Origin.Kind.OVERRIDE, originOf(r, "schedule.levels[2].steps").kind());
        assertEquals(Origin.Kind.PRESET, originOf(r, "schedule.levels[1].steps").kind());
        // a whole-schedule override replaces every field, a new index appends a level
        ResolvedPreset r2 = resolve("model: models/m.safetensors\n", "schedule=auto:noise:10, x2:5", "schedule.levels[1]=x4:nearest:7");
        assertEquals(List.of(new Schedule.Level(2, Upsample.Mode.BILINEAR, 5), new Schedule.Level(4, Upsample.Mode.NEAREST, 7)), r2.schedule().levels());
        assertEquals(10, r2.schedule().seedSteps());
    }

    @Test
    void printSizeAndDpi() throws IOException {
        ResolvedPreset a3 = resolve("model: models/m.safetensors\nprint: A3\n");
        assertEquals(300, a3.dpi());
        assertEquals(Math.round(297 / 25.4 * 300), a3.width());
        assertEquals(Math.round(420 / 25.4 * 300), a3.height());
        ResolvedPreset in = resolve("model: models/m.safetensors\nprint: 24x36in\ndpi: 100\n");
        assertEquals(2400, in.width());
        assertEquals(3600, in.height());
        ResolvedPreset cm = resolve("model: models/m.safetensors\nprint: 60x40cm\ndpi: 254\n");
        assertEquals(6000, cm.width());
        assertEquals(4000, cm.height());
        ResolvedPreset land = resolve("model: models/m.safetensors\nprint: A0 landscape\ndpi: 25.4\n");
        assertEquals(1189, land.width());
        assertEquals(841, land.height());
        // an override of size beats the preset's print, and the other way round
        assertEquals(500, resolve("model: models/m.safetensors\nprint: A3\n", "size=500").width());
        assertEquals(2400, resolve("model: models/m.safetensors\nsize: 500\n", "print=24x36in", "dpi=100").width());
        CellscapeException both = fails("model: models/m.safetensors\nsize: 500\nprint: A3\n");
        assertEquals(preset + ":3", both.getMessage().replaceAll(".* at (\\S+:\\d+).*", "$1"));
    }

    @Test
    void unknownKeyNamesFileLineAndSuggests() {
        CellscapeException e = fails("model: models/m.safetensors\nseed: 3\nshedule: \"auto:zeros:8\"\n");
        assertEquals("unknown key 'shedule' at " + preset + ":3 (did you mean 'schedule'?)", e.getMessage());
        assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
        CellscapeException nested = fails("model: models/m.safetensors\ncolour:\n  sclae: 2\n");
        assertEquals("unknown key 'colour.sclae' at " + preset + ":3 (did you mean 'colour.scale'?)", nested.getMessage());
        CellscapeException level = fails("model: models/m.safetensors\nschedule:\n  levels:\n    - {factor: 2, stpes: 3}\n");
        assertTrue(level.getMessage().contains("at " + preset + ":4 (did you mean 'schedule.levels[0].steps'?)"), level.getMessage());
        CellscapeException far = fails("model: models/m.safetensors\nzzzzzzzzz: 1\n");
        assertEquals("unknown key 'zzzzzzzzz' at " + preset + ":2", far.getMessage());
    }

    @Test
    void wrongTypesNameFileAndLine() {
        assertEquals("'seed' must be a whole number, got 'many' at " + preset + ":2",
                fails("model: models/m.safetensors\nseed: many\n").getMessage());
        assertEquals("bits must be 8 or 16, got 12 at " + preset + ":3",
                fails("model: models/m.safetensors\nseed: 1\nbits: 12\n").getMessage());
        assertTrue(fails("model: models/m.safetensors\nsize: big\n").getMessage().endsWith("at " + preset + ":2"));
        assertTrue(fails("model: models/m.safetensors\nseed:\n  a: 1\n").getMessage().contains("'seed' must be a single value, not a mapping at " + preset + ":2"));
        assertTrue(fails("model: models/m.safetensors\nseed:\n").getMessage().contains("'seed' has no value at " + preset + ":2"));
        assertTrue(fails("model: models/m.safetensors\nfire_rate: 2\n").getMessage().endsWith(preset + ":2"));
        assertTrue(fails("model: models/m.safetensors\nschedule: \"auto:zeros:8, y2:3\"\n").getMessage().contains(preset + ":2"));
        assertTrue(fails("model: models/m.safetensors\nschedule:\n  levels:\n    - {factor: 40}\n").getMessage().endsWith(preset + ":4"));
        assertTrue(fails("model: models/m.safetensors\nseed: 1\nseed: 2\n").getMessage().contains("duplicate key 'seed' at " + preset + ":3"));
        CellscapeException yaml = fails("model: models/m.safetensors\nseed: [1\n");
        assertTrue(yaml.getMessage().startsWith("invalid YAML at " + preset + ":"), yaml.getMessage());
        assertEquals(CellscapeException.BAD_INPUT, yaml.exitCode());
        CellscapeException fit = fails("model: models/m.safetensors\nschedule: \"16:zeros:8, x2:8\"\nsize: 100x100\n");
        assertTrue(fit.getMessage().contains("use seed size 50x50") && fit.getMessage().endsWith(preset + ":3"), fit.getMessage());
    }

    @Test
    void missingModelNamesTheLine() {
        CellscapeException e = fails("seed: 1\nmodel: models/none.safetensors\n");
        assertTrue(e.getMessage().startsWith("model file 'models/none.safetensors' not found"), e.getMessage());
        assertTrue(e.getMessage().endsWith("at " + preset + ":2"), e.getMessage());
        assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
        assertTrue(fails("seed: 1\n").getMessage().startsWith("no model given in " + preset));
    }

    @Test
    void badOverridesAreUsageErrors() {
        CellscapeException syntax = fails("model: models/m.safetensors\n", "seed");
        assertEquals(CellscapeException.USAGE, syntax.exitCode());
        assertTrue(syntax.getMessage().contains("expected KEY=VALUE"));
        CellscapeException key = fails("model: models/m.safetensors\n", "sede=4");
        assertEquals("unknown key 'sede' in --set sede=4 (did you mean 'seed'?)", key.getMessage());
        assertEquals(CellscapeException.USAGE, key.exitCode());
        CellscapeException value = fails("model: models/m.safetensors\n", "seed=x");
        assertEquals(CellscapeException.USAGE, value.exitCode());
        CellscapeException level = fails("model: models/m.safetensors\n", "schedule.levels[7].steps=3");
        assertTrue(level.getMessage().contains("there is no level 7"), level.getMessage());
    }

    @Test
    void badPrintSizesNameTheLine() {
        CellscapeException e = fails("model: models/m.safetensors\nprint: A11\n");
        assertTrue(e.getMessage().startsWith("print 'A11' is not a paper size") && e.getMessage().endsWith(preset + ":2"), e.getMessage());
        assertTrue(fails("model: models/m.safetensors\nprint: 24x36\n").getMessage().endsWith(preset + ":2"));
        assertTrue(fails("model: models/m.safetensors\nprint: A4\ndpi: 0\n").getMessage().endsWith(preset + ":3"));
    }

    @Test
    void suggestions() {
        assertEquals("schedule", Suggest.nearest("shedule", Keys.candidates("shedule")));
        assertEquals("fire_rate", Suggest.nearest("firerate", Keys.candidates("firerate")));
        assertEquals("colour.scale", Suggest.nearest("color.scale", Keys.candidates("color.scale")));
        assertNull(Suggest.nearest("qqqq", Keys.candidates("qqqq")));
        assertEquals(1, Suggest.distance("sede", "seed"));
    }

    @Test
    void hostilePresetFilesAreRefusedInOneLineBeforeTheyCostMuch() throws Exception {
        String deep = "a: " + "[".repeat(2000) + "]".repeat(2000) + "\n";
        CellscapeException e = fails(deep);
        assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("nested more than 64 levels deep"), e.getMessage());
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 300; i++) block.append(" ".repeat(i)).append("k").append(i).append(":\n");
        assertTrue(fails(block.toString()).getMessage().contains("nested more than"));

        Files.write(preset, ("description: " + "x".repeat(10 << 20) + "\n").getBytes());
        e = assertThrows(CellscapeException.class, () -> Presets.resolveWith(preset, List.of()));
        assertEquals(preset + " is " + ((10 << 20) + 14) + " bytes, more than a preset can be (1048576 bytes)", e.getMessage());

        Files.write(preset, new byte[]{'s', 'e', 'e', 'd', ':', ' ', (byte) 0xff, (byte) 0xfe, 0, 1});
        e = assertThrows(CellscapeException.class, () -> Presets.resolveWith(preset, List.of()));
        assertEquals(preset + " is not UTF-8 text (a binary file?): bad byte at offset 6", e.getMessage());

        e = assertThrows(CellscapeException.class, () -> Presets.resolveWith(Path.of("/dev/zero"), List.of()));
        assertEquals("cannot read /dev/zero: not a regular file (a pipe or device?)", e.getMessage());
        assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
    }

    @Test
    void aFifoIsRefusedInsteadOfBlocking() throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo failed");
        CellscapeException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertThrows(CellscapeException.class, () -> Presets.resolveWith(fifo, List.of())));
        assertEquals("cannot read " + fifo + ": not a regular file (a pipe or device?)", e.getMessage());
    }

    @Test
    void messagesNameWhatTheUserTyped() throws IOException {
        String model = "model: models/m.safetensors\n";
        CellscapeException e = fails(model, "colour=2");
        assertEquals("'colour' in --set colour=2 is a group of settings, not one value: set colour.scale, colour.offset, colour.gradient, colour.lut", e.getMessage());
        assertEquals("", Suggest.hint("colour", List.of("colour", "seed")), "the word itself is no suggestion");
        e = fails(model, "schedule.levels[0]=zz");
        assertFalse(e.getMessage().contains("1:zeros:0"), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad level 'zz': level 'zz' must be xF:STEPS"), e.getMessage());
        assertTrue(fails(model, "schedule.levels[0]=").getMessage().startsWith("bad level '': one level is"));
        assertTrue(fails(model, "schedule.levels[0]=x2:4, x2:8").getMessage().startsWith("bad level 'x2:4, x2:8': one level is"));
        e = fails(model, "schedule.levels=x2:4, x2:zz");
        assertTrue(e.getMessage().startsWith("bad levels 'x2:4, x2:zz': steps 'zz' is not a whole number"), e.getMessage());
        assertEquals(2, resolve(model, "schedule.levels=x2:4, x3:8").schedule().levels().size());
    }
}
