package org.cellscape.backend.opencl;

import static org.cellscape.backend.opencl.OpenClTestSupport.assertSameBits;
import static org.cellscape.backend.opencl.OpenClTestSupport.copy;
import static org.cellscape.backend.opencl.OpenClTestSupport.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenCL step against the reference, bit for bit: each model family, awkward sizes, torus and halo tiles,
 * fire rates 0 / 0.5 / 1, several steps, both kernels, __constant and __global weights, and forced streaming.
 * Skipped (with the reason) where this machine has no OpenCL device.
 */
class OpenClStepTest {
    static ClDevice device;
    static OpenClBackend direct, compact;

    /** Per test, so that each one is reported SKIPPED with the reason where there is no device. */
    @BeforeEach
    void open() {
        if (device != null) return;
        device = OpenClTestSupport.deviceOrSkip();
        direct = new OpenClBackend(device, Tuning.DEFAULT.withKernel("direct"));
        compact = new OpenClBackend(device, Tuning.DEFAULT.withKernel("compact").withWorkGroup(32));
    }

    @AfterAll
    static void close() {
        if (direct != null) direct.close();
        if (compact != null) compact.close();
    }

    static List<NcaModel> models() {
        return List.of(CheckModels.google(1), CheckModels.pytorch(2), CheckModels.rgba(3));
    }

    /** Torus tiles and halo tiles (inside a bigger canvas, one crossing the canvas edge), odd sizes. */
    static List<Tile> tiles(int channels, long seed) {
        List<Tile> t = new ArrayList<>();
        t.add(CheckModels.state(37, 23, channels, 0, 0, 37, 23, 1f, seed));
        t.add(CheckModels.state(1, 5, channels, 0, 0, 1, 5, 1f, seed + 1));
        t.add(CheckModels.state(29, 17, channels, 50, 9, 300, 200, 1f, seed + 2));
        t.add(CheckModels.state(31, 19, channels, -7, 190, 300, 200, 1f, seed + 3));
        return t;
    }

    @Test
    void everyFamilyTileAndFireRateMatchesTheReference() {
        for (NcaModel m : models())
            for (float fire : new float[]{0f, 0.5f, 1f})
                for (Tile start : tiles(m.channels(), 17)) {
                    StepContext ctx = new StepContext(1234, fire);
                    int steps = start.isTorus() ? 4 : 5;
                    Tile expected = reference(start, m, ctx, 2, 3, steps);
                    for (OpenClBackend b : List.of(direct, compact)) {
                        Tile got = copy(start);
                        b.advance(got, m, ctx, 2, 3, steps);
                        assertSameBits(expected, got, m.name() + " fire " + fire + " " + start.width() + "x" + start.height()
                                + (start.isTorus() ? " torus" : " halo") + " " + b.describe());
                    }
                }
    }

    @Test
    void stepsActuallyChangeTheState() {
        // Guards against a comparison that passes because nothing ran: 1 step at fire rate 1 changes most cells.
        NcaModel m = CheckModels.google(5);
        Tile start = CheckModels.state(16, 16, 12, 0, 0, 16, 16, 1f, 5);
        Tile got = copy(start);
        compact.advance(got, m, new StepContext(9, 1f), 0, 0, 1);
        int changed = 0;
        for (int i = 0; i < start.data().length; i++) if (start.data()[i] != got.data()[i]) changed++;
        assertTrue(changed > start.data().length / 2, "only " + changed + " values changed");
        Tile again = copy(start);
        compact.advance(again, m, new StepContext(10, 0.5f), 0, 0, 1);
        assertNotEquals(java.util.Arrays.toString(got.data()), java.util.Arrays.toString(again.data()));
    }

    @Test
    void consecutiveCallsEqualOneLongCallOnATorus() {
        NcaModel m = CheckModels.google(6);
        StepContext ctx = new StepContext(77, 0.5f);
        Tile start = CheckModels.state(40, 24, 12, 0, 0, 40, 24, 1f, 6);
        Tile expected = reference(start, m, ctx, 1, 0, 7);
        Tile got = copy(start);
        compact.advance(got, m, ctx, 1, 0, 3);
        compact.advance(got, m, ctx, 1, 3, 4);
        assertSameBits(expected, got, "3 + 4 steps");
    }

    @Test
    void globalWeightsAndOtherWorkGroupsMatch() {
        NcaModel m = CheckModels.google(7);
        StepContext ctx = new StepContext(5, 0.5f);
        Tile start = CheckModels.state(33, 21, 12, 3, 4, 100, 100, 1f, 7);
        Tile expected = reference(start, m, ctx, 0, 0, 3);
        for (Tuning t : List.of(Tuning.DEFAULT.withGlobalWeights(true).withKernel("direct"), Tuning.DEFAULT.withKernel("compact").withWorkGroup(7),
                Tuning.DEFAULT.withKernel("compact").withWorkGroup(256))) {
            try (OpenClBackend b = new OpenClBackend(device, t)) {
                Tile got = copy(start);
                b.advance(got, m, ctx, 0, 0, 3);
                assertSameBits(expected, got, b.describe() + " " + t);
            }
        }
    }

