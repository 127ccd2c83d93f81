package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.cellscape.CellscapeException;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.testing.TestModels;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.Npy;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI, in process, on small sizes, with real readers and tools. */
class RenderCommandTest {
    static final String SCHEDULE = "auto:noise:5, x2:bilinear:4, x3:nearest:3";

    @TempDir
    Path dir;
    NcaModel model;
    Path modelFile;

    @BeforeEach
    void model() {
        model = TestModels.anyFamily(99, 5, 8);
        modelFile = dir.resolve("m.safetensors");
        ModelIO.write(model, modelFile);
    }

    CliTestSupport render(String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("render", "--model", modelFile.toString(), "--schedule", SCHEDULE,
                "--backend", "reference", "--seed", "5"));
        a.addAll(List.of(extra));
        return CliTestSupport.run(a.toArray(String[]::new));
    }

    static String sha(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    /** The in-memory render's 16-bit pixels of the w x h crop. */
    short[] expected(int w, int h) {
        ModelIO.read(modelFile); // the file round-trips
        Schedule s = Schedule.parse(SCHEDULE).fitTo(w, h);
        Tile t = Renderer.render(model, s, new StepContext(5, model.fireRate()), null, new ReferenceBackend(), RenderListener.NONE);
        short[] rgb = new short[w * h * 3];
        for (int y = 0; y < h; y++) ColourMap.of(model).toRgb16(t, 0, w, y, y + 1, rgb, y * w * 3);
        return rgb;
    }

    static short[] pixels(Path f) throws IOException {
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(16, img.getColorModel().getComponentSize(0), "16-bit samples");
        Raster r = img.getRaster();
        short[] out = new short[img.getWidth() * img.getHeight() * 3];
        int[] px = new int[3];
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) {
                r.getPixel(x, y, px);
                for (int c = 0; c < 3; c++) out[(y * img.getWidth() + x) * 3 + c] = (short) px[c];
            }
        return out;
    }

    static String tool(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return s;
    }

    static boolean has(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    @Test
    void png16ReadsBackAsTheInMemoryRender() throws Exception {
        Path out = dir.resolve("a.png");
        CliTestSupport r = render("--size", "67x41", "--out", out.toString(), "--tile", "16");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(expected(67, 41), pixels(out));
        assertTrue(Files.exists(dir.resolve("a.json")), "sidecar");
        assertTrue(Files.readString(dir.resolve("a.json")).contains(ModelIO.hash(model)));
        assertFalse(Files.exists(dir.resolve("a.png.cellscape-scratch")), "scratch cleaned");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".partial")));
        }
    }

    @Test
    void tiff16WithDpiAndTiffinfo() throws Exception {
        Path out = dir.resolve("b.tif");
        CliTestSupport r = render("--print", "0.3x0.2in", "--dpi", "200", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(expected(60, 40), pixels(out));
        assumeTrue(has("tiffinfo"), "tiffinfo not installed");
        String info = tool("tiffinfo", out.toString());
        assertTrue(info.contains("Bits/Sample: 16"), info);
        assertTrue(info.contains("200"), "resolution: " + info);
        assertTrue(info.contains(ModelIO.hash(model)), "parameters embedded: " + info);
    }

    @Test
    void forcedBigTiffIsBigTiff() throws Exception {
        Path out = dir.resolve("c.tif");
        CliTestSupport r = render("--size", "30x20", "--out", out.toString(), "--force-bigtiff");
        assertEquals(0, r.code(), r.err());
        byte[] head = Files.readAllBytes(out);
        assertEquals(43, head[2] & 0xff, "BigTIFF magic 43");
        assertArrayEquals(expected(30, 20), pixels(out));
        if (has("vipsheader")) assertTrue(tool("vipsheader", out.toString()).contains("30x20"));
        if (has("tiffinfo")) assertTrue(tool("tiffinfo", out.toString()).contains("Bits/Sample: 16"));
    }

    /** The multi-threaded CPU backend once it is registered, else the reference (which ignores --threads). */
    static String threadedBackend() {
        return org.cellscape.backend.Backends.names().contains("cpu") ? "cpu" : "reference";
    }

    @Test
    void sameBytesForAnyTileSizeAndThreadCount() throws Exception {
        String want = null;
        String backend = threadedBackend();
        String[][] variants = {{"--tile", "64"}, {"--tile", "257"}, {"--tile", "1024"}, {"--tile", "untiled"}, {"--tile", "7", "--threads", "1"},
                {"--tile", "7", "--threads", "2"}, {"--tile", "auto", "--memory", "60m"}};
        for (int i = 0; i < variants.length; i++) {
            Path out = dir.resolve("v" + i + ".tif");
            List<String> a = new java.util.ArrayList<>(List.of("render", "--model", modelFile.toString(), "--schedule", SCHEDULE,
                    "--backend", backend, "--seed", "5", "--size", "300x190", "--out", out.toString()));
            a.addAll(List.of(variants[i]));
            CliTestSupport r = CliTestSupport.run(a.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            String s = sha(out);
            if (want != null) assertEquals(want, s, backend + " " + String.join(" ", variants[i]));
            want = s;
        }
        if (backend.equals("cpu")) { // and the same pixels as the reference render
            Path ref = dir.resolve("ref.png");
            assertEquals(0, render("--size", "300x190", "--out", ref.toString()).code());
            assertArrayEquals(pixels(ref), pixels(dir.resolve("v0.tif")));
        }
    }

    @Test
    void stateOutFeedsStateIn() throws Exception {
        Path out = dir.resolve("d.png"), state = dir.resolve("d.npy");
        assertEquals(0, render("--size", "45x31", "--out", out.toString(), "--state-out", state.toString(), "--tile", "8").code());
        Tile t = Npy.read(state);
        assertEquals(45, t.width());
        assertEquals(31, t.height());
        // A zero-step schedule from that state reproduces the image.
        Path again = dir.resolve("e.png");
        CliTestSupport r = CliTestSupport.run("render", "--model", modelFile.toString(), "--schedule", "auto:zeros:0", "--backend", "reference",
                "--state-in", state.toString(), "--out", again.toString(), "--tile", "8");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(pixels(out), pixels(again));
    }

    @Test
    void keptScratchResumesAndMismatchIsRefused() throws Exception {
        Path out = dir.resolve("f.png");
        assertEquals(0, render("--size", "40x30", "--out", out.toString(), "--keep-scratch").code());
        assertTrue(Files.exists(dir.resolve("f.png.cellscape-scratch/manifest.json")));
        String first = sha(out);
        Files.delete(out);
        CliTestSupport again = render("--size", "40x30", "--out", out.toString(), "--resume");
        assertEquals(0, again.code(), again.err());
        assertEquals(first, sha(out), "re-encoded from the finished checkpoint");
        assertEquals(0, render("--size", "40x30", "--out", out.toString(), "--keep-scratch").code());
        CliTestSupport other = CliTestSupport.run("render", "--model", modelFile.toString(), "--schedule", SCHEDULE, "--backend", "reference",
                "--seed", "6", "--size", "40x30", "--out", out.toString());
        assertEquals(CellscapeException.RESUME_MISMATCH, other.code());
        assertTrue(other.err().contains("seed"), other.err());
        assertEquals(1, other.err().strip().lines().count(), other.err());
        assertTrue(Files.exists(dir.resolve("f.png.cellscape-scratch/manifest.json")), "the other render's checkpoint is left alone");
        CliTestSupport none = render("--size", "40x30", "--out", dir.resolve("g.png").toString(), "--resume");
        assertEquals(CellscapeException.RESUME_MISMATCH, none.code(), none.err());
    }

    @Test
    void faultsAreOneLineWithDistinctCodesAndLeaveNothing() throws Exception {
        Path out = dir.resolve("x.png");
        assertEquals(CellscapeException.USAGE, render("--size", "0x10", "--out", out.toString()).code());
        assertEquals(CellscapeException.USAGE, render("--size", "-5", "--out", out.toString()).code());
        assertEquals(CellscapeException.USAGE, render("--size", "10x10", "--out", dir.resolve("x.bmp").toString()).code());
        // a bare --size renders the default preset (NewcomerTest); a schedule without a model is still incomplete
        assertEquals(CellscapeException.USAGE, CliTestSupport.run("render", "--schedule", "auto:zeros:8", "--size", "10", "--out", out.toString()).code());
        CliTestSupport absurd = render("--size", "99999999x99999999", "--out", out.toString());
        assertEquals(CellscapeException.DOES_NOT_FIT, absurd.code(), absurd.err());
        CliTestSupport disk = render("--size", "900000x900000", "--out", out.toString());
        assertEquals(CellscapeException.DOES_NOT_FIT, disk.code(), disk.err());
        assertTrue(disk.err().contains("disk"), disk.err());
        CliTestSupport mem = render("--size", "100", "--out", out.toString(), "--memory", "1m");
        assertEquals(CellscapeException.DOES_NOT_FIT, mem.code(), mem.err());
        CliTestSupport folder = render("--size", "10", "--out", dir.resolve("missing/x.png").toString());
        assertEquals(CellscapeException.IO, folder.code(), folder.err());
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        CliTestSupport scratch = render("--size", "10", "--out", out.toString(), "--scratch", file.resolve("sub").toString());
        assertEquals(CellscapeException.IO, scratch.code(), scratch.err());
        for (CliTestSupport r : List.of(absurd, disk, mem, folder, scratch)) assertEquals(1, r.err().strip().lines().count(), r.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> !p.getFileName().toString().matches("m\\.safetensors|plain\\.txt")).toList());
        }
    }

    @Test
    void dryRunAndPlanDescribeTheJob() {
        CliTestSupport r = render("--print", "A0", "--out", dir.resolve("p.tif").toString(), "--dry-run");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("9933 x 14043"), r.out());
        assertTrue(r.out().contains("scratch"), r.out());
        assertTrue(r.out().contains("time"), r.out());
        assertFalse(Files.exists(dir.resolve("p.tif")));
        CliTestSupport big = CliTestSupport.run("plan", "--model", modelFile.toString(), "--size", "40000", "--backend", "reference",
                "--out", dir.resolve("q.tif").toString(), "--schedule", "auto:zeros:8, x2:4");
        assertTrue(big.out().contains("BigTIFF"), big.out());
        assertTrue(big.out().contains("tiles of"), big.out());
    }
}
