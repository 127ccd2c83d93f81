package org.cellscape.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellscape.CellscapeException;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.Backends;
import org.cellscape.engine.Backend;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Size;
import org.cellscape.image.ImageReaders;
import org.cellscape.image.video.FrameSource;
import org.cellscape.preset.Origin;
import org.cellscape.preset.Presets;
import org.cellscape.preset.Setting;
import org.cellscape.render.RenderJob;
import org.cellscape.render.RenderSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilmTest {
    @TempDir
    Path dir;
    static Backend cpu;

    @BeforeAll
    static void open() {
        cpu = Backends.create("cpu", new BackendOptions(2, null), new PrintWriter(new StringWriter()));
    }

    @AfterAll
    static void close() {
        cpu.close();
    }

    /** The lichen preset rendered at {@code size} (one level deep at small sizes: a crop of its seed level). */
    RenderJob job(String size) {
        RenderSettings how = RenderSettings.builder().out(dir.resolve("unused.png")).build();
        return RenderJob.resolve(Presets.resolveWith(Path.of("presets/lichen.yaml"),
                List.of(new Setting("size", size, Origin.argument("--size " + size)))).toRenderSettings(how));
    }

    /** The lichen model grown over three levels to exactly 96x64, so the last level is the frame, cell for pixel. */
    RenderJob threeLevels() {
        return RenderJob.resolve(RenderSettings.builder().model(Path.of("presets/models/lichen.safetensors")).size(new Size(96, 64)).seed(3)
                .schedule(Schedule.parse("24x16:noise(0.1):16, x2:bilinear:8, x2:bilinear:8")).out(dir.resolve("unused.png")).build());
    }

    static FilmSettings film(FilmSettings.Kind kind, int w, int h, int frames, double x, double y, Path out, boolean fresh) {
        return new FilmSettings(kind, w, h, 25, frames, x, y, out, null, fresh, false);
    }

    static List<BufferedImage> frames(Path folder) {
        List<BufferedImage> l = new ArrayList<>();
        try (FrameSource src = FrameSource.open(folder)) {
            for (BufferedImage f; (f = src.next()) != null; ) l.add(f);
        }
        return l;
    }

    static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        int[] p = pixels(a), q = pixels(b);
        long s = 0;
        for (int i = 0; i < p.length; i++)
            for (int sh = 0; sh <= 16; sh += 8) s += Math.abs((p[i] >> sh & 255) - (q[i] >> sh & 255));
        return s / (3.0 * p.length);
    }

    /** Stops a film after {@code n} frames, as Ctrl-C would. */
    static final class Stop implements FilmListener {
        final int n;
        int made;
        long walk = -1;
        int kept = -1;

        Stop(int n) { this.n = n; }

        @Override
        public void begin(long walkUpdates, int frames, int framesKept) {
            walk = walkUpdates;
            kept = framesKept;
        }

        @Override
        public void frameMade(int index) {
            if (++made == n) throw new IllegalStateException("stopped");
        }
    }

    @Test
    void growthFilmEndsOnTheRenderItsLastFrameIsThePresetsImage() {
        RenderJob job = threeLevels();
        Path out = dir.resolve("grow");
        Film.run(job, film(FilmSettings.Kind.GROWTH, 96, 64, 30, 0, 0, out, false), cpu, FilmListener.NONE);
        List<BufferedImage> f = frames(out);
        assertEquals(30, f.size());
        // the render of the same preset at the same size, 16-bit, through the tiled pipeline
        Path png = dir.resolve("r.png");
        org.cellscape.render.Render.run(job.settings().toBuilder().out(png).build(), cpu, org.cellscape.render.Progress.none());
        ImageReaders.RawRgb r = ImageReaders.readRgb16(png);
        int[] last = pixels(f.getLast());
        int worst = 0;
        for (int i = 0; i < last.length; i++)
            for (int c = 0; c < 3; c++)
                worst = Math.max(worst, Math.abs((last[i] >> (16 - 8 * c) & 255) - Math.round(r.samples()[i * 3 + c] / 257f)));
        assertTrue(worst <= 1, "the last frame is the render, within 8-bit rounding: worst " + worst);
        assertTrue(meanAbsDiff(f.getFirst(), f.getLast()) > 10, "the film shows growth: first and last frames differ");
        assertFalse(Files.exists(dir.resolve("grow.cellscape-scratch")), "scratch folder removed");
    }

    @Test
    void anInterruptedGrowthFilmResumesFromItsFramesAndMakesTheSameFilm() {
        RenderJob job = threeLevels();
        Path whole = dir.resolve("whole"), cut = dir.resolve("cut");
        Film.run(job, film(FilmSettings.Kind.GROWTH, 96, 64, 40, 0, 0, whole, false), cpu, FilmListener.NONE);

        FilmSettings f = film(FilmSettings.Kind.GROWTH, 96, 64, 40, 0, 0, cut, false);
        assertThrows(IllegalStateException.class, () -> Film.run(job, f, cpu, new Stop(25)));
        assertFalse(Files.exists(cut), "nothing under the final name");
        Path scratch = f.scratchDir();
        try (var names = Files.list(scratch.resolve("frames")); var top = Files.list(scratch)) {
            assertEquals(25, names.filter(p -> p.toString().endsWith(".png")).count(), "frames made before the stop wait in scratch");
            assertTrue(top.anyMatch(p -> p.getFileName().toString().matches("state-\\d+\\.npy")), "a level's state is checkpointed");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Stop rerun = new Stop(Integer.MAX_VALUE);
        Film.run(job, f, cpu, rerun);
        assertEquals(25, rerun.kept, "frames made before the stop are kept");
        assertEquals(40 - 25, rerun.made, "only the missing frames are made again");
        assertEquals(48 * 32 * 8 + 96 * 64 * 8, rerun.walk, "the walk restarts after the checkpointed level 0, not from the seed");
        List<BufferedImage> a = frames(whole), b = frames(cut);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(pixels(a.get(i)), pixels(b.get(i)), "frame " + i);
    }

    @Test
    void aResumeOfOtherSettingsIsRefusedUnlessFresh() {
        RenderJob job = job("96x64");
        Path out = dir.resolve("g.mp4");
        assertThrows(IllegalStateException.class, () -> Film.run(job, film(FilmSettings.Kind.GROWTH, 96, 64, 20, 0, 0, out, false), cpu, new Stop(5)));
        CellscapeException e = assertThrows(CellscapeException.class,
                () -> Film.run(job, film(FilmSettings.Kind.GROWTH, 96, 64, 21, 0, 0, out, false), cpu, FilmListener.NONE));
        assertEquals(CellscapeException.RESUME_MISMATCH, e.exitCode());
        Stop fresh = new Stop(Integer.MAX_VALUE);
        Film.run(job, film(FilmSettings.Kind.GROWTH, 96, 64, 21, 0, 0, out, true), cpu, fresh);
        assertEquals(0, fresh.kept);
        assertTrue(Files.isRegularFile(out));
    }

    /** Mean absolute differences between consecutive frames, 8-bit units. */
    static double[] steps(List<BufferedImage> f) {
        double[] d = new double[f.size() - 1];
        for (int i = 0; i < d.length; i++) d[i] = meanAbsDiff(f.get(i), f.get(i + 1));
        return d;
    }

    /**
     * A pop (a level switched in at once) shows as one step much larger than the steps beside it: the jump of step i
     * is d(i) over the mean of d(i-1) and d(i+1), d being the mean absolute difference of two consecutive frames.
     */
    @Test
    void theZoomIsSmoothNoFrameJumpsAwayFromItsNeighbours() {
        RenderJob job = RenderJob.resolve(RenderSettings.builder().model(Path.of("presets/models/lichen.safetensors")).size(new Size(768, 512)).seed(3)
                .schedule(Schedule.parse("96x64:noise(0.1):16, x2:bilinear:8, x2:bilinear:8, x2:bilinear:8")).out(dir.resolve("unused.png")).build());
        Path out = dir.resolve("zoom");
        Film.run(job, film(FilmSettings.Kind.ZOOM, 96, 64, 48, 500, 300, out, false), cpu, FilmListener.NONE);
        double[] d = steps(frames(out));
        double jump = 0;
        for (int i = 1; i + 1 < d.length; i++) jump = Math.max(jump, d[i] / ((d[i - 1] + d[i + 1]) / 2));
        double max = java.util.Arrays.stream(d).max().orElseThrow();
        // measured: largest step 24.3 levels (the first, the widest view), largest jump 1.03; levels switched
        // without the cross-fade give a jump of 1.81 where each level takes over
        assertTrue(jump <= 1.15, "no frame differs from its neighbours much more than they differ from theirs: jump " + jump);
        assertTrue(max <= 30, "largest step between frames " + max);
    }

    @Test
    void anInterruptedZoomKeepsItsLevelColoursAndSkipsTheWalk() {
        RenderJob job = RenderJob.resolve(RenderSettings.builder().model(Path.of("presets/models/lichen.safetensors")).size(new Size(256, 192)).seed(3)
                .schedule(Schedule.parse("64x48:noise(0.1):8, x2:bilinear:4, x2:bilinear:4")).out(dir.resolve("unused.png")).build());
        Path whole = dir.resolve("whole"), cut = dir.resolve("cut");
        Film.run(job, film(FilmSettings.Kind.ZOOM, 64, 48, 16, 100, 80, whole, false), cpu, FilmListener.NONE);
        FilmSettings f = film(FilmSettings.Kind.ZOOM, 64, 48, 16, 100, 80, cut, false);
        assertThrows(IllegalStateException.class, () -> Film.run(job, f, cpu, new Stop(3)));
        Stop rerun = new Stop(Integer.MAX_VALUE);
        Film.run(job, f, cpu, rerun);
        assertEquals(3, rerun.kept);
        assertEquals(0, rerun.walk, "every level's colours were kept: no step is run again");
        assertEquals(13, rerun.made);
        List<BufferedImage> a = frames(whole), b = frames(cut);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(pixels(a.get(i)), pixels(b.get(i)), "frame " + i);
    }
}