    @Test
    void streamingInBandsMatchesTheReference() {
        NcaModel m = CheckModels.google(8);
        StepContext ctx = new StepContext(99, 0.5f);
        // Rows of 40 cells x 12 channels x 4 bytes = 1920 bytes; buffers of 14 rows: bands of 8 rows + 2 x 3 halo rows.
        long maxAlloc = 1920 * 14;
        for (Boolean pinned : new Boolean[]{false, true}) {
            Tuning t = Tuning.DEFAULT.withKernel("compact").withMemory(maxAlloc, 1 << 30, 0, false).withPinned(pinned);
            try (OpenClBackend b = new OpenClBackend(device, t)) {
                for (Tile start : List.of(CheckModels.state(40, 37, 12, 0, 0, 40, 37, 1f, 8),
                        CheckModels.state(40, 41, 12, 13, -5, 90, 60, 1f, 9))) {
                    int steps = 3;
                    Tile expected = reference(start, m, ctx, 1, 2, steps);
                    Tile got = copy(start);
                    b.advance(got, m, ctx, 1, 2, steps);
                    assertTrue(b.lastStats().bands() >= 4, "expected streaming, got " + b.lastStats());
                    assertEquals(pinned, b.stagingPinned("in0"), "staging kind");
                    assertSameBits(expected, got, "streamed " + (start.isTorus() ? "torus" : "halo") + " pinned=" + pinned + " " + b.lastStats());
                }
            }
        }
    }

    @Test
    void bigBandsCopiedInParallelMatch() {
        // Bands of 500 rows x 2400 floats are over the 1M-float mark where staging copies go parallel.
        NcaModel m = CheckModels.rgba(13);
        StepContext ctx = new StepContext(4, 0.5f);
        try (OpenClBackend b = new OpenClBackend(device, Tuning.DEFAULT.withMemory(2400L * 4 * 520, 1L << 30, 0, false))) {
            Tile start = CheckModels.state(600, 1000, 4, 0, 0, 600, 1000, 1f, 13);
            Tile expected = reference(start, m, ctx, 0, 0, 2);
            Tile got = copy(start);
            b.advance(got, m, ctx, 0, 0, 2);
            assertEquals(2, b.lastStats().bands(), b.lastStats().toString());
            assertSameBits(expected, got, "big bands " + b.lastStats());
        }
    }

    @Test
    void overlapBandsOnATileThatFitsMatch() {
        NcaModel m = CheckModels.rgba(10);
        StepContext ctx = new StepContext(3, 0.5f);
        Tuning t = Tuning.DEFAULT.withMemory(0, 0, 4 * 50 * 16, true); // overlap on, bands of ~16 rows
        try (OpenClBackend b = new OpenClBackend(device, t)) {
            Tile start = CheckModels.state(50, 200, 4, 0, 0, 50, 200, 1f, 10);
            Tile expected = reference(start, m, ctx, 0, 0, 2);
            Tile got = copy(start);
            b.advance(got, m, ctx, 0, 0, 2);
            assertTrue(b.lastStats().bands() > 1, "expected bands, got " + b.lastStats());
            assertSameBits(expected, got, "overlap bands " + b.lastStats());
        }
    }

    @Test
    void outOfDeviceMemoryRetriesWithSmallerBandsOrSaysSo() {
        NcaModel m = CheckModels.google(14);
        StepContext ctx = new StepContext(8, 0.5f);
        Tile start = CheckModels.state(40, 37, 12, 0, 0, 40, 37, 1f, 14);
        Tile expected = reference(start, m, ctx, 0, 0, 2);
        // The tile (71 KB) fits the reported memory but buffers over 20 rows (38 KB) are refused: bands must do.
        try (OpenClBackend b = new OpenClBackend(device, Tuning.DEFAULT.withFailAbove(1920 * 20))) {
            Tile got = copy(start);
            b.advance(got, m, ctx, 0, 0, 2);
            assertTrue(b.lastStats().bands() > 1, b.lastStats().toString());
            assertSameBits(expected, got, "after retries " + b.lastStats());
        }
        // Nothing small enough is accepted: a one-line "out of device memory" error, exit code 6, tile untouched.
        try (OpenClBackend b = new OpenClBackend(device, Tuning.DEFAULT.withFailAbove(4000))) {
            Tile got = copy(start);
            var e = org.junit.jupiter.api.Assertions.assertThrows(org.cellscape.backend.BackendUnavailableException.class,
                    () -> b.advance(got, m, ctx, 0, 0, 2));
            assertTrue(e.getMessage().contains("out of memory"), e.getMessage());
            assertEquals(org.cellscape.CellscapeException.BACKEND, e.exitCode());
            assertSameBits(start, got, "tile after a failed advance");
        }
    }

    @Test
    void describeNamesTheDevice() {
        assertTrue(direct.describe().contains(device.name()), direct.describe());
        assertFalse(direct.describe().isBlank());
    }
}
