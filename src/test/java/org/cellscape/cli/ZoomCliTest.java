package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cellscape.CellscapeException;
import org.cellscape.image.DeepZoomSink;
import org.cellscape.image.ImageReaders;
import org.cellscape.image.ImageSpec;
import org.cellscape.image.ImageWriters;
import org.cellscape.image.WriterOptions;
import org.cellscape.model.ModelIO;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pyramid, deepzoom and render --pyramid/--deepzoom from the command line: what they write, and what they refuse. */
class ZoomCliTest {
    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void model() {
        model = dir.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(3, 5, 8), model);
    }

    CliTestSupport render(String... extra) {
        List<String> a = new ArrayList<>(List.of("render", "--model", model.toString(), "--schedule", "auto:noise:4, x2:3",
                "--backend", "reference", "--size", "300x200"));
        a.addAll(List.of(extra));
        return CliTestSupport.run(a.toArray(String[]::new));
    }

    static void oneLine(CliTestSupport r, int code, String... words) {
        assertEquals(code, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        for (String w : words) assertTrue(r.err().contains(w), r.err());
    }

    void nothingHalfWritten() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".partial")), "no partial file or folder is left");
        }
    }

    @Test
    void renderWritesThePyramidAndTheDeepZoomFolderFromTheSameRows() throws Exception {
        Path plain = dir.resolve("plain.tif"), pyr = dir.resolve("pyr.tif"), zoom = dir.resolve("zoom");
        assertEquals(0, render("--out", plain.toString()).code());
        CliTestSupport r = render("--out", pyr.toString(), "--pyramid", "--tile", "64", "--deepzoom", zoom.toString());
        assertEquals(0, r.code(), r.err());
        // level 0 is the plain render's pixels; the page shows the render's parameters
        assertTrue(java.util.Arrays.equals(ImageReaders.readRgb16(plain).samples(), ImageReaders.readRgb16(pyr).samples()));
        assertTrue(Files.isRegularFile(zoom.resolve("pyr.dzi")));
        assertTrue(Files.isRegularFile(zoom.resolve("pyr_files/9/1_0.jpg")), "300 px at level 9 is two 254 px tiles across");
        String page = Files.readString(zoom.resolve("index.html"));
        assertTrue(page.contains("m.safetensors") || page.contains(ModelIO.read(model).name()), "the model is named on the page");
        assertTrue(Files.readString(zoom.resolve("openseadragon/LICENSE.txt")).contains("Redistribution and use"));
        nothingHalfWritten();
    }

    @Test
    void pyramidAndDeepzoomOfAnExistingTiff() throws Exception {
        Path src = dir.resolve("src.tif");
        assertEquals(0, render("--out", src.toString()).code());
        Path pyr = dir.resolve("out.tif");
        CliTestSupport p = CliTestSupport.run("pyramid", src.toString(), "--out", pyr.toString(), "--tile-size", "64");
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("4 levels"), p.out()); // 300x200 -> 150x100 -> 75x50 -> 38x25
        assertTrue(java.util.Arrays.equals(ImageReaders.readRgb16(src).samples(), ImageReaders.readRgb16(pyr).samples()));
        Path zoom = dir.resolve("z");
        CliTestSupport z = CliTestSupport.run("deepzoom", pyr.toString(), "--out", zoom.toString(), "--format", "png", "--tile-size", "128");
        assertEquals(0, z.code(), z.err());
        assertTrue(Files.isRegularFile(zoom.resolve("out_files/9/2_1.png")));
    }

    @Test
    void badInputIsOneLineWithItsOwnCode() throws Exception {
        Path notTiff = dir.resolve("notes.tif");
        Files.writeString(notTiff, "just text\n");
        oneLine(CliTestSupport.run("pyramid", notTiff.toString(), "--out", dir.resolve("o.tif").toString()), CellscapeException.BAD_INPUT, "notes.tif", "not a TIFF");
        oneLine(CliTestSupport.run("deepzoom", notTiff.toString(), "--out", dir.resolve("z").toString()), CellscapeException.BAD_INPUT, "notes.tif");
        assertFalse(Files.exists(dir.resolve("o.tif")));
        assertFalse(Files.exists(dir.resolve("z")));

        Path busy = dir.resolve("busy");
        Files.createDirectories(busy);
        Files.writeString(busy.resolve("keep.txt"), "mine");
        Path src = dir.resolve("src.tif");
        assertEquals(0, render("--out", src.toString()).code());
        oneLine(CliTestSupport.run("deepzoom", src.toString(), "--out", busy.toString()), CellscapeException.IO, "busy", "not empty");
        oneLine(render("--out", dir.resolve("r.tif").toString(), "--deepzoom", busy.toString()), CellscapeException.IO, "busy", "not empty");
        assertFalse(Files.exists(dir.resolve("r.tif")), "refused before the render");
        assertTrue(Files.exists(busy.resolve("keep.txt")));
        assertEquals(0, CliTestSupport.run("deepzoom", src.toString(), "--out", busy.toString(), "--force").code());
        assertFalse(Files.exists(busy.resolve("keep.txt")), "--force replaced the folder");
        assertTrue(Files.isRegularFile(busy.resolve("index.html")));

        oneLine(render("--out", dir.resolve("r.png").toString(), "--pyramid"), CellscapeException.USAGE, "r.png", "TIFF");
        oneLine(CliTestSupport.run("deepzoom", src.toString(), "--out", dir.resolve("q").toString(), "--format", "webp"), CellscapeException.USAGE, "webp");
        nothingHalfWritten();
    }

    @Test
    void imagesTooLargeForTheFormatAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path out = dir.resolve("huge.tif");
        ImageSpec spec = new ImageSpec(1L << 31, 16, 16, Map.of(), 0);
        CellscapeException e = org.junit.jupiter.api.Assertions.assertThrows(CellscapeException.class,
                () -> ImageWriters.open(out, spec, WriterOptions.defaults().withPyramid(true)));
        assertEquals(CellscapeException.DOES_NOT_FIT, e.exitCode(), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(CellscapeException.class,
                () -> new DeepZoomSink(dir.resolve("z"), "huge", 1L << 31, 16, DeepZoomSink.Options.defaults()));
        assertEquals(CellscapeException.DOES_NOT_FIT, e.exitCode(), e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("m.safetensors"), s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
