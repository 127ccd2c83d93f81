package org.cellscape.image.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.cellscape.image.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameIoTest {
    @TempDir
    Path dir;

    /** Frame i: a soft gradient with a bright square that moves with i, so frames differ and can be told apart. */
    static BufferedImage frame(int i, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                boolean sq = x >= 4 + 3 * i && x < 20 + 3 * i && y >= 10 && y < 26;
                int r = sq ? 240 : 40 + 2 * x, g = sq ? 220 : 30 + 3 * y, b = sq ? 60 : 120;
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        return img;
    }

    static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        long s = 0;
        for (int y = 0; y < a.getHeight(); y++)
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x, y);
                for (int sh = 0; sh <= 16; sh += 8) s += Math.abs((p >> sh & 255) - (q >> sh & 255));
            }
        return s / (3.0 * a.getWidth() * a.getHeight());
    }

    private void write(Path out, int frames, int w, int h, int fps) {
        try (FrameSink sink = FrameSink.open(out, w, h, fps)) {
            for (int i = 0; i < frames; i++) sink.write(frame(i, w, h));
            sink.finish();
        }
    }

    @Test
    void mp4IsReadBackByFfprobeAndByJcodecFrameByFrame() throws Exception {
        Path mp4 = dir.resolve("film.mp4");
        write(mp4, 12, 64, 48, 20);
        assertFalse(Files.exists(dir.resolve("film.mp4.partial")));
        assertEquals(new Ffprobe(12, 64, 48, "20/1"), Ffprobe.of(mp4));
        try (FrameSource src = FrameSource.open(mp4)) {
            assertEquals(12, src.frameCount());
            assertEquals(64, src.width());
            assertEquals(48, src.height());
            assertEquals(20, src.fps(), 0.01);
            for (int i = 0; i < 12; i++) {
                BufferedImage got = src.next();
                double own = meanAbsDiff(got, frame(i, 64, 48));
                // JCodec's baseline encoder measured 8.5-9.4 here (ffmpeg decodes the same): lossy, a little dark
                assertTrue(own < 12, "frame " + i + " decodes within 12 levels of what was encoded, got " + own);
                if (i > 0) assertTrue(own < meanAbsDiff(got, frame(i - 1, 64, 48)), "frame " + i + " is closer to itself than to the frame before");
            }
            assertNull(src.next());
        }
    }

    @Test
    void frameFolderIsLosslessAndInOrder() {
        Path out = dir.resolve("frames");
        write(out, 5, 40, 30, 25);
        assertFalse(Files.exists(dir.resolve("frames.partial")));
        assertTrue(Files.isRegularFile(out.resolve("000001.png")) && Files.isRegularFile(out.resolve("000005.png")));
        try (FrameSource src = FrameSource.open(out)) {
            assertEquals(5, src.frameCount());
            for (int i = 0; i < 5; i++) assertEquals(0.0, meanAbsDiff(src.next(), frame(i, 40, 30)));
            assertNull(src.next());
        }
    }

    @Test
    void anUnfinishedOutputLeavesNothingUnderItsName() {
        for (String name : new String[]{"cut.mp4", "cut"}) {
            Path out = dir.resolve(name);
            try (FrameSink sink = FrameSink.open(out, 32, 32, 25)) {
                sink.write(frame(0, 32, 32));
            }
            assertFalse(Files.exists(out), name);
            assertFalse(Files.exists(dir.resolve(name + ".partial")), name + ".partial");
        }
    }

    @Test
    void badInputIsOneLineNamingTheFileExit3() throws Exception {
        Path junk = dir.resolve("junk.mp4");
        Files.write(junk, "this is not a video at all".repeat(40).getBytes());
        assertBad(() -> FrameSource.open(junk), junk.toString());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertBad(() -> FrameSource.open(empty), empty.toString());
        assertBad(() -> FrameSource.open(dir.resolve("missing.mp4")), "missing.mp4");

        Path mixed = Files.createDirectory(dir.resolve("mixed"));
        Images.write(frame(0, 32, 32), mixed.resolve("000001.png"));
        Images.write(frame(1, 32, 24), mixed.resolve("000002.png"));
        try (FrameSource src = FrameSource.open(mixed)) {
            src.next();
            assertBad(src::next, "000002.png");
        }
        Path broken = Files.createDirectory(dir.resolve("broken"));
        Images.write(frame(0, 32, 32), broken.resolve("000001.png"));
        Files.write(broken.resolve("000002.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        try (FrameSource src = FrameSource.open(broken)) {
            src.next();
            assertBad(src::next, "000002.png");
        }
    }

    @Test
    void outputsThatCannotBeRightAreRefusedBeforeAnyFrame() throws Exception {
        assertEquals(CellscapeException.USAGE, assertThrows(CellscapeException.class, () -> FrameSink.open(dir.resolve("odd.mp4"), 33, 32, 25)).exitCode());
        assertEquals(CellscapeException.USAGE, assertThrows(CellscapeException.class, () -> FrameSink.check(dir.resolve("film.avi"), 32, 32)).exitCode());
        Path full = Files.createDirectory(dir.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        assertEquals(CellscapeException.IO, assertThrows(CellscapeException.class, () -> FrameSink.open(full, 32, 32, 25)).exitCode());
        assertTrue(Files.exists(full.resolve("keep.txt")));
    }

    private static void assertBad(org.junit.jupiter.api.function.Executable e, String names) {
        CellscapeException x = assertThrows(CellscapeException.class, e);
        assertEquals(CellscapeException.BAD_INPUT, x.exitCode(), x.getMessage());
        assertTrue(x.getMessage().contains(names), x.getMessage());
        assertFalse(x.getMessage().contains("\n"), x.getMessage());
    }
}
