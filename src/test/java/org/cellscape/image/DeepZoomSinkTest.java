package org.cellscape.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DZI as viewers expect it: the same files, each of the same size, as libvips' dzsave writes for the same image
 * and tile options; and every tile's pixels are its level's 2^k box mean of the image, in 8 bits (within one step).
 */
class DeepZoomSinkTest {
    static final int W = 700, H = 300;

    @TempDir
    Path dir;

    private DeepZoomSink write(short[] data, int tile, int overlap) throws Exception {
        DeepZoomSink s = new DeepZoomSink(dir, "img", W, H, new DeepZoomSink.Options(tile, overlap, "png", 85, 3));
        try (s) {
            TestImages.writeInBands(s, data, W, H, 9, 29);
            s.finish();
        }
        return s;
    }

    @Test
    void tilesHoldTheBoxReductionOfEachLevel() throws Exception {
        short[] data = TestImages.mixed(W, H, 5);
        for (int[] t : new int[][] {{254, 1}, {64, 3}, {100, 0}}) {
            int tile = t[0], ov = t[1];
            DeepZoomSink s = write(data, tile, ov);
            int max = DeepZoomSink.levels(W, H);
            assertEquals(10, max, "ceil(log2(700))");
            assertTrue(Files.readString(dir.resolve("img.dzi")).contains("TileSize=\"" + tile + "\""));
            for (int level = max; level >= 0; level--) {
                int k = max - level, s2 = 1 << k, lw = (W + s2 - 1) / s2, lh = (H + s2 - 1) / s2;
                int[] want = TestImages.boxReduce(data, W, H, k);
                for (int r = 0; r * tile < lh; r++)
                    for (int c = 0; c * tile < lw; c++) {
                        int x0 = Math.max(0, c * tile - ov), y0 = Math.max(0, r * tile - ov);
                        int x1 = Math.min(lw, (c + 1) * tile + ov), y1 = Math.min(lh, (r + 1) * tile + ov);
                        BufferedImage img = ImageIO.read(s.tileFile(level, c, r).toFile());
                        assertEquals(x1 - x0, img.getWidth(), "tile " + level + "/" + c + "_" + r);
                        assertEquals(y1 - y0, img.getHeight(), "tile " + level + "/" + c + "_" + r);
                        for (int y = y0; y < y1; y++)
                            for (int x = x0; x < x1; x++) {
                                int p = img.getRGB(x - x0, y - y0);
                                int[] got = {p >> 16 & 255, p >> 8 & 255, p & 255};
                                for (int ch = 0; ch < 3; ch++) {
                                    double ideal = want[(y * lw + x) * 3 + ch] / 257.0;
                                    if (Math.abs(got[ch] - ideal) >= 1.0)
                                        fail("level " + level + " pixel " + x + "," + y + " channel " + ch + ": " + got[ch] + ", box mean " + ideal);
                                }
                            }
                    }
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.toList().reversed()) Files.delete(p);
            }
            Files.createDirectories(dir);
        }
    }

    @Test
    void theLayoutIsLibvipsDzsaves() throws Exception {
        assumeTrue(TestImages.onPath("vips"), "vips not installed (apt-get install libvips-tools)");
        short[] data = TestImages.mixed(W, H, 6);
        write(data, 254, 1);
        Path png = dir.resolve("src.png");
        try (RasterSink p = ImageWriters.open(png, TestImages.spec(W, H, 16), WriterOptions.defaults())) {
            TestImages.writeInBands(p, data, W, H, 1, 50);
            p.finish();
        }
        Path vips = dir.resolve("vips");
        Files.createDirectories(vips);
        TestImages.tool("vips", "dzsave", png.toString(), vips.resolve("img").toString(), "--tile-size", "254", "--overlap", "1", "--suffix", ".png");
        List<String> ours = tiles(dir.resolve("img_files")), theirs = tiles(vips.resolve("img_files"));
        assertEquals(theirs.size(), ours.size(), "tile count");
        assertEquals(theirs.stream().map(this::noSize).toList(), ours.stream().map(this::noSize).toList(), "tile names");
        for (int i = 0; i < ours.size(); i++) assertEquals(theirs.get(i).replaceAll(".*=", ""), ours.get(i).replaceAll(".*=", ""), ours.get(i));
    }

    private String noSize(String s) {
        return s.replaceAll("=.*", "");
    }

    /** "level/c_r=WxH" for every tile, sorted. */
    private static List<String> tiles(Path files) throws Exception {
        try (Stream<Path> s = Files.walk(files)) {
            return s.filter(p -> p.toString().endsWith(".png")).map(p -> {
                try {
                    BufferedImage img = ImageIO.read(p.toFile());
                    return files.relativize(p).toString().replace(".png", "") + "=" + img.getWidth() + "x" + img.getHeight();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }
}
