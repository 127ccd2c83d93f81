package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cellscape.image.ImageReaders;
import org.cellscape.model.ModelIO;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders through the CLI and reads back colour grades and file tags, the tags with tools other than ours. */
class ColourAndTagsCliTest {
    /** Walks a PNG's chunks with Python's struct and zlib (CRCs checked) and prints "TYPE hexdata" per small chunk. */
    static final String PNG_WALKER = """
            import struct, sys, zlib
            b = open(sys.argv[1], 'rb').read()
            assert b[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            i = 8
            while i < len(b):
                n, = struct.unpack('>I', b[i:i+4]); t = b[i+4:i+8]; d = b[i+8:i+8+n]
                crc, = struct.unpack('>I', b[i+8+n:i+12+n])
                assert zlib.crc32(t + d) & 0xffffffff == crc, t
                print(t.decode(), d.hex() if n <= 32 else n)
                i += 12 + n
            """;

    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void model() {
        model = dir.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(7, 5, 8), model);
    }

    CliTestSupport render(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("render", "--model", model.toString(), "--size", "24x16", "--schedule",
                "auto:noise:6, x2:bilinear:4", "--backend", "reference", "--quiet", "--out", out.toString()));
        a.addAll(List.of(extra));
        CliTestSupport r = CliTestSupport.run(a.toArray(String[]::new));
        return r;
    }

    static Map<?, ?> sidecar(Path image) throws Exception {
        return new ObjectMapper().readValue(org.cellscape.image.Sidecar.pathFor(image).toFile(), Map.class);
    }

    @Test
    void lutSwappingRedAndBlueSwapsThemInTheFile() throws Exception {
        StringBuilder cube = new StringBuilder("TITLE \"swap\"\n# red <-> blue\nLUT_3D_SIZE 2\n");
        for (int b = 0; b < 2; b++) for (int g = 0; g < 2; g++) for (int r = 0; r < 2; r++) cube.append(b).append(' ').append(g).append(' ').append(r).append('\n');
        Path lut = Files.writeString(dir.resolve("swap.cube"), cube);
        Path plain = dir.resolve("plain.png"), graded = dir.resolve("graded.png");
        assertEquals(0, render(plain).code());
        CliTestSupport r = render(graded, "--lut", lut.toString());
        assertEquals(0, r.code(), r.err());
        int[] a = ImageReaders.readRgb16(plain).samples(), b = ImageReaders.readRgb16(graded).samples();
        boolean differs = false;
        for (int i = 0; i < a.length; i += 3) {
            assertEquals(a[i], b[i + 2], 1, "blue is the old red at " + i / 3);
            assertEquals(a[i + 1], b[i + 1], 1, "green stays");
            assertEquals(a[i + 2], b[i], 1, "red is the old blue");
            differs |= a[i] != a[i + 2];
        }
        assertTrue(differs, "the render has red different from blue somewhere (else the test shows nothing)");
        assertTrue(String.valueOf(sidecar(graded).get("colour_grade")).startsWith("lut swap.cube sha256:"), sidecar(graded).toString());
        assertFalse(sidecar(plain).containsKey("colour_grade"));
    }

    @Test
    void badLutIsOneLineWithFileAndLineAndExit3() throws Exception {
        Path lut = Files.writeString(dir.resolve("bad.cube"), "LUT_3D_SIZE 2\n0 0 0\n0 x 0\n");
        Path out = dir.resolve("o.png");
        CliTestSupport r = render(out, "--lut", lut.toString());
        assertEquals(3, r.code());
        assertEquals("cellscape: " + lut + ":3: 'x' is not a number", r.err().strip());
        assertFalse(Files.exists(out));
    }

    @Test
    void gradientFromAPresetKeyMakesAGreyRampGreen() throws Exception {
        Files.writeString(dir.resolve("g.yaml"), """
                model: m.safetensors
                size: 24x16
                schedule: "auto:noise:6, x2:bilinear:4"
                colour:
                  gradient: "#000, #0f0"
                """);
        Path out = dir.resolve("g.png");
        CliTestSupport r = CliTestSupport.run("render", dir.resolve("g.yaml").toString(), "--backend", "reference", "--quiet", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        int[] s = ImageReaders.readRgb16(out).samples();
        int greens = 0;
        for (int i = 0; i < s.length; i += 3) {
            assertEquals(0, s[i]);
            assertEquals(0, s[i + 2]);
            if (s[i + 1] > 0) greens++;
        }
        assertTrue(greens > 0);
        assertEquals("gradient #000 0.0, #0f0 1.0", sidecar(out).get("colour_grade"));
        CliTestSupport shown = CliTestSupport.run("presets", "show", dir.resolve("g.yaml").toString());
        assertTrue(shown.out().contains("colour.gradient") && shown.out().contains("grade      gradient #000 0.0, #0f0 1.0"), shown.out());
        CliTestSupport bad = CliTestSupport.run("render", dir.resolve("g.yaml").toString(), "--set", "colour.gradient=#000", "--out", out.toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("needs at least two colour stops"), bad.err());
    }

    @Test
    void pngCarriesSrgbAndDpiReadByPython() throws Exception {
        assumeTrue(RenderCommandTest.has("python3"), "python3 not installed: the PNG chunks are not read back independently");
        Path out = dir.resolve("t.png");
        assertEquals(0, render(out).code());
        Path walker = Files.writeString(dir.resolve("walk.py"), PNG_WALKER);
        String chunks = RenderCommandTest.tool("python3", walker.toString(), out.toString());
        assertTrue(chunks.contains("sRGB 00\n"), chunks);
        // 300 dpi = 11811 pixels per metre (0x2e23), unit 1
        assertTrue(chunks.contains("pHYs 00002e2300002e2301\n"), chunks);
        assertEquals("300", sidecar(out).get("dpi"));
    }

    @Test
    void tiffCarriesAnIccProfileAndDpiReadByLibtiffAndLibvips() throws Exception {
        assumeTrue(RenderCommandTest.has("tiffinfo") && RenderCommandTest.has("vipsheader"), "tiffinfo/vipsheader not installed (apt-get install libtiff-tools libvips-tools)");
        Path out = dir.resolve("t.tif");
        assertEquals(0, render(out, "--dpi", "150").code());
        String info = RenderCommandTest.tool("tiffinfo", out.toString());
        assertTrue(info.contains("Resolution: 150, 150 pixels/inch"), info);
        assertTrue(info.matches("(?s).*ICC Profile: <present>, \\d+ bytes.*"), info);
        String vips = RenderCommandTest.tool("vipsheader", "-a", out.toString());
        assertTrue(vips.matches("(?s).*icc-profile-data: \\d+ bytes of binary data.*"), vips);
        assertTrue(vips.contains("resolution-unit: in"), vips);
    }

    @Test
    void sidecarModelHashIsWhatModelsShowPrintsWhateverTheOverrides() throws Exception {
        String shown = CliTestSupport.run("models", "show", model.toString()).out();
        String hash = shown.lines().filter(l -> l.startsWith("hash")).findFirst().orElseThrow().substring(4).strip();
        Path out = dir.resolve("o.png");
        assertEquals(0, render(out, "--colour-scale", "0.3", "--colour-offset", "0.2", "--fire-rate", "0.9").code());
        assertEquals(hash, sidecar(out).get("model_hash"));
    }
}
