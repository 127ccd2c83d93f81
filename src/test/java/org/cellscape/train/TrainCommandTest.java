package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.cellscape.CellscapeException;
import org.cellscape.cli.Main;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.train.exemplars.Exemplars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train command end to end on tiny settings: outputs, bad input, divergence, exact resume. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.execute(new PrintWriter(o, true), new PrintWriter(e, true), args);
        return new Run(code, o.toString(), e.toString());
    }

    /** Tiny but complete: 4 channels, 8 hidden, 16x16 grid, 2 loss levels of 3x3 patches. */
    String[] tiny(Path image, Path out, String... more) {
        String[] base = {"train", "--image", image.toString(), "--out", out.toString(), "--size", "16", "--steps", "4..8",
                "--pool", "8", "--channels", "4", "--hidden", "8", "--loss-levels", "2", "--patch", "3", "--projections", "8",
                "--quality-steps", "16"};
        String[] r = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, r, base.length, more.length);
        return r;
    }

    Path exemplar(int size, int type) throws Exception {
        BufferedImage img = Exemplars.image("spots", 64, 1);
        BufferedImage r = new BufferedImage(size, size, type);
        r.createGraphics().drawImage(img, 0, 0, size, size, null);
        Path p = tmp.resolve("ex-" + size + "-" + type + ".png");
        ImageIO.write(r, "png", p.toFile());
        return p;
    }

    @Test
    void anUnwritableModelFileIsRefusedBeforeTraining() throws Exception {
        Path ex = exemplar(32, BufferedImage.TYPE_INT_RGB), dir = tmp.resolve("run");
        java.nio.file.Files.createDirectories(tmp.resolve("m.safetensors"));
        for (Path out : new Path[]{tmp.resolve("m.safetensors"), tmp.resolve("missing").resolve("m.safetensors")}) {
            Run r = run(tiny(ex, out, "--iterations", "4", "--run-dir", dir.toString()));
            assertEquals(4, r.code, r.err);
            assertEquals(1, r.err.strip().lines().count(), r.err);
            assertTrue(r.err.contains(out.toString()), r.err);
            assertTrue(!java.nio.file.Files.exists(dir), "no training started");
        }
    }

    @Test
    void trainsAndWritesModelAndRunFolder() throws Exception {
        Path ex = exemplar(32, BufferedImage.TYPE_INT_RGB), out = tmp.resolve("m.safetensors"), dir = tmp.resolve("run");
        Run r = run(tiny(ex, out, "--iterations", "4", "--snapshot-every", "2", "--run-dir", dir.toString()));
        assertEquals(0, r.code, r.err);
        NcaModel m = ModelIO.read(out);
        assertEquals(4, m.channels());
        assertEquals(8, m.hidden());
        assertEquals("cellscape", m.family().id());
        assertEquals("4", m.metadata().get("iterations"));
        assertTrue(m.metadata().get("exemplar").startsWith("ex-32"));
        assertTrue(Double.isFinite(Double.parseDouble(m.metadata().get("final_loss"))));
        assertTrue(m.metadata().containsKey("trainer_settings"));
        assertTrue(r.out.contains("untrained"), r.out);
        assertEquals(5, Files.readAllLines(dir.resolve("metrics.csv")).size());
        assertTrue(Files.exists(dir.resolve("snapshots/iter-000002.png")));
        assertTrue(Files.exists(dir.resolve("checkpoint.bin")));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("iter-000004.png") && !html.contains("<script"));
        assertTrue(Files.readString(dir.resolve("config.json")).contains("\"projections\""));
    }

    /** The defaults the photo benchmark chose (docs/training.md): 2000 iterations, samples grown from noise(0.1). */
    @Test
    void theDefaultRunIsTwoThousandIterationsFromNoiseSeeds() throws Exception {
        Path ex = exemplar(32, BufferedImage.TYPE_INT_RGB), dir = tmp.resolve("defaults");
        Run r = run(tiny(ex, tmp.resolve("d.safetensors"), "--stop-after", "1", "--run-dir", dir.toString()));
        assertEquals(0, r.code(), r.err());
        com.fasterxml.jackson.databind.JsonNode cfg = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("config.json").toFile());
        assertEquals(2000, cfg.path("iterations").asInt(), cfg.toString());
        assertEquals(0.1, cfg.path("seedNoise").asDouble(), 1e-6, cfg.toString());
        assertTrue(r.err().contains("iteration 1/2000"), r.err());
    }

    @Test
    void resumeGivesTheSameModelAsAnUninterruptedRun() throws Exception {
        resumeMatches("plain");
    }

    /** The levers keep runs exact under resume and thread counts: pool-loss state is checkpointed, seeds are keyed. */
    @Test
    void resumeIsExactWithNoiseSeedsWorstResetAndScale() throws Exception {
        NcaModel levers = resumeMatches("levers", "--seed-noise", "0.25", "--reset-worst", "--scale", "0.75");
        NcaModel plain = resumeMatches("plain");
        assertFalse(java.util.Arrays.equals(levers.w2(), plain.w2()), "the levers change the run");
        // the default grows samples from noise(0.1): zeros is the other choice
        for (String[] one : new String[][]{{"--seed-noise", "0"}, {"--reset-worst"}, {"--scale", "0.75"}}) {
            Path out = tmp.resolve("one-" + one[0].substring(2) + ".safetensors");
            String[] args = java.util.Arrays.copyOf(one, one.length + 4);
            System.arraycopy(new String[]{"--iterations", "6", "--run-dir", tmp.resolve("r-" + one[0].substring(2)).toString()}, 0, args, one.length, 4);
            assertEquals(0, run(tiny(exemplar(32, BufferedImage.TYPE_INT_RGB), out, args)).code);
            assertFalse(java.util.Arrays.equals(ModelIO.read(out).w2(), plain.w2()), one[0] + " changes the run");
        }
    }

    /** An uninterrupted run and one stopped at 3 and resumed with another thread count give the same weights. */
    private NcaModel resumeMatches(String name, String... levers) throws Exception {
        Path ex = exemplar(32, BufferedImage.TYPE_INT_RGB);
        Path a = tmp.resolve(name + "-a.safetensors"), b = tmp.resolve(name + "-b.safetensors");
        Path ra = tmp.resolve(name + "-ra"), rb = tmp.resolve(name + "-rb");
        assertEquals(0, run(tiny(ex, a, with(levers, "--iterations", "6", "--threads", "2", "--run-dir", ra.toString()))).code);
        Run first = run(tiny(ex, b, with(levers, "--iterations", "6", "--stop-after", "3", "--run-dir", rb.toString())));
        assertEquals(0, first.code, first.err);
        assertFalse(Files.exists(b), "a stopped run must not write the model");
        Run second = run(tiny(ex, b, with(levers, "--iterations", "6", "--run-dir", rb.toString(), "--resume", "--threads", "1")));
        assertEquals(0, second.code, second.err);
        NcaModel ma = ModelIO.read(a), mb = ModelIO.read(b);
        assertArrayEquals(ma.w1(), mb.w1());
        assertArrayEquals(ma.w2(), mb.w2());
        assertArrayEquals(ma.b1(), mb.b1());
        assertArrayEquals(ma.b2(), mb.b2());
        assertEquals(7, Files.readAllLines(rb.resolve("metrics.csv")).size());
        // a different setting refuses to resume
        Run bad = run(tiny(ex, b, with(levers, "--iterations", "6", "--run-dir", rb.toString(), "--resume", "--lr", "1e-3")));
        assertEquals(CellscapeException.RESUME_MISMATCH, bad.code, bad.err);
        return ma;
    }

    private static String[] with(String[] first, String... more) {
        String[] r = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, r, first.length, more.length);
        return r;
    }

    @Test
    void scaleAutoShrinksALargeExemplarAndSaysSo() throws Exception {
        Path ex = exemplar(64, BufferedImage.TYPE_INT_RGB), out = tmp.resolve("auto.safetensors");
        Run r = run(tiny(ex, out, "--iterations", "2", "--scale", "auto", "--run-dir", tmp.resolve("ra").toString()));
        assertEquals(0, r.code, r.err);
        // --size 16: the exemplar's shorter side goes to 24 (1.5 x 16), so by 0.375
        assertTrue(r.err.contains("exemplar scaled by 0.375 from 64x64 to 24x24 (--scale auto"), r.err);
        assertTrue(ModelIO.read(out).metadata().get("trainer_settings").contains("\"scale\":0.375"));
        // the structure measure's floor is a crop of the exemplar, not the whole (smaller than the render) exemplar
        assertFalse(ModelIO.read(out).metadata().get("structure").contains("exemplar crop 0.0000"), ModelIO.read(out).metadata().get("structure"));
        Run bad = run(tiny(ex, out, "--iterations", "2", "--scale", "big"));
        assertEquals(2, bad.code, bad.err);
        assertTrue(bad.err.contains("--scale must be a factor such as 0.5, or auto; got 'big'"), bad.err);
    }

    @Test
    void unreadableExemplarIsBadInput() throws Exception {
        Path junk = tmp.resolve("junk.png");
        Files.writeString(junk, "not an image");
        Run r = run(tiny(junk, tmp.resolve("x.safetensors"), "--iterations", "1"));
        assertEquals(CellscapeException.BAD_INPUT, r.code);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertEquals(CellscapeException.BAD_INPUT, run(tiny(tmp.resolve("missing.png"), tmp.resolve("x.safetensors"))).code);
    }

    @Test
    void tooSmallExemplarNamesTheMinimum() throws Exception {
        Run r = run(tiny(exemplar(8, BufferedImage.TYPE_INT_RGB), tmp.resolve("x.safetensors"), "--iterations", "1"));
        assertEquals(CellscapeException.BAD_INPUT, r.code);
        assertTrue(r.err.contains("at least 12x12"), r.err);
    }

    @Test
    void grayscaleAndAlphaAreConvertedWithANote() throws Exception {
        Run g = run(tiny(exemplar(32, BufferedImage.TYPE_BYTE_GRAY), tmp.resolve("g.safetensors"), "--iterations", "1"));
        assertEquals(0, g.code, g.err);
        assertTrue(g.err.contains("grayscale"), g.err);
        Run a = run(tiny(exemplar(32, BufferedImage.TYPE_INT_ARGB), tmp.resolve("a.safetensors"), "--iterations", "1"));
        assertEquals(0, a.code, a.err);
        assertTrue(a.err.contains("alpha"), a.err);
    }

    @Test
    void divergenceStopsWithItsExitCodeAndKeepsTheCheckpoint() throws Exception {
        Path out = tmp.resolve("d.safetensors"), dir = tmp.resolve("rd");
        Run r = run(tiny(exemplar(32, BufferedImage.TYPE_INT_RGB), out, "--iterations", "20", "--lr", "1e38",
                "--snapshot-every", "1", "--run-dir", dir.toString()));
        assertEquals(CellscapeException.TRAINING_DIVERGED, r.code, r.err);
        assertTrue(r.err.contains("diverged"), r.err);
        assertFalse(Files.exists(out));
        assertTrue(Files.exists(dir.resolve("checkpoint.bin")));
    }
}
