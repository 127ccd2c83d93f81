package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.cellscape.testing.TestControls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control issue's first "must show", through the real CLI: the shipped 2-rule model (trained from two shipped
 * exemplars) rendered at 1024² with a map whose left half is rule 0 (coral) and right half rule 1 (lichen). Each
 * half's mean colour, read back by the JDK's PNG reader, is closer to its own exemplar's than to the other's.
 */
class DuetHalvesRenderTest {
    @TempDir
    Path dir;

    @Test
    void eachHalfOfA1024RenderTakesItsOwnRulesColours() throws IOException {
        // Weight of lichen: 0 on the left 32 map pixels, 1 on the right 32 (the rest, coral, is the default rule).
        Path map = TestControls.png(dir.resolve("halves.png"), 64, 1, (x, y) -> x < 32 ? 0 : 0xffffff);
        Path out = dir.resolve("duet.png");
        CliTestSupport r = CliTestSupport.run("render", "--model", "presets/models/duet.safetensors", "--size", "1024x1024",
                "--schedule", "auto:noise(0.1):96, x2:bilinear:32, x2:bilinear:24", "--control", "lichen=" + map,
                "--seed", "2", "--threads", "2", "--quiet", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(1024, img.getWidth());
        double[] left = mean(img, 0, 460), right = mean(img, 564, 1024);
        double[] coral = mean(ImageIO.read(Path.of("presets/models/exemplars/coral.png").toFile())),
                lichen = mean(ImageIO.read(Path.of("presets/models/exemplars/lichen.png").toFile()));
        String figures = String.format(Locale.ROOT, "left %s right %s; exemplars coral %s lichen %s", show(left), show(right), show(coral), show(lichen));
        System.out.println("duet halves at 1024²: " + figures);
        assertTrue(dist(left, coral) < dist(left, lichen), "the left half (rule 0) looks like coral: " + figures);
        assertTrue(dist(right, lichen) < dist(right, coral), "the right half (rule 1) looks like lichen: " + figures);
    }

    private static double[] mean(BufferedImage img) {
        return mean(img, 0, img.getWidth());
    }

    /** Mean 8-bit RGB of the columns [x0, x1). */
    private static double[] mean(BufferedImage img, int x0, int x1) {
        double[] s = new double[3];
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = x0; x < x1; x++) {
                int p = img.getRGB(x, y);
                s[0] += p >> 16 & 255;
                s[1] += p >> 8 & 255;
                s[2] += p & 255;
                n++;
            }
        for (int c = 0; c < 3; c++) s[c] /= n;
        return s;
    }

    private static double dist(double[] a, double[] b) {
        double d = 0;
        for (int c = 0; c < 3; c++) d += (a[c] - b[c]) * (a[c] - b[c]);
        return Math.sqrt(d);
    }

    private static String show(double[] c) {
        return String.format(Locale.ROOT, "(%.0f, %.0f, %.0f)", c[0], c[1], c[2]);
    }
}
