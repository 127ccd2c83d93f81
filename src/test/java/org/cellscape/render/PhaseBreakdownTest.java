package org.cellscape.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.backend.cpu.CpuBackend;
import org.cellscape.engine.Backend;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Size;
import org.cellscape.model.ModelIO;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real tiled renders: the breakdown's cell counts are exact, and its phases add up to the threads' time. */
class PhaseBreakdownTest {
    /** Level 0: a 12x8 canvas, 4 steps; level 1: 24x16, 10 steps (two backend calls per tile: 8 + 2). */
    static final String SCHEDULE = "12x8:noise:4, x2:bilinear:10";

    @TempDir
    Path dir;

    PhaseReport render(Backend backend, long w, long h, int tile) {
        Path model = dir.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(3, 6, 12), model);
        RenderSettings s = RenderSettings.builder().model(model).schedule(Schedule.parse(SCHEDULE)).size(new Size(w, h)).seed(2)
                .tile(tile).threads(2).out(dir.resolve("r" + w + "x" + h + "t" + tile + ".png")).build();
        PhaseReport[] seen = new PhaseReport[1];
        boolean[] ended = new boolean[1];
        Render.run(s, backend, new PassListener() {
            @Override
            public void phases(PhaseReport report) {
                assertTrue(!ended[0], "told before the end");
                seen[0] = report;
            }

            @Override
            public void end() {
                ended[0] = true;
            }
        });
        assertNotNull(seen[0]);
        PhaseReport r = seen[0];
        assertEquals(r.threadSeconds(), r.sum(), 1e-9 * r.threadSeconds(), "the phases add up to every compute thread's time");
        for (double v : new double[]{r.useful(), r.halo(), r.stepWait(), r.loadWait(), r.colour(), r.encode(), r.scratch(), r.other(),
                r.read(), r.upsample()})
            assertTrue(v >= 0, r.toString());
        assertTrue(r.useful() > 0 && r.colour() > 0 && r.encode() > 0 && r.scratch() > 0 && r.upsample() > 0, r.toString());
        assertTrue(r.useful() + r.halo() <= r.threads() * r.stepWallSeconds() * (1 + 1e-9), r.toString());
        assertTrue(r.stepWallSeconds() <= r.wallSeconds(), r.toString());
        return r;
    }

    /**
     * By hand: a core of a x b cells advanced k steps with a k-cell halo computes sum over m = 0..k-1 of
     * (a + 2m)(b + 2m) cells. Level 0 (k = 4): cores 8x8 and 4x8 -> (196 + 144 + 100 + 64) + (140 + 96 + 60 + 32) = 832.
     * Level 1 (k = 10): 10ab + 90(a + b) + 1140 per core; six 8x8 cores -> 6 x 3220 = 19320.
     */
    @Test
    void haloCellsAreCountedExactly() {
        PhaseReport r = render(new ReferenceBackend(), 24, 16, 8);
        assertEquals(832 + 19320, r.steppedCells());
        assertEquals(12 * 8 * 4 + 24 * 16 * 10, r.usefulCells());
        assertEquals(1, r.threads());
        assertEquals(0.0, r.stepWait(), 0, "the reference backend does not measure its threads: its whole call is computing");
        assertEquals((double) r.usefulCells() / r.steppedCells(), r.useful() / (r.useful() + r.halo()), 1e-9);
    }

    /**
     * A cropped final level covers only the output: cores 8x8 (2), 4x8, 8x5 (2), 4x5 ->
     * 2 x 3220 + 2540 + 2 x 2710 + 2150 = 16550, and level 0 as above.
     */
    @Test
    void aCroppedRenderOnTwoCpuThreadsCountsOnlyTheCropsTiles() {
        try (CpuBackend cpu = new CpuBackend(new BackendOptions(2, null))) {
            PhaseReport r = render(cpu, 20, 13, 8);
            assertEquals(832 + 16550, r.steppedCells());
            assertEquals(12 * 8 * 4 + 20 * 13 * 10, r.usefulCells());
            assertEquals(2, r.threads());
        }
    }

    @Test
    void anUntiledRenderStepsNoHalo() {
        PhaseReport r = render(new ReferenceBackend(), 24, 16, RenderSettings.UNTILED);
        assertEquals(12 * 8 * 4 + 24 * 16 * 10, r.steppedCells());
        assertEquals(r.steppedCells(), r.usefulCells());
        assertEquals(0.0, r.halo(), 0);
    }
}
