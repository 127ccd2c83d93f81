package org.cellscape.image;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.cellscape.CellscapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.imageio.metadata.IIOMetadata;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PngWriterTest {
    @TempDir
    Path dir;

    private Path write(String name, short[] data, int w, int h, int bits, int threads, int chunkBytes, boolean adaptive,
                       long bandSeed, int maxBand) throws Exception {
        Path out = dir.resolve(name);
        var opts = WriterOptions.defaults().withThreads(threads);
        try (var sink = new PngWriter(out, TestImages.spec(w, h, bits), opts, chunkBytes, adaptive)) {
            TestImages.writeInBands(sink, data, w, h, bandSeed, maxBand);
            sink.finish();
        }
        return out;
    }

    @ParameterizedTest(name = "{0}x{1} chunk {2}")
    @CsvSource({"1,1,1000", "17,300,1000", "300,17,1000", "257,129,4000", "257,129,524288", "64,64,1"})
    void roundTrip16(int w, int h, int chunkBytes) throws Exception {
        short[] data = TestImages.mixed(w, h, w * 17L + h);
        Path out = write("rt.png", data, w, h, 16, 3, chunkBytes, true, 4, 30);
        assertFalse(Files.exists(PartialFileSink.partialOf(out)));
        var img = TestImages.readJdkPng(out);
        assertEquals(w, img.width());
        assertEquals(h, img.height());
        assertEquals(16, img.bits());
        for (int i = 0; i < data.length; i++)
            if ((data[i] & 0xFFFF) != img.samples()[i])
                fail("sample " + i + " (pixel " + i / 3 % w + "," + i / 3 / w + "): wrote " + (data[i] & 0xFFFF)
                        + ", read " + img.samples()[i]);
    }

    @ParameterizedTest(name = "{0}x{1} chunk {2}")
    @CsvSource({"1,1,1000", "257,129,2000", "300,17,524288"})
    void roundTrip8IsDitheredWithinOneStep(int w, int h, int chunkBytes) throws Exception {
        short[] data = TestImages.mixed(w, h, 3);
        Path out = write("rt8.png", data, w, h, 8, 2, chunkBytes, true, 8, 25);
        var img = TestImages.readJdkPng(out);
        assertEquals(8, img.bits());
        for (int i = 0; i < data.length; i++) {
            double ideal = (data[i] & 0xFFFF) / 257.0;
            int got = img.samples()[i];
            assertTrue(Math.abs(got - ideal) < 1.0, "sample " + i + ": " + got + " vs " + ideal);
            assertEquals(Dither.to8(data[i] & 0xFFFF, i / 3 % w, i / 3 / w, i % 3), got, "sample " + i);
        }
    }

    @Test
    void bytesDoNotDependOnBandsOrThreads() throws Exception {
        int w = 131, h = 157;
        short[] data = TestImages.mixed(w, h, 8);
        for (int bits : new int[] {16, 8}) {
            byte[] a = Files.readAllBytes(write("a.png", data, w, h, bits, 1, 3000, true, 1, 1));
            byte[] b = Files.readAllBytes(write("b.png", data, w, h, bits, 4, 3000, true, 2, 60));
            byte[] c = Files.readAllBytes(write("c.png", data, w, h, bits, 2, 3000, true, 3, h));
            assertArrayEquals(a, b, bits + "-bit");
            assertArrayEquals(a, c, bits + "-bit");
        }
    }

    @Test
    void embedsParametersAndResolution() throws Exception {
        Path out = write("meta.png", TestImages.random(20, 10, 2), 20, 10, 16, 2, 1000, true, 1, 4);
        IIOMetadata meta = TestImages.readJdkPng(out).metadata();
        Element root = (Element) meta.getAsTree("javax_imageio_png_1.0");
        Element itxt = (Element) root.getElementsByTagName("iTXtEntry").item(0);
        assertNotNull(itxt, "no iTXt chunk");
        assertEquals("cellscape", itxt.getAttribute("keyword"));
        Map<?, ?> params = JsonMapper.builder().build().readValue(itxt.getAttribute("text"), Map.class);
        assertEquals(TestImages.PARAMS, params);
        Element phys = (Element) root.getElementsByTagName("pHYs").item(0);
        assertNotNull(phys, "no pHYs chunk");
        assertEquals("meter", phys.getAttribute("unitSpecifier"));
        assertEquals(String.valueOf(Math.round(300 / 0.0254)), phys.getAttribute("pixelsPerUnitXAxis"));
        assertEquals(phys.getAttribute("pixelsPerUnitXAxis"), phys.getAttribute("pixelsPerUnitYAxis"));
    }

    @Test
    void srgbAndDefaultDpiWhenNoneGiven() throws Exception {
        Path out = dir.resolve("nodpi.png");
        try (var sink = new PngWriter(out, new ImageSpec(4, 4, 16, Map.of(), 0), WriterOptions.defaults())) {
            sink.writeRows(new short[4 * 4 * 3], 4);
            sink.finish();
        }
        List<Chunk> chunks = chunks(Files.readAllBytes(out));
        assertEquals(List.of("IHDR", "sRGB", "gAMA", "cHRM", "pHYs", "tEXt", "iTXt", "IDAT", "IEND"), chunks.stream().map(Chunk::type).toList());
        assertArrayEquals(new byte[]{0}, chunks.get(1).data(), "rendering intent perceptual");
        assertEquals(45455, java.nio.ByteBuffer.wrap(chunks.get(2).data()).getInt());
        java.nio.ByteBuffer phys = java.nio.ByteBuffer.wrap(chunks.get(4).data());
        assertEquals(Math.round(300 / 0.0254), phys.getInt());
    }

    @Test
    void rowFiltersAreChosenPerRowAndPayOff() throws Exception {
        int w = 512, h = 256;
        short[] smooth = TestImages.gradient(w, h);
        long filtered = Files.size(write("f.png", smooth, w, h, 16, 2, 100_000, true, 1, 64));
        long unfiltered = Files.size(write("n.png", smooth, w, h, 16, 2, 100_000, false, 1, 64));
        assertTrue(filtered * 2 < unfiltered, "filtered " + filtered + " vs unfiltered " + unfiltered);

        // the mixed image (noise beside smooth ramps) should use several filter types, and the
        // concatenated pieces must form one zlib stream with a correct Adler-32 (Inflater checks it)
        int mw = 97, mh = 200;
        Path mixed = write("m.png", TestImages.mixed(mw, mh, 1), mw, mh, 16, 3, 5000, true, 2, 33);
        byte[] stream = inflateIdat(Files.readAllBytes(mixed), (mw * 6 + 1) * mh);
        var used = new TreeSet<Integer>();
        for (int y = 0; y < mh; y++) used.add((int) stream[y * (mw * 6 + 1)]);
        assertTrue(used.size() >= 3, "filter types used: " + used);
        assertTrue(used.last() <= 4, "invalid filter type in " + used);
    }

    @Test
    void manyPiecesBecomeManyIdatChunksWithValidCrcs() throws Exception {
        int w = 50, h = 80;
        Path out = write("p.png", TestImages.mixed(w, h, 4), w, h, 16, 2, 1000, true, 9, 7);
        List<Chunk> chunks = chunks(Files.readAllBytes(out));
        assertEquals("IHDR", chunks.getFirst().type());
        assertEquals("IEND", chunks.getLast().type());
        long idats = chunks.stream().filter(c -> c.type().equals("IDAT")).count();
        // rows of 301 filtered bytes, 3 per 1000-byte piece: 27 pieces, one IDAT each
        assertEquals((h + 2) / 3, idats);
    }

    @Test
    void tooLargeForPngIsAClearError() {
        var spec = new ImageSpec(1L << 31, 10, 16, Map.of(), 0);
        Path out = dir.resolve("huge.png");
        var e = assertThrows(CellscapeException.class, () -> new PngWriter(out, spec, WriterOptions.defaults()));
        assertEquals(CellscapeException.DOES_NOT_FIT, e.exitCode());
        assertTrue(e.getMessage().contains("31 bits") && e.getMessage().contains("huge.png"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(PartialFileSink.partialOf(out)));
    }

    @Test
    void libvipsDecodesIt() throws Exception {
        assumeTrue(TestImages.onPath("vipsheader"), "vipsheader not installed (apt-get install libvips-tools)");
        int w = 123, h = 77;
        short[] data = TestImages.mixed(w, h, 6);
        double mean = 0;
        for (short s : data) mean += s & 0xFFFF;
        mean /= data.length;
        Path out = write("v.png", data, w, h, 16, 2, 4000, true, 3, 20);
        String header = TestImages.tool("vipsheader", "-a", out.toString());
        assertTrue(header.contains("123x77 ushort, 3 bands"), header);
        assertTrue(header.contains("coral-v2"), header);
        String avg = TestImages.tool("vips", "avg", out.toString());
        assertEquals(mean, Double.parseDouble(avg.strip()), 1e-6 * mean, "vips avg (libpng decode)");
    }

    record Chunk(String type, byte[] data) {}

    /** Splits a PNG into chunks, checking the signature and every CRC. */
    static List<Chunk> chunks(byte[] png) {
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, Arrays.copyOf(png, 8));
        ByteBuffer b = ByteBuffer.wrap(png, 8, png.length - 8);
        List<Chunk> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int len = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[len];
            b.get(data);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(data);
            String t = new String(type, StandardCharsets.ISO_8859_1);
            assertEquals((int) crc.getValue(), b.getInt(), "CRC of " + t);
            out.add(new Chunk(t, data));
        }
        return out;
    }

    /** The decompressed IDAT stream, checked to be one complete zlib stream of the expected length. */
    static byte[] inflateIdat(byte[] png, int expected) throws Exception {
        var all = new ByteArrayOutputStream();
        for (Chunk c : chunks(png)) if (c.type().equals("IDAT")) all.writeBytes(c.data());
        Inflater inf = new Inflater();
        inf.setInput(all.toByteArray());
        byte[] out = new byte[expected + 1];
        int n = 0;
        while (!inf.finished() && n < out.length) {
            int k = inf.inflate(out, n, out.length - n);
            if (k == 0 && (inf.needsInput() || inf.needsDictionary())) break;
            n += k;
        }
        assertTrue(inf.finished(), "zlib stream incomplete");
        assertEquals(0, inf.getRemaining(), "bytes after the zlib stream");
        assertEquals(expected, n);
        inf.end();
        return out;
    }
}
