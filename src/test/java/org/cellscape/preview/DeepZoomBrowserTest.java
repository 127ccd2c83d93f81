package org.cellscape.preview;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.cellscape.image.DeepZoomSink;
import org.cellscape.image.Dither;
import org.cellscape.image.RasterSink;
import org.cellscape.zoom.DeepZoom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deep-zoom page in headless Chromium (src/test/browser/deepzoom.test.mjs): it opens from file://, loads nothing
 * from outside its folder, shows tiles, and zoomed in through OpenSeadragon's API it loads the full-resolution tiles,
 * whose screen pixels are the image's (screenshot against the image, and against a shifted copy as a control).
 * Skipped, with the reason, when node, Chromium or the node modules are not installed.
 */
class DeepZoomBrowserTest {
    static final int W = 1500, H = 1000;

    @TempDir
    Path tmp;

    @Test
    void pageShowsTheImageAndItsDeeperTiles() throws Exception {
        String chromium = BrowserPreviewTest.chromiumOrSkip();
        short[] img = waves(W, H);
        Path folder = tmp.resolve("zoom");
        try (RasterSink s = DeepZoom.open(folder, "waves", W, H, Map.of("model", "waves-test", "seed", "7"),
                new DeepZoomSink.Options(254, 1, "png", 85, 2), false)) {
            s.writeRows(img, H);
            s.finish();
        }
        byte[] ref = new byte[W * H * 3]; // the 8-bit image as the full-resolution tiles hold it
        for (int y = 0; y < H; y++) Dither.row(img, y * W * 3, ref, y * W * 3, W, 0, y);
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.put("page", folder.resolve("index.html").toAbsolutePath().toString());
        c.put("folder", folder.toAbsolutePath().toString());
        c.put("chromium", chromium).put("width", W).put("height", H).put("maxLevel", DeepZoomSink.levels(W, H));
        c.put("paramShown", "waves-test");
        c.put("reference", Base64.getEncoder().encodeToString(ref));
        Path casePath = tmp.resolve("case.json");
        Files.writeString(casePath, c.toString());
        BrowserPreviewTest.runNodeTest("deepzoom.test.mjs", "CELLSCAPE_DEEPZOOM_CASE", casePath, tmp);
    }

    /** Smooth colour waves of 20-60 px with random phases: tile seams and misplacements both show. */
    static short[] waves(int w, int h) {
        Random r = new Random(3);
        double[][] p = new double[3][4];
        for (double[] q : p) for (int i = 0; i < 4; i++) q[i] = r.nextDouble() * 6.28;
        short[] s = new short[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++) {
                    double v = 0.5 + 0.25 * Math.sin(x / (7.0 + 3 * c) + p[c][0]) * Math.cos(y / (9.0 + 2 * c) + p[c][1])
                            + 0.2 * Math.sin((x + y) / (4.0 + c) + p[c][2]);
                    s[(y * w + x) * 3 + c] = (short) Math.round(Math.clamp(v, 0, 1) * 65535);
                }
        return s;
    }
}
