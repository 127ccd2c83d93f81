package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.cellscape.image.video.Ffprobe;
import org.cellscape.image.video.FrameSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A film of the shipped 2-rule model (coral, lichen) driven by a generated control video: a disk of rule 1 (lichen)
 * crossing rule 0 (coral) from left to right in 5 seconds. Its trail is measured against the same film with no disk
 * (same seed and steps, so every difference comes from the control).
 */
class ControlledVideoTest {
    static final int W = 128, H = 96, FRAMES = 50, FPS = 10, R = 14;
    static final String MODEL = "presets/models/duet.safetensors";

    @TempDir
    Path dir;

    static double diskX(int frame) {
        return 16 + 96.0 * frame / (FRAMES - 1);
    }

    /** The control video: a white disk (weight 1 for its rule) on black, as an MP4 or a folder of PNG frames. */
    static void control(Path out, boolean disk) {
        try (FrameSink sink = FrameSink.open(out, W, H, FPS)) {
            for (int f = 0; f < FRAMES; f++) {
                BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
                double cx = diskX(f);
                for (int y = 0; y < H; y++)
                    for (int x = 0; x < W; x++)
                        if (disk && (x - cx) * (x - cx) + (y - H / 2.0) * (y - H / 2.0) <= R * R) img.setRGB(x, y, 0xffffff);
                sink.write(img);
            }
            sink.finish();
        }
    }

