package org.cellscape.image;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes a small DZI of JPEG tiles and prints which encoder wrote them and the tiles' mean error against the box
 * means, per channel, in 8-bit steps. Run in a child JVM by {@link NativeCodecsTest}, with and without the system
 * codecs, so both of DeepZoomSink's JPEG paths are checked on the same image.
 */
public final class JpegTilesCheck {
    public static void main(String[] args) throws Exception {
        int w = 300, h = 200;
        short[] data = TestImages.gradient(w, h);
        Path dir = Files.createTempDirectory("jpeg-tiles");
        try {
            DeepZoomSink s = new DeepZoomSink(dir, "img", w, h, new DeepZoomSink.Options(128, 1, "jpg", 90, 2));
            try (s) {
                TestImages.writeInBands(s, data, w, h, 7, 31);
                s.finish();
            }
            int level = DeepZoomSink.levels(w, h);
            double[] err = new double[3];
            long n = 0;
            for (int r = 0; r * 128 < h; r++)
                for (int c = 0; c * 128 < w; c++) {
                    BufferedImage img = ImageIO.read(s.tileFile(level, c, r).toFile());
                    int x0 = Math.max(0, c * 128 - 1), y0 = Math.max(0, r * 128 - 1);
                    for (int y = 0; y < img.getHeight(); y++)
                        for (int x = 0; x < img.getWidth(); x++, n++) {
                            int p = img.getRGB(x, y), i = ((y0 + y) * w + x0 + x) * 3;
                            for (int ch = 0; ch < 3; ch++) err[ch] += Math.abs((p >> (16 - 8 * ch) & 255) - (data[i + ch] & 0xFFFF) / 257.0);
                        }
                }
            System.out.printf(java.util.Locale.ROOT, "encoder %s, mean error %.3f %.3f %.3f%n", DeepZoomSink.tileEncoder("jpeg"), err[0] / n, err[1] / n, err[2] / n);
        } finally {
            try (var f = Files.walk(dir)) {
                for (Path p : f.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }
}
