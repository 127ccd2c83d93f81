package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.cellscape.image.video.Ffprobe;
import org.cellscape.image.video.FrameSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoCommandTest {
    @TempDir
    Path dir;

    @Test
    void growthMp4HasTheFramesSizeAndRateAskedForInFfprobeAndJcodec() throws Exception {
        Path mp4 = dir.resolve("grow.mp4");
        CliTestSupport r = CliTestSupport.run("video", "--model", "presets/models/lichen.safetensors", "--growth", "--size", "96x64",
                "--canvas", "192x128", "--frames", "30", "--fps", "20", "--out", mp4.toString(), "--progress-every-ms", "0", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote " + mp4 + " (30 frames, 96 x 64 px, 20 fps)"), r.out());
        assertTrue(r.err().contains("ETA"), "progress with an ETA: " + r.err());
        assertEquals(new Ffprobe(30, 96, 64, "20/1"), Ffprobe.of(mp4));
        try (FrameSource src = FrameSource.open(mp4)) {
            assertEquals(30, src.frameCount());
            int n = 0;
            while (src.next() != null) n++;
            assertEquals(30, n);
        }
        assertFalse(Files.exists(dir.resolve("grow.mp4.cellscape-scratch")));
    }

    @Test
    void zoomMp4OfAPresetIsReadBackByFfprobe() throws Exception {
        Path mp4 = dir.resolve("zoom.mp4");
        CliTestSupport r = CliTestSupport.run("video", "lichen", "--zoom", "--at", "300,200", "--size", "64x48", "--canvas", "512x384",
                "--seconds", "0.8", "--out", mp4.toString(), "--quiet", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertEquals(new Ffprobe(20, 64, 48, "25/1"), Ffprobe.of(mp4));
    }

    @Test
    void badRequestsAreOneLineWithTheirExitCodeAndWriteNothing() throws Exception {
        Path full = Files.createDirectory(dir.resolve("full"));
        Files.writeString(full.resolve("mine.txt"), "keep");
        String m = "presets/models/lichen.safetensors";
        expect(CellscapeException.USAGE, "zoom point", "video", "--model", m, "--zoom", "--at", "5000,10", "--size", "64x48", "--out", dir.resolve("z.mp4").toString());
        expect(CellscapeException.USAGE, "--at", "video", "--model", m, "--zoom", "--at", "one,two", "--out", dir.resolve("z.mp4").toString());
        expect(CellscapeException.USAGE, "not larger", "video", "--model", m, "--zoom", "--size", "64x48", "--canvas", "64x48", "--out", dir.resolve("z.mp4").toString());
        expect(CellscapeException.USAGE, "film.avi", "video", "--model", m, "--growth", "--out", dir.resolve("film.avi").toString());
        expect(CellscapeException.USAGE, "even", "video", "--model", m, "--growth", "--size", "65x48", "--out", dir.resolve("odd.mp4").toString());
        expect(CellscapeException.USAGE, "not both", "video", "--model", m, "--growth", "--frames", "3", "--seconds", "1", "--out", dir.resolve("g.mp4").toString());
        expect(CellscapeException.USAGE, "", "video", "--model", m, "--growth", "--zoom", "--out", dir.resolve("g.mp4").toString());
        expect(CellscapeException.IO, "not empty", "video", "--model", m, "--growth", "--size", "32x32", "--out", full.toString());
        expect(CellscapeException.BAD_INPUT, "missing.safetensors", "video", "--model", dir.resolve("missing.safetensors").toString(), "--growth", "--out", dir.resolve("g.mp4").toString());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "nothing written but the folder made for the test");
        }
        assertTrue(Files.exists(full.resolve("mine.txt")));
    }

    private static void expect(int code, String says, String... args) {
        CliTestSupport r = CliTestSupport.run(args);
        assertEquals(code, r.code(), String.join(" ", args) + ": " + r.err());
        assertTrue(r.err().contains(says), r.err());
        assertTrue(r.err().startsWith("cellscape: "), r.err());
    }
}
