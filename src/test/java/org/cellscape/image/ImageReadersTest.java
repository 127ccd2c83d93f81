package org.cellscape.image;

import org.cellscape.CellscapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ImageReadersTest {
    @TempDir
    Path dir;

    private Path save(BufferedImage img, String format, String name) throws Exception {
        Path p = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, p.toFile()), "no writer for " + format);
        return p;
    }

    @Test
    void readsOur16BitTiffAtFullPrecision() throws Exception {
        int w = 70, h = 40;
        short[] data = TestImages.random(w, h, 12);
        Path tif = dir.resolve("r.tif");
        try (var s = new TiffWriter(tif, new ImageSpec(w, h, 16, Map.of(), 0), WriterOptions.defaults().withTileSize(32))) {
            s.writeRows(data, h);
            s.finish();
        }
        var loaded = ImageReaders.read(tif);
        assertEquals(List.of(), loaded.notes());
        assertEquals(w, loaded.image().width());
        for (int i = 0; i < data.length; i++)
            assertEquals((data[i] & 0xFFFF) / 65535f, loaded.image().rgb()[i], 1e-7f, "sample " + i);
        var raw = ImageReaders.readRgb16(tif);
        assertEquals(16, raw.bits());
        for (int i = 0; i < data.length; i++) assertEquals(data[i] & 0xFFFF, raw.samples()[i]);
    }

    @Test
    void expandsGrayscale() throws Exception {
        BufferedImage g = new BufferedImage(5, 3, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(2, 1, 0, 51);
        var loaded = ImageReaders.read(save(g, "png", "g.png"));
        assertEquals(List.of("converted grayscale to RGB"), loaded.notes());
        for (int c = 0; c < 3; c++) {
            assertEquals(0.2f, loaded.image().get(2, 1, c), 1e-6f);
            assertEquals(0f, loaded.image().get(0, 0, c));
        }
    }

    @Test
    void expands16BitGrayscaleAtFullPrecision() throws Exception {
        BufferedImage g = new BufferedImage(4, 2, BufferedImage.TYPE_USHORT_GRAY);
        g.getRaster().setSample(1, 1, 0, 12345);
        var loaded = ImageReaders.read(save(g, "png", "g16.png"));
        assertEquals(List.of("converted grayscale to RGB"), loaded.notes());
        assertEquals(12345 / 65535f, loaded.image().get(1, 1, 2), 1e-7f);
    }

    @Test
    void compositesTransparencyOverBlack() throws Exception {
        BufferedImage a = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        a.setRGB(0, 0, 0x80FF8000); // half transparent orange
        a.setRGB(1, 0, 0xFF0000FF); // opaque blue
        var loaded = ImageReaders.read(save(a, "png", "a.png"));
        assertEquals(List.of("composited transparent pixels over black"), loaded.notes());
        assertEquals(128 / 255f, loaded.image().get(0, 0, 0), 1e-6f);
        assertEquals(0.5f * 128 / 255f, loaded.image().get(0, 0, 1), 0.003f);
        assertEquals(1f, loaded.image().get(1, 0, 2), 1e-6f);
    }

    @Test
    void dropsOpaqueAlphaWithANote() throws Exception {
        BufferedImage a = new BufferedImage(3, 3, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 3; y++) for (int x = 0; x < 3; x++) a.setRGB(x, y, 0xFF336699);
        var loaded = ImageReaders.read(save(a, "png", "o.png"));
        assertEquals(List.of("dropped an opaque alpha channel"), loaded.notes());
        assertEquals(0x33 / 255f, loaded.image().get(1, 1, 0), 1e-6f);
    }

    @Test
    void sixteenBitRgbaPngIsComposited() throws Exception {
        var cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(1, 1);
        r.setPixel(0, 0, new int[] {65535, 32768, 0, 32768});
        var loaded = ImageReaders.read(save(new BufferedImage(cm, r, false, null), "png", "rgba16.png"));
        assertEquals(List.of("composited transparent pixels over black"), loaded.notes());
        assertEquals(32768 / 65535f, loaded.image().get(0, 0, 0), 1e-6f);
    }

    @Test
    void readsJpeg() throws Exception {
        BufferedImage rgb = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 16; x++) rgb.setRGB(x, y, 0x808080);
        var loaded = ImageReaders.read(save(rgb, "jpeg", "j.jpg"));
        assertEquals(List.of(), loaded.notes());
        assertEquals(16, loaded.image().width());
        assertEquals(0.5f, loaded.image().get(3, 3, 1), 0.02f);
    }

    @Test
    void missingOrGarbageInputIsBadInput() throws Exception {
        Path missing = dir.resolve("missing.png");
        var e = assertThrows(CellscapeException.class, () -> ImageReaders.read(missing));
        assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("missing.png"), e.getMessage());

        Path junk = dir.resolve("junk.png");
        Files.writeString(junk, "this is not an image\nat all\n");
        e = assertThrows(CellscapeException.class, () -> ImageReaders.read(junk));
        assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("junk.png"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());

        // a PNG cut short: a reader claims it, then fails
        Path cut = dir.resolve("cut.png");
        byte[] whole = Files.readAllBytes(save(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", "w.png"));
        Files.write(cut, java.util.Arrays.copyOf(whole, 60));
        e = assertThrows(CellscapeException.class, () -> ImageReaders.read(cut));
        assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void readRgb16RefusesEightBit() throws Exception {
        Path p = save(new BufferedImage(2, 2, BufferedImage.TYPE_3BYTE_BGR), "png", "e.png");
        assertEquals(8, ImageReaders.readRawRgb(p).bits());
        var e = assertThrows(CellscapeException.class, () -> ImageReaders.readRgb16(p));
        assertTrue(e.getMessage().contains("16 bits"), e.getMessage());
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeader() throws Exception {
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, PngBomb.of(20000, 20000));
        assertTrue(Files.size(bomb) < 200_000, "a small file");
        CellscapeException e = assertThrows(CellscapeException.class, () -> ImageReaders.read(bomb));
        assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
        assertEquals("image " + bomb + " is 20000x20000 (400000000 pixels), more than the 134217728 allowed here; downscale it", e.getMessage());
        e = assertThrows(CellscapeException.class, () -> org.cellscape.train.Exemplar.read(bomb));
        assertTrue(e.getMessage().contains("more than the 16777216 allowed"), e.getMessage());
        Path small = dir.resolve("small.png");
        Files.write(small, PngBomb.of(40, 30));
        assertEquals(40, org.cellscape.train.Exemplar.read(small).width());
    }
}
