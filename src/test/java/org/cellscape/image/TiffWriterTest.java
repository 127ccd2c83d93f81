package org.cellscape.image;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.imageio.metadata.IIOMetadata;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TiffWriterTest {
    @TempDir
    Path dir;

    private Path write(String name, short[] data, int w, int h, int bits, WriterOptions opts, long bandSeed, int maxBand)
            throws Exception {
        Path out = dir.resolve(name);
        try (var sink = new TiffWriter(out, TestImages.spec(w, h, bits), opts)) {
            TestImages.writeInBands(sink, data, w, h, bandSeed, maxBand);
            sink.finish();
        }
        return out;
    }

    private static WriterOptions opts(int tile, boolean big, int threads) {
        return new WriterOptions(1, threads, tile, big);
    }

    private static int version(Path tif) throws Exception {
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(tif)) {
            assertEquals(4, in.read(head));
        }
        assertEquals('I', head[0]);
        assertEquals('I', head[1]);
        return ByteBuffer.wrap(head, 2, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
    }

    @ParameterizedTest(name = "{0}x{1} tile {2} bigtiff={3}")
    @CsvSource({"1,1,16,false", "1,1,16,true", "17,300,32,false", "300,17,64,true", "257,129,64,false",
            "257,129,64,true", "256,256,256,false", "33,47,16,true"})
    void roundTrip16(int w, int h, int tile, boolean big) throws Exception {
        short[] data = TestImages.mixed(w, h, w * 31L + h);
        Path out = write("rt.tif", data, w, h, 16, opts(tile, big, 3), 7, 40);
        assertEquals(big ? 43 : 42, version(out));
        assertFalse(Files.exists(PartialFileSink.partialOf(out)));
        var img = TestImages.readTwelveMonkeysTiff(out);
        assertEquals(w, img.width());
        assertEquals(h, img.height());
        assertEquals(16, img.bits());
        for (int i = 0; i < data.length; i++)
            if ((data[i] & 0xFFFF) != img.samples()[i])
                fail("sample " + i + " (pixel " + i / 3 % w + "," + i / 3 / w + "): wrote " + (data[i] & 0xFFFF)
                        + ", read " + img.samples()[i]);
    }

    @ParameterizedTest(name = "{0}x{1} tile {2} bigtiff={3}")
    @CsvSource({"1,1,16,false", "257,129,64,false", "300,17,64,true"})
    void roundTrip8IsDitheredWithinOneStep(int w, int h, int tile, boolean big) throws Exception {
        short[] data = TestImages.mixed(w, h, 99);
        Path out = write("rt8.tif", data, w, h, 8, opts(tile, big, 2), 3, 20);
        var img = TestImages.readTwelveMonkeysTiff(out);
        assertEquals(8, img.bits());
        for (int i = 0; i < data.length; i++) {
            double ideal = (data[i] & 0xFFFF) / 257.0;
            int got = img.samples()[i];
            assertTrue(Math.abs(got - ideal) < 1.0, "sample " + i + ": " + got + " vs " + ideal);
            int x = i / 3 % w, y = i / 3 / w;
            assertEquals(Dither.to8(data[i] & 0xFFFF, x, y, i % 3), got, "sample " + i);
        }
    }

    @Test
    void bytesDoNotDependOnBandsOrThreads() throws Exception {
        int w = 157, h = 141;
        short[] data = TestImages.mixed(w, h, 5);
        for (int bits : new int[] {16, 8}) {
            byte[] a = Files.readAllBytes(write("a.tif", data, w, h, bits, opts(32, false, 1), 1, 1));
            byte[] b = Files.readAllBytes(write("b.tif", data, w, h, bits, opts(32, false, 4), 2, 70));
            byte[] c = Files.readAllBytes(write("c.tif", data, w, h, bits, opts(32, false, 2), 3, h));
            assertArrayEquals(a, b, bits + "-bit");
            assertArrayEquals(a, c, bits + "-bit");
        }
    }

    /** Tiles encoded elsewhere by {@link TiffWriter#tiles()} and appended make the file the rows make, edges included. */
    @Test
    void encodedTilesMakeTheSameFileAsRows() throws Exception {
        int w = 157, h = 141, t = 32;
        short[] data = TestImages.mixed(w, h, 5);
        for (int bits : new int[] {16, 8}) {
            byte[] want = Files.readAllBytes(write("rows.tif", data, w, h, bits, opts(t, false, 2), 1, 9));
            Path out = dir.resolve("tiles.tif");
            try (var sink = new TiffWriter(out, TestImages.spec(w, h, bits), opts(t, false, 2))) {
                TiffTiles codec = sink.tiles();
                for (int ty = 0; ty < codec.tilesDown(); ty++) {
                    short[][] rows = new short[Math.min(t, h - ty * t)][];
                    for (int r = 0; r < rows.length; r++)
                        rows[r] = java.util.Arrays.copyOfRange(data, (ty * t + r) * w * 3, (ty * t + r + 1) * w * 3);
                    for (int tx = 0; tx < codec.tilesAcross(); tx++) sink.writeEncodedTile(codec.encode(rows, tx * t * 3, (long) tx * t, (long) ty * t));
                }
                sink.finish();
            }
            assertArrayEquals(want, Files.readAllBytes(out), bits + "-bit");
        }
    }

    @Test
    void embedsParametersSoftwareAndResolution() throws Exception {
        Path out = write("meta.tif", TestImages.random(40, 30, 1), 40, 30, 16, opts(16, false, 2), 1, 9);
        IIOMetadata meta = TestImages.readTwelveMonkeysTiff(out).metadata();
        Node root = meta.getAsTree(meta.getNativeMetadataFormatName());
        String description = fieldValue(root, 270);
        Map<?, ?> params = JsonMapper.builder().build().readValue(description, Map.class);
        assertEquals(TestImages.PARAMS, params);
        assertEquals("Cellscape", fieldValue(root, 305));
        assertEquals("300", fieldValue(root, 282).replaceAll("/1$", ""));
        assertEquals("2", fieldValue(root, 296));
        assertEquals("2", fieldValue(root, 317));
        assertEquals("8", fieldValue(root, 259));
    }

    @Test
    void defaultResolutionAndSrgbProfileWhenNoDpiGiven() throws Exception {
        Path out = dir.resolve("nodpi.tif");
        try (var sink = new TiffWriter(out, new ImageSpec(16, 16, 16, Map.of(), 0), opts(16, false, 1))) {
            sink.writeRows(new short[16 * 16 * 3], 16);
            sink.finish();
        }
        IIOMetadata meta = TestImages.readTwelveMonkeysTiff(out).metadata();
        Node root = meta.getAsTree(meta.getNativeMetadataFormatName());
        assertEquals("300", fieldValue(root, 282).replaceAll("/1$", ""));
        assertEquals("2", fieldValue(root, 296));
        assertEquals("{}", fieldValue(root, 270));
        // the embedded ICC profile (tag 34675) reads back as an RGB display profile
        java.awt.color.ICC_Profile icc = java.awt.color.ICC_Profile.getInstance(iccBytes(out));
        assertEquals(java.awt.color.ColorSpace.TYPE_RGB, icc.getColorSpaceType());
    }

    /** The bytes of tag 34675 of a classic little-endian TIFF's first IFD, found by walking the IFD here. */
    private static byte[] iccBytes(Path tif) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(tif)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int ifd = b.getInt(4), n = b.getShort(ifd) & 0xFFFF;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + 12 * i;
            if ((b.getShort(e) & 0xFFFF) != 34675) continue;
            assertEquals(7, b.getShort(e + 2), "type UNDEFINED");
            byte[] v = new byte[b.getInt(e + 4)];
            b.get(b.getInt(e + 8), v);
            return v;
        }
        throw new AssertionError("no ICC profile tag");
    }

    /** The first value of TIFF field {@code number} in the TIFF native metadata tree, or null. */
    private static String fieldValue(Node root, int number) {
        NodeList fields = ((Element) root).getElementsByTagName("TIFFField");
        for (int i = 0; i < fields.getLength(); i++) {
            Element f = (Element) fields.item(i);
            if (!f.getAttribute("number").equals(String.valueOf(number))) continue;
            NodeList all = f.getElementsByTagName("*");
            for (int j = 0; j < all.getLength(); j++) {
                Element v = (Element) all.item(j);
                if (v.hasAttribute("value")) return v.getAttribute("value");
            }
        }
        return null;
    }

    @Test
    void libtiffAndLibvipsAcceptClassicAndBigTiff() throws Exception {
        assumeTrue(TestImages.onPath("tiffinfo"), "tiffinfo not installed (apt-get install libtiff-tools)");
        assumeTrue(TestImages.onPath("vipsheader"), "vipsheader not installed (apt-get install libvips-tools)");
        int w = 257, h = 129;
        short[] data = TestImages.mixed(w, h, 11);
        double mean = 0;
        for (short s : data) mean += s & 0xFFFF;
        mean /= data.length;
        for (boolean big : new boolean[] {false, true}) {
            Path out = write(big ? "big.tif" : "classic.tif", data, w, h, 16, opts(64, big, 2), 5, 30);
            String info = TestImages.tool("tiffinfo", out.toString());
            assertTrue(info.contains("Bits/Sample: 16"), info);
            assertTrue(info.contains("Image Width: 257 Image Length: 129"), info);
            assertTrue(info.contains("Tile Width: 64 Tile Length: 64"), info);
            assertTrue(info.contains("AdobeDeflate"), info);
            assertTrue(info.contains("horizontal differencing"), info);
            assertTrue(info.contains("Samples/Pixel: 3"), info);
            assertTrue(info.contains("RGB color"), info);
            assertTrue(info.contains("300, 300 pixels/inch"), info);
            assertTrue(info.matches("(?s).*ICC Profile: <present>, \\d+ bytes.*"), info);
            assertTrue(info.contains("Cellscape"), info);
            assertTrue(info.contains("coral-v2"), info);
            String dump = TestImages.tool("tiffdump", out.toString());
            assertTrue(dump.contains(big ? "<BigTIFF>" : "Version: 0x2a"), dump);
            assertTrue(dump.contains(big ? "TileOffsets (324) LONG8" : "TileOffsets (324) LONG (4)"), dump);
            String header = TestImages.tool("vipsheader", out.toString());
            assertTrue(header.contains("257x129 ushort, 3 bands"), header);
            assertTrue(TestImages.tool("vipsheader", "-a", out.toString()).matches("(?s).*icc-profile-data: \\d+ bytes of binary data.*"), "vips sees the ICC profile");
            // a full decode by libtiff through libvips, compared with the known mean of all samples
            String avg = TestImages.tool("vips", "avg", out.toString());
            assertEquals(mean, Double.parseDouble(avg.strip()), 1e-6 * mean, "vips avg");
        }
    }

    @Test
    void predictorMakesSmoothImagesSmall() throws Exception {
        int w = 512, h = 256;
        Path out = write("smooth.tif", TestImages.gradient(w, h), w, h, 16, opts(256, false, 2), 1, 64);
        long raw = (long) w * h * 6;
        assertTrue(Files.size(out) < raw / 4, "smooth gradient took " + Files.size(out) + " of " + raw + " bytes");
    }

    @Test
    void bigTiffDecisionAtTheFourGibBoundary() {
        assertTrue(TiffWriter.needsBigTiff(40000, 40000, 2, 256, 256, 0));
        assertFalse(TiffWriter.needsBigTiff(1000, 1000, 2, 256, 256, 0));
        // 104x104 tiles of 256: 4.25e9 bytes raw, still fits with every margin; 105x105: 4.34e9, does not
        assertFalse(TiffWriter.needsBigTiff(26624, 26624, 2, 256, 256, 0));
        assertTrue(TiffWriter.needsBigTiff(26880, 26880, 2, 256, 256, 0));
        // one more pixel column adds a padded tile column: 26625 wide counts as 105 tiles across
        assertTrue(TiffWriter.needsBigTiff(26625 + 256 * 6, 26624, 2, 256, 256, 0));
        // raw data just under 2^32 still needs BigTIFF: deflate may expand incompressible tiles
        assertTrue(TiffWriter.needsBigTiff(2796032, 256, 2, 256, 256, 0));
        assertTrue((long) 2796032 * 256 * 6 < 0xFFFF_FFFFL);
        // 8-bit halves the size
        assertFalse(TiffWriter.needsBigTiff(26880, 26880, 1, 256, 256, 0));
        assertTrue(TiffWriter.needsBigTiff(40000, 40000, 1, 256, 256, 0));
        // embedded text counts too
        assertFalse(TiffWriter.needsBigTiff(26624, 26624, 2, 256, 256, 10_000_000));
        assertTrue(TiffWriter.needsBigTiff(26624, 26624, 2, 256, 256, 40_000_000));
    }

    @Test
    void writerPicksBigTiffForLargeImagesOnItsOwn() throws Exception {
        var big = new ImageSpec(40000, 40000, 16, Map.of(), 0);
        var small = new ImageSpec(1000, 1000, 16, Map.of(), 0);
        try (var a = new TiffWriter(dir.resolve("a.tif"), big, WriterOptions.defaults());
             var b = new TiffWriter(dir.resolve("b.tif"), small, WriterOptions.defaults());
             var c = new TiffWriter(dir.resolve("c.tif"), small, WriterOptions.defaults().withForceBigTiff(true))) {
            assertTrue(a.isBigTiff());
            assertFalse(b.isBigTiff());
            assertTrue(c.isBigTiff());
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "unfinished writers must leave nothing behind");
        }
    }

    @Test
    void tileSizeMustBeAMultipleOf16() {
        assertThrows(IllegalArgumentException.class, () -> WriterOptions.defaults().withTileSize(100));
        assertThrows(IllegalArgumentException.class, () -> WriterOptions.defaults().withTileSize(0));
        assertEquals(96, WriterOptions.defaults().withTileSize(96).tileSize());
    }

    @Test
    void rationalResolution() {
        assertArrayEquals(new long[] {300, 1}, TiffWriter.rational(300));
        assertArrayEquals(new long[] {299500, 1000}, TiffWriter.rational(299.5));
    }
}