    @Test
    void aMovingDiskOfRuleOneLeavesATrailAndTheMp4HasItsFramesForFfprobe() throws Exception {
        Path disk = dir.resolve("disk.mp4"), none = dir.resolve("none");
        control(disk, true);
        control(none, false);
        Path mp4 = dir.resolve("trail.mp4"), ref = dir.resolve("ref");
        CliTestSupport r = CliTestSupport.run("video", "--model", MODEL, "--control", "lichen=" + disk, "--size", W + "x" + H,
                "--out", mp4.toString(), "--keep-scratch", "--progress-every-ms", "0", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(" + FRAMES + " frames, " + W + " x " + H + " px, " + FPS + " fps)"), "length and rate from the control: " + r.out());
        assertTrue(r.err().contains("ETA"), r.err());
        assertEquals(new Ffprobe(FRAMES, W, H, FPS + "/1"), Ffprobe.of(mp4));
        r = CliTestSupport.run("video", "--model", MODEL, "--control", "lichen=" + none, "--size", W + "x" + H, "--out", ref.toString(), "--quiet", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        Path frames = dir.resolve("trail.mp4.cellscape-scratch/frames");
        // Midway: the band the disk has swept differs from the undisturbed film; ahead of it and far from its path, little.
        int mid = 29;
        double cx = diskX(mid);
        int[] a = pixels(frames.resolve(name(mid))), b = pixels(ref.resolve(name(mid)));
        double swept = diff(a, b, (x, y) -> Math.abs(y - H / 2) < 10 && x > 16 && x < cx - R - 6);
        double ahead = diff(a, b, (x, y) -> Math.abs(y - H / 2) < 10 && x > cx + R + 6);
        double far = diff(a, b, (x, y) -> Math.abs(y - H / 2) > 2 * R + 2);
        double under = diff(a, b, (x, y) -> (x - cx) * (x - cx) + (y - H / 2) * (y - H / 2) <= (R - 2) * (R - 2));
        String figures = String.format(java.util.Locale.ROOT, "mean |difference| (8-bit): under the disk %.1f, swept %.1f, ahead %.1f, far %.1f", under, swept, ahead, far);
        System.out.println("controlled film, frame " + (mid + 1) + ": " + figures);
        assertTrue(under > 15 && swept > 15, "the disk changes what it covers and what it covered: " + figures);
        assertTrue(swept > 3 * Math.max(ahead, far), "a trail behind the disk, not a change everywhere: " + figures);
        // The kept frames are the film's: the last one decodes from the MP4 close to its PNG.
        assertTrue(Files.isRegularFile(frames.resolve(name(FRAMES - 1))));
    }

    @Test
    void anInterruptedControlledFilmResumesFromItsKeptStateAndMakesTheSameFrames() throws Exception {
        Path disk = dir.resolve("disk");
        control(disk, true);
        Path out = dir.resolve("film");
        String[] args = {"video", "--model", MODEL, "--control", "lichen=" + disk, "--size", W + "x" + H, "--frames", "40",
                "--steps-per-frame", "4", "--warmup", "16", "--out", out.toString(), "--scratch", dir.toString(), "--keep-scratch", "--quiet", "--threads", "2"};
        assertEquals(0, CliTestSupport.run(args).code());
        Path frames = dir.resolve("film.cellscape-scratch/frames");
        int[] last = pixels(out.resolve(name(39))), at30 = pixels(out.resolve(name(30)));
        // As an interruption after frame 30 leaves it: frames up to 30, and the state kept at frame 25.
        for (int i = 31; i < 40; i++) Files.delete(frames.resolve(name(i)));
        deleteTree(out);
        assertTrue(Files.isRegularFile(dir.resolve("film.cellscape-scratch/state-25.npy")), "the state kept every 25 frames");
        CliTestSupport r = CliTestSupport.run(args);
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(last, pixels(out.resolve(name(39))), "the resumed film ends as the uninterrupted one");
        assertArrayEquals(at30, pixels(out.resolve(name(30))));
    }

    @Test
    void badControlRequestsAreOneLineWithTheirExitCode() throws Exception {
        Path disk = dir.resolve("disk"), shortOne = dir.resolve("short");
        control(disk, true);
        Files.createDirectory(shortOne);
        Files.copy(disk.resolve(name(0)), shortOne.resolve(name(0)));
        Path junk = Files.writeString(dir.resolve("junk.mp4"), "not a video");
        String o = dir.resolve("o.mp4").toString();
        expect(CellscapeException.BAD_INPUT, "no rules", "video", "--model", "presets/models/lichen.safetensors", "--control", "lichen=" + disk, "--out", o);
        expect(CellscapeException.BAD_INPUT, "no rule 'moss'", "video", "--model", MODEL, "--control", "moss=" + disk, "--out", o);
        expect(CellscapeException.BAD_INPUT, "equally long", "video", "--model", MODEL, "--control", "lichen=" + disk, "--control", "coral=" + shortOne, "--out", o);
        expect(CellscapeException.BAD_INPUT, "junk.mp4", "video", "--model", MODEL, "--control", "lichen=" + junk, "--out", o);
        expect(CellscapeException.USAGE, "control has 50", "video", "--model", MODEL, "--control", "lichen=" + disk, "--frames", "60", "--out", o);
        expect(CellscapeException.USAGE, "leave out --growth", "video", "--model", MODEL, "--growth", "--control", "lichen=" + disk, "--out", o);
        expect(CellscapeException.USAGE, "controlled film", "video", "--model", MODEL, "--growth", "--warmup", "3", "--out", o);
        expect(CellscapeException.USAGE, "say which film", "video", "--model", MODEL, "--out", o);
        assertTrue(Files.notExists(Path.of(o)) && Files.notExists(Path.of(o + ".partial")));
    }

    private static void expect(int code, String says, String... args) {
        CliTestSupport r = CliTestSupport.run(args);
        assertEquals(code, r.code(), String.join(" ", args) + ": " + r.err());
        assertTrue(r.err().contains(says), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    interface Region {
        boolean has(int x, int y);
    }

    private static double diff(int[] a, int[] b, Region r) {
        double s = 0;
        long n = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                if (r.has(x, y)) {
                    int p = a[y * W + x], q = b[y * W + x];
                    for (int sh = 0; sh < 24; sh += 8) s += Math.abs((p >> sh & 255) - (q >> sh & 255)) / 3.0;
                    n++;
                }
        if (n == 0) throw new AssertionError("empty region");
        return s / n;
    }

    private static String name(int frame) {
        return String.format(java.util.Locale.ROOT, "%06d.png", frame + 1);
    }

    private static int[] pixels(Path png) {
        BufferedImage img = org.cellscape.image.ImageReaders.decode(png, 1L << 24);
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
