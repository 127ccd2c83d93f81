package org.cellscape.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pyramidal TIFF as others read it: libtiff lists one page per level, libvips decodes each page, and level k is
 * the 2^k box reduction of level 0 (computed here independently) within one 16-bit unit.
 */
class PyramidTiffTest {
    static final int W = 1000, H = 700, TILE = 128;

    @TempDir
    Path dir;

    private Path writePyramid(short[] data, int w, int h, boolean big) throws Exception {
        Path out = dir.resolve("pyr.tif");
        WriterOptions o = new WriterOptions(1, 3, TILE, big).withPyramid(true);
        try (RasterSink sink = ImageWriters.open(out, TestImages.spec(w, h, 16), o)) {
            TestImages.writeInBands(sink, data, w, h, 5, 37);
            sink.finish();
        }
        return out;
    }

    @Test
    void libtiffAndLibvipsReadEveryLevelAsTheBoxReduction() throws Exception {
        assumeTrue(TestImages.onPath("tiffinfo"), "tiffinfo not installed (apt-get install libtiff-tools)");
        assumeTrue(TestImages.onPath("vips"), "vips not installed (apt-get install libvips-tools)");
        short[] data = TestImages.mixed(W, H, 11);
        for (boolean big : new boolean[] {false, true}) {
            Path out = writePyramid(data, W, H, big);
            // 1000x700 -> 500x350 -> 250x175 -> 125x88: the last fits one 128 tile
            int[][] sizes = {{1000, 700}, {500, 350}, {250, 175}, {125, 88}};
            String info = TestImages.tool("tiffinfo", out.toString());
            Matcher m = Pattern.compile("Image Width: (\\d+) Image Length: (\\d+)").matcher(info);
            for (int[] s : sizes) {
                assertTrue(m.find(), "tiffinfo lists " + sizes.length + " pages:\n" + info);
                assertEquals(s[0] + "x" + s[1], m.group(1) + "x" + m.group(2));
            }
            assertFalse(m.find(), "no page beyond the one-tile level:\n" + info);
            assertTrue(info.contains("reduced-resolution image"), "pages 1.. are marked reduced-resolution");
            assertEquals("4", TestImages.tool("vipsheader", "-f", "n-pages", out.toString()).strip());
            for (int k = 0; k < sizes.length; k++) {
                Path png = dir.resolve("level" + k + ".png");
                TestImages.tool("vips", "copy", out + "[page=" + k + "]", png.toString());
                var img = TestImages.readJdkPng(png);
                assertEquals(sizes[k][0], img.width(), "level " + k);
                assertEquals(sizes[k][1], img.height(), "level " + k);
                assertEquals(16, img.bits());
                int[] want = TestImages.boxReduce(data, W, H, k);
                for (int i = 0; i < want.length; i++)
                    if (Math.abs(want[i] - img.samples()[i]) > 1)
                        fail("level " + k + " sample " + i + ": box mean " + want[i] + ", file " + img.samples()[i]);
            }
        }
    }

    @Test
    void aSmallImageIsOnePageAndAPlainTiffIsUnchanged() throws Exception {
        short[] data = TestImages.mixed(100, 60, 3);
        Path out = writePyramid(data, 100, 60, false);
        Path plain = dir.resolve("plain.tif");
        try (RasterSink sink = ImageWriters.open(plain, TestImages.spec(100, 60, 16), new WriterOptions(1, 3, TILE, false))) {
            TestImages.writeInBands(sink, data, 100, 60, 5, 37);
            sink.finish();
        }
        // an image within one tile has no reduced level: the pyramid is the plain file, byte for byte
        assertEquals(-1L, Files.mismatch(out, plain));
    }

    @Test
    void theBigTiffRuleCountsTheReducedPages() {
        // 24000^2 at 256 px: 8836 tiles fit a classic TIFF; with its pages (11815 tiles) the file could pass 4 GiB
        assertFalse(TiffWriter.needsBigTiff(24000, 24000, 2, 256, 256, 0));
        assertTrue(TiffWriter.needsBigTiffPyramid(24000, 24000, 2, 256, 0));
        assertEquals(8836 + 2209 + 576 + 144 + 36 + 9 + 4 + 1, TiffWriter.pyramidTiles(24000, 24000, 256));
        assertFalse(TiffWriter.needsBigTiffPyramid(1000, 1000, 2, 256, 0));
    }
}
