package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.cellscape.CellscapeException;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.canvas.TileImages;
import org.cellscape.engine.Look;
import org.cellscape.engine.Npy;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Tile;
import org.cellscape.image.Images;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.preset.Presets;
import org.cellscape.preset.ResolvedPreset;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first hour, end to end through the CLI: previews that are the real render's own level, a size that
 * keeps a preset's composition, a bare --size, presets by name from any folder, progress when piped, Ctrl-C and
 * --fresh, the tune page's commands, batch's forecast and plan --json.
 */
class NewcomerTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path model, preset;

    @BeforeEach
    void preset() throws Exception {
        model = dir.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(13, 6, 16), model);
        preset = dir.resolve("p.yaml");
        Files.writeString(preset, "model: m.safetensors\nschedule: \"auto:noise(0.1):12, x2:bilinear:8, x2:bilinear:6, x2:bilinear:4\"\n"
                + "size: 160x96\nseed: 5\n");
    }

    /** The walk of the preset's own fitted schedule, in memory, to {@code level}. */
    Tile level(int level) {
        ResolvedPreset r = Presets.resolveWith(preset, List.of());
        NcaModel m = ModelIO.read(model);
        Look look = r.look(m);
        return new Renderer(m, r.fittedSchedule(), look.context(r.seed()), new ReferenceBackend(), RenderListener.NONE)
                .run(null, 0, level, Renderer.Visitor.ALL);
    }

    @Test
    void thePreviewIsTheRendersOwnLevelShrunk() throws Exception {
        CliTestSupport r = CliTestSupport.run("render", preset.toString(), "--preview", "48", "--out", dir.resolve("x.png").toString(),
                "--backend", "cpu", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        // seed 20x12: levels 20, 40, 80, 160 cells across; 80 is the coarsest that fills 48 px
        assertTrue(r.out().contains("level 2 of 0-3 (80 x 48 cells)") && r.out().contains("the full render: 160 x 96 px"), r.out());
        BufferedImage got = ImageIO.read(dir.resolve("x-preview.png").toFile());
        ResolvedPreset p = Presets.resolveWith(preset, List.of());
        Look look = p.look(ModelIO.read(model));
        BufferedImage want = Images.fit(TileImages.fromTile(level(2), 0, 0, 80, 48, look.colours()), 48, 48);
        assertEquals(48, got.getWidth());
        assertEquals(want.getHeight(), got.getHeight());
        for (int y = 0; y < want.getHeight(); y++)
            for (int x = 0; x < want.getWidth(); x++) assertEquals(want.getRGB(x, y), got.getRGB(x, y), "pixel " + x + "," + y);
        assertFalse(Files.exists(dir.resolve("x.png")), "a preview writes no full render");
        // the size is optional, also before the preset
        CliTestSupport bare = CliTestSupport.run("render", "--preview", preset.toString(), "--out", dir.resolve("y.png").toString(),
                "--backend", "cpu", "--threads", "1");
        assertEquals(0, bare.code(), bare.err());
        assertEquals(160, ImageIO.read(dir.resolve("y-preview.png").toFile()).getWidth(), "512 px asked: the whole 160 px image");
    }

    @Test
    void aSmallerSizeKeepsTheCompositionAndIsThatLevel() throws Exception {
        // the preset at a quarter of its size: the same seed, two levels fewer, so exactly its level 1
        Path state = dir.resolve("s.npy");
        CliTestSupport r = CliTestSupport.run("render", preset.toString(), "--size", "40x24", "--state-out", state.toString(),
                "--out", dir.resolve("q.png").toString(), "--backend", "cpu", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(level(1).data(), Npy.read(state).data());
        // tune resolves overrides by the same rule
        ResolvedPreset t = Presets.resolve(preset, List.of("size=40x24"), "--set");
        assertEquals("20x12:noise(0.1):12, x2:bilinear:8", t.fittedSchedule().toString());
        // a size between levels: the nearest level's canvas, cropped
        assertEquals(Schedule.parse("20x12:noise(0.1):12, x2:bilinear:8, x2:bilinear:6"),
                Presets.resolve(preset, List.of("size=70x40"), "--set").fittedSchedule());
    }

    @Test
    void aBareSizeRendersTheDefaultPresetAtThatSize() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("presets/default.yaml")), "run from the repository root");
        Path out = dir.resolve("bare.png");
        CliTestSupport r = CliTestSupport.run("render", "--size", "64x36", "--out", out.toString(), "--backend", "cpu", "--threads", "1", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode side = JSON.readTree(dir.resolve("bare.json").toFile());
        assertEquals("default", side.get("preset").asText());
        assertEquals("64x36", side.get("size").asText());
        assertTrue(side.get("schedule").asText().startsWith("120x68:noise(0.1):96"), "the default preset's own seed: " + side);
    }

    static boolean canResetSigint() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** The real CLI as a process, in {@code cwd}, with {@code env} changes (null values remove). */
    static ProcessBuilder cli(Path cwd, Map<String, String> env, List<String> args) {
        List<String> c = new ArrayList<>();
        if (canResetSigint()) c.addAll(List.of("env", "--default-signal=INT")); // a shell's background job ignores SIGINT
        c.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.cellscape.cli.Main"));
        c.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(c).directory(cwd.toFile());
        env.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        return pb;
    }

    record Run(int code, String out, String err) {}

    static Run run(ProcessBuilder pb) throws Exception {
        File o = File.createTempFile("cli", ".out"), e = File.createTempFile("cli", ".err");
        try {
            Process p = pb.redirectOutput(o).redirectError(e).start();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished");
            return new Run(p.exitValue(), Files.readString(o.toPath()), Files.readString(e.toPath()));
        } finally {
            o.delete();
            e.delete();
        }
    }

    @Test
    void presetsByNameFromAnyFolder() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("presets/lichen.yaml")), "run from the repository root");
        Path work = Files.createDirectories(dir.resolve("work")), xdg = dir.resolve("xdg"), home = dir.resolve("home");
        Path user = Files.createDirectories(xdg.resolve("cellscape/presets"));
        Files.writeString(user.resolve("mine.yaml"), "model: " + model + "\nschedule: \"auto:noise:8, x2:6\"\nsize: 32x24\n");
        Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", xdg.toString()));

        Run list = run(cli(work, env, List.of("presets", "list")));
        assertEquals(0, list.code(), list.err());
        for (String name : List.of("mine", "lichen", "default")) assertTrue(list.out().contains(name + " "), list.out());
        Run render = run(cli(work, env, List.of("render", "mine", "--backend", "cpu", "--threads", "1", "--quiet")));
        assertEquals(0, render.code(), render.err());
        assertTrue(Files.isRegularFile(work.resolve("mine.png")), "rendered into the working folder");
        Run show = run(cli(work, env, List.of("presets", "show", "lichen")));
        assertEquals(0, show.code(), show.err());
        Run typo = run(cli(work, env, List.of("render", "lichn", "--out", "l.png")));
        assertEquals(CellscapeException.BAD_INPUT, typo.code());
        assertTrue(typo.err().contains("cellscape: no preset 'lichn': no such file, nor lichn.yaml in " + work.resolve("presets"))
                && typo.err().strip().endsWith("(did you mean 'lichen'?)"), typo.err());

        // a bare --size renders the project's default preset here too, and the gallery finds its model for the live page
        Run bare = run(cli(work, env, List.of("render", "--size", "64x36", "--out", "d.png", "--backend", "cpu", "--threads", "1", "--quiet")));
        assertEquals(0, bare.code(), bare.err());
        Run gallery = run(cli(work, env, List.of("gallery", "d.png", "--out", "g")));
        assertEquals(0, gallery.code(), gallery.err());
        try (var previews = Files.list(work.resolve("g/previews"))) {
            assertTrue(previews.anyMatch(f -> f.getFileName().toString().startsWith("lichen-")), "a live preview of the default's model");
        }

        // without XDG_CONFIG_HOME, the user folder is ~/.config/cellscape/presets
        Path dot = Files.createDirectories(home.resolve(".config/cellscape/presets"));
        Files.copy(user.resolve("mine.yaml"), dot.resolve("theirs.yaml"));
        env.put("XDG_CONFIG_HOME", null);
        Run theirs = run(cli(work, env, List.of("presets", "show", "theirs")));
        assertEquals(0, theirs.code(), theirs.err());
    }

    /** A render of some seconds on the reference backend. */
    List<String> slowRender(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("render", "--model", model.toString(), "--size", "320x240", "--schedule",
                "auto:noise:24, x2:bilinear:16, x2:bilinear:12", "--backend", "reference", "--tile", "64", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void pipedProgressPrintsPlainLines() throws Exception {
        Path out = dir.resolve("piped.png");
        Process p = cli(dir, Map.of(), slowRender(out, "--progress-every-ms", "300")).start();
        byte[] err = p.getErrorStream().readAllBytes(); // stderr is a pipe: no terminal
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(err, StandardCharsets.UTF_8));
        String text = new String(err, StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), "no in-place rewriting when piped");
        List<String> lines = text.lines().filter(l -> l.matches("level \\d of 0-2  pass \\d+/\\d+  tile \\d+/\\d+ +[0-9.]+%  .* cell-updates/s  ETA .*")).toList();
        assertTrue(lines.size() >= 2, "plain progress lines: " + text);
        assertTrue(lines.getLast().contains("100.0%"), "the last line says done: " + text);
    }

    @Test
    void ctrlCSaysHowToResumeAndFreshStartsOver() throws Exception {
        Assumptions.assumeTrue(canResetSigint(), "needs 'env --default-signal' to give the child a default SIGINT");
        Path out = dir.resolve("stop.png"), scratch = dir.resolve("stop.png.cellscape-scratch");
        File err = dir.resolve("stop.err").toFile();
        Process p = cli(dir, Map.of(), slowRender(out, "--checkpoint-every-ms", "0", "--progress-every-ms", "100"))
                .redirectError(err).redirectOutput(dir.resolve("stop.out").toFile()).start();
        long until = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < until && p.isAlive()
                && !(Files.isRegularFile(scratch.resolve("manifest.json")) && Files.readString(err.toPath()).contains("level 1 of")))
            Thread.sleep(50);
        assertTrue(p.isAlive(), "still rendering when interrupted: " + Files.readString(err.toPath()));
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped");
        assertEquals(130, p.exitValue(), "exit by SIGINT");
        List<String> said = Files.readAllLines(err.toPath()).stream().filter(l -> l.startsWith("cellscape:")).toList();
        assertEquals(List.of("cellscape: interrupted: run the same command again to resume from the last checkpoint in " + scratch
                + " (or add --fresh to start over)"), said);
        assertFalse(Files.exists(out));

        // other settings are refused, naming --fresh; the same command resumes
        CliTestSupport other = CliTestSupport.run(slowRender(out, "--seed", "9").toArray(String[]::new));
        assertEquals(CellscapeException.RESUME_MISMATCH, other.code(), other.err());
        assertTrue(other.err().contains("--fresh discards it"), other.err());
        CliTestSupport resumed = CliTestSupport.run(slowRender(out, "--keep-scratch").toArray(String[]::new));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("cellscape: resuming from " + scratch), resumed.err());
        // --fresh discards the kept checkpoint of those settings and renders the new ones
        CliTestSupport fresh = CliTestSupport.run(slowRender(out, "--seed", "9", "--fresh").toArray(String[]::new));
        assertEquals(0, fresh.code(), fresh.err());
        assertTrue(fresh.err().contains("cellscape: discarded the checkpoint in " + scratch + "; starting over"), fresh.err());
        assertEquals("9", JSON.readTree(dir.resolve("stop.json").toFile()).get("seed").asText());
    }

    @Test
    void tunePageBatchForecastAndPlanJson() throws Exception {
        Path tune = dir.resolve("tune");
        CliTestSupport t = CliTestSupport.run("tune", preset.toString(), "--vary", "seed=1,2", "--preview", "32", "--backend", "cpu",
                "--threads", "1", "--out", tune.toString());
        assertEquals(0, t.code(), t.err());
        String page = Files.readString(tune.resolve("index.html"));
        assertTrue(page.contains("<code>cellscape tune " + preset) && !page.contains("tune tune"), page);
        assertTrue(page.contains("<code>cellscape render " + preset + " --set=seed=2 --out p-seed2.png</code>"), page);

        CliTestSupport dry = CliTestSupport.run("batch", preset.toString(), "--vary", "seed=1..3", "--out", dir.resolve("r").toString(), "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        long updates = Presets.resolveWith(preset, List.of()).fittedSchedule().cellUpdates();
        assertTrue(dry.out().startsWith("3 renders planned, "), dry.out());
        CliTestSupport timed = CliTestSupport.run("batch", preset.toString(), "--vary", "seed=1..2", "--out", dir.resolve("r").toString(),
                "--backend", "cpu", "--threads", "1", "--no-check");
        assertEquals(0, timed.code(), timed.err());
        assertTrue(timed.out().matches("(?s)2 renders planned, .* cell updates, about \\S+ on cpu .*"), timed.out());

        // batch previews: each job's own preview, the same picture render --preview gives
        Path r = dir.resolve("pr");
        CliTestSupport previews = CliTestSupport.run("batch", preset.toString(), "--vary", "seed=1,2", "--preview", "48", "--out", r.toString(),
                "--backend", "cpu", "--threads", "1");
        assertEquals(0, previews.code(), previews.err());
        CliTestSupport one = CliTestSupport.run("render", preset.toString(), "--seed", "2", "--preview", "48", "--out", dir.resolve("one.png").toString(),
                "--backend", "cpu", "--threads", "1");
        assertEquals(0, one.code(), one.err());
        BufferedImage a = ImageIO.read(r.resolve("p-2-160x96-preview.png").toFile()), b = ImageIO.read(dir.resolve("one-preview.png").toFile());
        assertEquals(48, a.getWidth());
        for (int y = 0; y < a.getHeight(); y++)
            for (int x = 0; x < a.getWidth(); x++) assertEquals(b.getRGB(x, y), a.getRGB(x, y));
        assertFalse(Files.exists(r.resolve("p-2-160x96.png")), "no full render");

        CliTestSupport plan = CliTestSupport.run("plan", preset.toString(), "--json", "--backend", "cpu", "--threads", "1");
        assertEquals(0, plan.code(), plan.err());
        JsonNode j = JSON.readTree(plan.out());
        assertEquals(160, j.get("width").asInt());
        assertEquals(4, j.get("levels").size());
        assertEquals(updates, j.get("cellUpdates").asLong());
        assertTrue(j.get("fits").asBoolean() && j.get("cellUpdatesPerSecond").asLong() > 0 && j.has("seconds"), plan.out());
    }
}
