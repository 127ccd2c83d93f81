package org.cellscape.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.cellscape.engine.ControlMap;
import org.cellscape.engine.ControlSpec;
import org.cellscape.model.Family;
import org.cellscape.model.NcaModel;
import org.cellscape.model.RandomWeights;

/** Control inputs for the tests: multi-rule random models and per-cell blends that are not trivial. */
public final class TestControls {
    private TestControls() {}

    /** Random weights with R extra inputs named r0, r1, ... */
    public static NcaModel multiRule(Family family, int channels, int hidden, int rules, long seed) {
        StringBuilder names = new StringBuilder();
        for (int r = 0; r < rules; r++) names.append(r == 0 ? "" : ",").append("r").append(r);
        return RandomWeights.create(family, channels, hidden, rules, seed).toBuilder().metadata(NcaModel.RULES, names.toString()).build();
    }

    /**
     * R weights a cell for {@code cells} cells: a mix of one-hot cells, blends summing to 1, exact zeros, a -0 and
     * a weight above 1 (the step takes controls as given, unclipped).
     */
    public static float[] blend(int cells, int rules, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] c = new float[cells * rules];
        for (int i = 0; i < cells; i++) {
            int kind = r.nextInt(4);
            double sum = 0;
            for (int k = 0; k < rules; k++) {
                double v = kind == 0 ? (k == r.nextInt(rules) ? 1 : 0) : kind == 1 ? 0 : r.nextDouble();
                c[i * rules + k] = (float) v;
                sum += v;
            }
            if (kind >= 2 && sum > 0) for (int k = 0; k < rules; k++) c[i * rules + k] = (float) (c[i * rules + k] / sum);
        }
        if (c.length > 2) {
            c[r.nextInt(c.length)] = -0f;
            c[r.nextInt(c.length)] = 1.5f;
        }
        return c;
    }

    /** Writes an 8-bit RGB PNG whose pixel (x, y) is {@code rgb.applyAsInt(x, y)} (0xRRGGBB). */
    public static Path png(Path file, int w, int h, IntBinaryOperator rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) img.setRGB(x, y, rgb.applyAsInt(x, y));
        try {
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A 13 x 9 legend map of three rules in patches (ragged edges), for model rules r0, r1, r2. */
    public static ControlMap legendMap(Path dir, List<String> rules) {
        int[] colours = {0x2266aa, 0xcc8844, 0x22aa66};
        Path f = png(dir.resolve("legend-map.png"), 13, 9, (x, y) -> colours[(x * 7 + y * y * 3 + x * y) / 9 % 3]);
        ControlSpec spec = ControlSpec.parse(List.of(f.toString()), "#2266aa:r0,#cc8844:r1,#22aa66:r2", null);
        return ControlMap.load(spec, rules, dir.resolve("model.safetensors"));
    }

    /** Two grayscale weight images of different sizes (a horizontal and a vertical ramp); the rest goes to r0. */
    public static ControlMap weightMap(Path dir, List<String> rules) {
        Path a = png(dir.resolve("w1.png"), 7, 3, (x, y) -> grey(x * 255 / 6));
        Path b = png(dir.resolve("w2.png"), 4, 11, (x, y) -> grey(y * 200 / 10));
        ControlSpec spec = ControlSpec.parse(List.of(rules.get(1) + "=" + a, rules.get(2) + "=" + b), null, null);
        return ControlMap.load(spec, rules, dir.resolve("model.safetensors"));
    }

    static int grey(int v) {
        return v << 16 | v << 8 | v;
    }
}
