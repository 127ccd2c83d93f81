package org.cellscape.image;

import org.cellscape.CellscapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ImageWritersTest {
    @TempDir
    Path dir;

    private static final ImageSpec SPEC = new ImageSpec(10, 6, 16, Map.of("a", "b"), 72);

    private List<String> files() throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void picksTheWriterByExtension() throws Exception {
        for (String name : new String[] {"a.png", "b.PNG", "c.tif", "d.TIFF", "e.tiff"}) {
            try (RasterSink s = ImageWriters.open(dir.resolve(name), SPEC, WriterOptions.defaults())) {
                assertEquals(name.toLowerCase().endsWith(".png") ? PngWriter.class : TiffWriter.class, s.getClass(), name);
            }
        }
        assertEquals(List.of(), files());
    }

    @ParameterizedTest
    @ValueSource(strings = {"out.jpg", "out", "out.png.bak", "tiff"})
    void unsupportedExtensionIsAUsageError(String name) {
        var e = assertThrows(CellscapeException.class,
                () -> ImageWriters.open(dir.resolve(name), SPEC, WriterOptions.defaults()));
        assertEquals(CellscapeException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(".png, .tif, .tiff") && e.getMessage().contains(name), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void missingFolderIsAOneLineIoError() {
        Path out = dir.resolve("no/such/folder/poster.tif");
        var e = assertThrows(CellscapeException.class, () -> ImageWriters.open(out, SPEC, WriterOptions.defaults()));
        assertEquals(CellscapeException.IO, e.exitCode());
        assertEquals(4, e.exitCode());
        assertTrue(e.getMessage().contains("poster.tif") && e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void writesToPartialAndRenamesAtFinish() throws Exception {
        for (String name : new String[] {"x.png", "x.tif"}) {
            Path out = dir.resolve(name);
            Files.writeString(out, "old contents to be replaced");
            try (RasterSink s = ImageWriters.open(out, SPEC, WriterOptions.defaults())) {
                s.writeRows(new short[10 * 6 * 3], 6);
                assertTrue(Files.exists(dir.resolve(name + ".partial")));
                assertEquals("old contents to be replaced", Files.readString(out));
                s.finish();
            }
            assertFalse(Files.exists(dir.resolve(name + ".partial")));
            assertEquals(6, ImageReaders.readRgb16(out).height());
        }
        assertEquals(List.of("x.png", "x.tif"), files());
    }

    @ParameterizedTest
    @ValueSource(strings = {"u.png", "u.tif"})
    void unfinishedSinkLeavesNothing(String name) throws Exception {
        try (RasterSink s = ImageWriters.open(dir.resolve(name), SPEC, WriterOptions.defaults())) {
            s.writeRows(new short[10 * 3 * 3], 3);
        }
        assertEquals(List.of(), files());
    }

    @ParameterizedTest
    @ValueSource(strings = {"m.png", "m.tif"})
    void moreRowsThanHeightIsAnError(String name) throws Exception {
        try (RasterSink s = ImageWriters.open(dir.resolve(name), SPEC, WriterOptions.defaults())) {
            s.writeRows(new short[10 * 4 * 3], 4);
            var e = assertThrows(IllegalStateException.class, () -> s.writeRows(new short[10 * 3 * 3], 3));
            assertTrue(e.getMessage().contains("7 rows") && e.getMessage().contains(name), e.getMessage());
            assertThrows(IllegalStateException.class, s::finish);
        }
        assertEquals(List.of(), files());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f.png", "f.tif"})
    void finishWithMissingRowsIsAnErrorAndWritesNothing(String name) throws Exception {
        try (RasterSink s = ImageWriters.open(dir.resolve(name), SPEC, WriterOptions.defaults())) {
            s.writeRows(new short[10 * 5 * 3], 5);
            var e = assertThrows(IllegalStateException.class, s::finish);
            assertTrue(e.getMessage().contains("5 of 6"), e.getMessage());
        }
        assertEquals(List.of(), files());
    }

    @Test
    void shortArrayIsRejected() throws Exception {
        try (RasterSink s = ImageWriters.open(dir.resolve("s.tif"), SPEC, WriterOptions.defaults())) {
            assertThrows(IllegalArgumentException.class, () -> s.writeRows(new short[10 * 3 * 3 - 1], 3));
        }
    }

    @Test
    void sidecarBesideTheImage() throws Exception {
        Path image = dir.resolve("poster.final.tif");
        Path json = Sidecar.write(image, Map.of("seed", "7", "model", "coral ✓"));
        assertEquals(dir.resolve("poster.final.json"), json);
        String text = Files.readString(json);
        assertTrue(text.contains("\n  \"model\" : \"coral ✓\""), text); // pretty-printed, sorted, UTF-8
        assertTrue(text.indexOf("model") < text.indexOf("seed"), text);
        assertEquals(Map.of("seed", "7", "model", "coral ✓"),
                com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readValue(text, Map.class));
        assertEquals(List.of("poster.final.json"), files());
    }

    @Test
    void sidecarInMissingFolderIsAnIoError() {
        var e = assertThrows(CellscapeException.class, () -> Sidecar.write(dir.resolve("nope/p.png"), Map.of()));
        assertEquals(CellscapeException.IO, e.exitCode());
        assertTrue(e.getMessage().contains("p.json"), e.getMessage());
    }
}
