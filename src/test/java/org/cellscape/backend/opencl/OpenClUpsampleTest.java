package org.cellscape.backend.opencl;

import static org.cellscape.backend.opencl.OpenClTestSupport.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cellscape.backend.Upsampler;
import org.cellscape.engine.Tile;
import org.cellscape.engine.Upsample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The device upsampling against Upsample.apply, bit for bit; skipped where there is no OpenCL device. */
class OpenClUpsampleTest {
    static ClDevice device;
    static OpenClBackend backend;

    /** Per test, so that each one is reported SKIPPED with the reason where there is no device. */
    @BeforeEach
    void open() {
        if (device != null) return;
        device = OpenClTestSupport.deviceOrSkip();
        backend = new OpenClBackend(device, Tuning.DEFAULT);
    }

    @AfterAll
    static void close() {
        if (backend != null) backend.close();
    }

    @Test
    void theProbeFoundNoContraction() {
        // If this fails the device fuses a + t*(b-a) despite FP_CONTRACT OFF; upsample() then runs on the CPU.
        assertTrue(backend.upsamplesOnDevice(), backend.describe());
    }

    @Test
    void torusSourcesEveryFactorAndMode() {
        for (int f = 1; f <= 5; f++)
            for (Upsample.Mode mode : Upsample.Mode.values()) {
                Tile src = RandomModels.state(13, 7, 5, 0, 0, 13, 7, 3f, f);
                // the whole upsampled canvas, and a tile of it that crosses the canvas edge
                check(src, new Tile(13 * f, 7 * f, 5, 0, 0, 13L * f, 7L * f, new float[13 * f * 7 * f * 5]), f, mode, backend);
                check(src, new Tile(9, 11, 5, 13L * f - 4, 3, 13L * f, 7L * f, new float[9 * 11 * 5]), f, mode, backend);
            }
    }

    @Test
    void haloSourceTiles() {
        // A source tile covering exactly what a destination tile needs (one extra cell each side for bilinear).
        int f = 3;
        Tile src = RandomModels.state(10, 8, 4, 20, 30, 100, 100, 2f, 4);
        Tile dst = new Tile(20, 14, 4, 63, 93, 300, 300, new float[20 * 14 * 4]);
        for (Upsample.Mode mode : Upsample.Mode.values()) check(src, dst, f, mode, backend);
        Tile far = new Tile(4, 4, 4, 0, 0, 300, 300, new float[64]);
        assertThrows(IllegalArgumentException.class, () -> backend.upsample(src, far, f, Upsample.Mode.BILINEAR));
    }

    @Test
    void bandedWhenBuffersAreSmall() {
        // Destination rows of 50 cells x 3 channels x 4 bytes = 600 bytes; 4 KiB buffers force bands of a few rows.
        try (OpenClBackend small = new OpenClBackend(device, Tuning.DEFAULT.withMemory(4096, 1 << 20, 0, false))) {
            Tile src = RandomModels.state(25, 20, 3, 0, 0, 25, 20, 1f, 11);
            for (Upsample.Mode mode : Upsample.Mode.values()) {
                check(src, new Tile(50, 40, 3, 0, 0, 50, 40, new float[50 * 40 * 3]), 2, mode, small);
                check(src, new Tile(30, 17, 3, 40, 31, 50, 40, new float[30 * 17 * 3]), 2, mode, small);
            }
        }
    }

    @Test
    void upsamplerFallsBackForBackendsWithoutIt() {
        Tile src = RandomModels.state(6, 5, 3, 0, 0, 6, 5, 1f, 12);
        Tile a = Tile.canvas(12, 10, 3), b = Tile.canvas(12, 10, 3);
        Upsampler.apply(new org.cellscape.backend.ReferenceBackend(), src, a, 2, Upsample.Mode.BILINEAR);
        Upsampler.apply(backend, src, b, 2, Upsample.Mode.BILINEAR);
        assertSameBits(a, b, "Upsampler.apply");
    }

    private static void check(Tile src, Tile dst, int f, Upsample.Mode mode, OpenClBackend b) {
        Tile expected = new Tile(dst.width(), dst.height(), dst.channels(), dst.originX(), dst.originY(), dst.canvasWidth(), dst.canvasHeight(), new float[dst.data().length]);
        Upsample.apply(src, expected, f, mode);
        java.util.Arrays.fill(dst.data(), Float.NaN);
        b.upsample(src, dst, f, mode);
        assertSameBits(expected, dst, "x" + f + " " + mode + " into " + dst.width() + "x" + dst.height() + " at " + dst.originX() + "," + dst.originY());
        for (float v : List.of(dst.data()[0], dst.data()[dst.data().length - 1])) assertTrue(!Float.isNaN(v), "cell not written");
    }
}
