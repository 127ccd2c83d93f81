package org.cellscape.gallery;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import org.cellscape.image.ImageSpec;
import org.cellscape.image.ImageWriters;
import org.cellscape.image.RasterSink;
import org.cellscape.image.WriterOptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenderedImageTest {
    @TempDir
    Path dir;

    /** 16-bit gradient: red = x, green = y, blue = x + y (scaled), as the project's writers write renders. */
    private Path write(String name, int w, int h) throws Exception {
        Path p = dir.resolve(name);
        try (RasterSink s = ImageWriters.open(p, new ImageSpec(w, h, 16, Map.of("preset", "grad", "seed", "7"), 0), WriterOptions.defaults())) {
            short[] row = new short[w * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    row[x * 3] = (short) (x * 64);
                    row[x * 3 + 1] = (short) (y * 64);
                    row[x * 3 + 2] = (short) ((x + y) * 32);
                }
                s.writeRows(row, 1);
            }
            s.finish();
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"g.tif", "g.png"})
    void regionsSubsamplesAndParameters(String name) throws Exception {
        RenderedImage img = RenderedImage.open(write(name, 1000, 520));
        assertEquals(1000, img.width());
        assertEquals(520, img.height());
        assertEquals("grad", img.parameters().get("preset"), "embedded parameters, no sidecar");
        BufferedImage r = img.readRegion(new Rectangle(500, 200, 32, 20));
        assertEquals(32, r.getWidth());
        assertEquals(20, r.getHeight());
        for (int y = 0; y < 20; y += 7)
            for (int x = 0; x < 32; x += 5) {
                int rgb = r.getRGB(x, y);
                assertEquals(Math.round((500 + x) * 64 / 257.0), rgb >> 16 & 255, 1.0, "red at " + x + "," + y);
                assertEquals(Math.round((200 + y) * 64 / 257.0), rgb >> 8 & 255, 1.0, "green at " + x + "," + y);
            }
        BufferedImage s = img.readSubsampled(4);
        assertEquals(250, s.getWidth());
        assertEquals(130, s.getHeight());
        assertEquals(Math.round(400 * 64 / 257.0), s.getRGB(100, 0) >> 16 & 255, 1.0);
    }
}
