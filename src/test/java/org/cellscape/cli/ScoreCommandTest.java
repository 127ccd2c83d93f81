package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.cellscape.image.Images;
import org.cellscape.nets.ClipModel;
import org.cellscape.nets.ClipScores;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score}, {@code batch --rank-by} and the gallery's scores, on the tiny random-weight CLIP. Random weights
 * make "red" against "blue" meaningless, so what is checked is the plumbing: each printed figure is the model's
 * cosine for that image and prompt, ranks are in order, and bad folders are one line with exit 3.
 */
class ScoreCommandTest {
    static final Path TINY = Path.of("src/test/resources/clip/tiny");
    @TempDir
    Path dir;

    static Path square(Path file, Color c, Color dot) {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, 40, 30);
        g.setColor(dot);
        g.fillOval(10, 5, 20, 20);
        g.dispose();
        Images.write(img, file);
        return file;
    }

    static String expected(ClipModel m, Path img, String prompt) {
        return String.format(Locale.ROOT, "%.4f", ClipModel.cosine(m.embedImage(img), m.embedPrompt(prompt, w -> {})));
    }

    @Test
    void printsEachImagesSimilarityToEachPrompt() {
        Path red = square(dir.resolve("red.png"), Color.RED, Color.ORANGE), blue = square(dir.resolve("blue.png"), Color.BLUE, Color.CYAN);
        CliTestSupport r = CliTestSupport.run("score", "--clip", TINY.toString(), "--prompt", "red", "--prompt", "blue sky", red.toString(), blue.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).matches("red\\s+blue sky\\s+image"), lines.get(0));
        ClipModel m = ClipModel.load(TINY, false);
        for (int i = 0; i < 2; i++) {
            Path img = i == 0 ? red : blue;
            String[] f = lines.get(i + 1).trim().split("\\s+");
            assertEquals(List.of(expected(m, img, "red"), expected(m, img, "blue sky"), img.toString()), List.of(f), lines.get(i + 1));
        }
        // the figures differ between images and prompts: the images really reach the model
        assertTrue(!lines.get(1).split("\\s+")[0].equals(lines.get(2).split("\\s+")[0]), r.out());
    }

    @Test
    void aLongPromptIsCutWithAWarning() {
        Path red = square(dir.resolve("red.png"), Color.RED, Color.ORANGE);
        CliTestSupport r = CliTestSupport.run("score", "--clip", TINY.toString(), "--prompt", "stones ".repeat(80), red.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("cellscape: warning: prompt is 80 tokens, CLIP reads 75"), r.err());
    }

    @Test
    void badFoldersAreOneLineAndExit3() throws Exception {
        Path red = square(dir.resolve("red.png"), Color.RED, Color.ORANGE);
        Path clip = Files.createDirectories(dir.resolve("clip"));
        for (String f : new String[]{"config.json", "model.safetensors", "vocab.json"}) Files.copy(TINY.resolve(f), clip.resolve(f));
        CliTestSupport r = CliTestSupport.run("score", "--clip", clip.toString(), "--prompt", "red", red.toString());
        assertEquals(CellscapeException.BAD_INPUT, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(clip + ": no merges.txt"), r.err());
        CliTestSupport missing = CliTestSupport.run("score", "--clip", TINY.toString(), "--prompt", "red", dir.resolve("none.png").toString());
        assertEquals(CellscapeException.BAD_INPUT, missing.code(), missing.err());
    }

    @Test
    void batchRanksItsOutputsAndTheGalleryShowsTheScores() throws Exception {
        Path presets = Files.createDirectories(dir.resolve("presets")), models = Files.createDirectories(presets.resolve("models"));
        TestModels.write(TestModels.small(2), models, "alive.safetensors");
        Files.writeString(presets.resolve("a.yaml"), "name: alpha\nmodel: models/alive.safetensors\nschedule: \"auto:noise:4, x2:3, x2:2\"\nsize: 48x32\n");
        Path out = dir.resolve("renders");
        CliTestSupport r = CliTestSupport.run("batch", presets.resolve("a.yaml").toString(), "--vary", "seed=1..3", "--out", out.toString(),
                "--backend", "reference", "--rank-by", "red flames", "--clip", TINY.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        Map<String, ClipScores.Score> scores = ClipScores.read(out);
        assertEquals(3, scores.size(), r.out());
        ClipModel m = ClipModel.load(TINY, false);
        List<ClipScores.Score> ranked = List.copyOf(scores.values());
        for (int i = 0; i < 3; i++) {
            ClipScores.Score s = ranked.get(i);
            assertEquals(expected(m, out.resolve(s.file()), "red flames"), String.format(Locale.ROOT, "%.4f", s.score()));
            if (i > 0) assertTrue(ranked.get(i - 1).score() >= s.score(), "best first");
            assertTrue(r.out().contains(String.format(Locale.ROOT, "%4d  %.4f  %s", i + 1, s.score(), s.file())), r.out());
        }
        CliTestSupport g = CliTestSupport.run("gallery", out.toString(), "--out", dir.resolve("g").toString(), "--no-previews", "--thumb", "32", "--crop", "32");
        assertEquals(0, g.code(), g.out() + g.err());
        String html = Files.readString(dir.resolve("g/index.html"));
        int at = -1;
        for (ClipScores.Score s : ranked) {
            int here = html.indexOf(String.format(Locale.ROOT, "CLIP score %.4f</span> for &ldquo;red flames&rdquo;", s.score()));
            assertTrue(here > at, "each card shows its score, best first: " + s);
            at = here;
        }
        CliTestSupport alone = CliTestSupport.run("batch", presets.resolve("a.yaml").toString(), "--out", out.toString(), "--rank-by", "red");
        assertEquals(CellscapeException.USAGE, alone.code(), alone.err());
    }
}
