package org.cellscape.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cellscape.engine.Backend;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.Backends;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.Family;
import org.cellscape.model.NcaModel;
import org.cellscape.model.RandomWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CpuBackendTest {
    static final NcaModel GOOGLE = RandomWeights.create(Family.GOOGLE, 12, 96, 0, 1);
    static final NcaModel PYTORCH = RandomWeights.create(Family.PYTORCH, 12, 96, 0, 2);
    static final NcaModel RGBA = RandomWeights.create(Family.RGBA, 4, 8, 0, 3);
    static final NcaModel ODD = RandomWeights.create(Family.CELLSCAPE, 5, 37, 2, 4);

    static Stream<Arguments> cases() {
        List<Arguments> l = new ArrayList<>();
        int[][] sizes = {{1, 1}, {3, 5}, {17, 13}, {64, 64}};
        for (NcaModel m : List.of(GOOGLE, PYTORCH, RGBA, ODD))
            for (int[] s : sizes)
                for (boolean torus : new boolean[]{true, false})
                    for (float fire : new float[]{0f, 0.5f, 1f})
                        l.add(Arguments.of(m, s[0], s[1], torus, fire));
        return l.stream();
    }

    @ParameterizedTest(name = "{0} {1}x{2} torus={3} fire={4}")
    @MethodSource("cases")
    void matchesReference(NcaModel m, int w, int h, boolean torus, float fire) {
        // A halo tile lies across the canvas's wrap-around seam, so global coordinates wrap inside it.
        Tile start = torus ? TestStates.noise(w, h, m.channels(), 0, 0, w, h, 7, 1f)
                : TestStates.noise(w, h, m.channels(), 100 - w / 2, 3, 100, 90, 7, 1f);
        int steps = torus ? 3 : Math.max(1, Math.min(4, (Math.min(w, h) - 1) / 2));
        StepContext ctx = new StepContext(42, fire);
        Tile ref = TestStates.copy(start), cpu = TestStates.copy(start);
        new ReferenceBackend().advance(ref, m, ctx, 1, 5, steps);
        try (CpuBackend b = new CpuBackend(new BackendOptions(2, null))) {
            b.advance(cpu, m, ctx, 1, 5, steps);
        }
        int margin = torus ? 0 : steps;
        TestStates.assertSameInterior(ref, cpu, margin, m.name());
        if (w > 2 * margin && h > 2 * margin) // some cells were compared
            assertNotEquals(0, TestStates.assertSameInterior(ref, ref, margin, ""));
        if (fire == 0) assertArrayEquals(start.data(), cpu.data());
        if (fire > 0 && torus && w * h > 8) // (a lone cell may not fire in 3 steps)
            assertTrue(!java.util.Arrays.equals(start.data(), cpu.data()), "nothing changed");
    }

    @Test
    void busyTimeIsTheThreadsTimeInsideCallsAtMost() {
        Tile t = TestStates.noise(64, 64, 12, 0, 0, 64, 64, 5, 1f);
        try (CpuBackend b = new CpuBackend(new BackendOptions(3, null))) {
            assertEquals(0, b.busyNanos());
            long before = System.nanoTime();
            b.advance(t, GOOGLE, new StepContext(1, 0.5f), 0, 0, 4);
            long wall = System.nanoTime() - before, busy = b.busyNanos();
            assertTrue(busy > 0 && busy <= 3 * wall, busy + " busy thread-ns in a call of " + wall + " ns on 3 threads");
            b.advance(t, GOOGLE, new StepContext(1, 0.5f), 0, 4, 4);
            assertTrue(b.busyNanos() > busy, "it adds up over calls");
        }
    }

    @Test
    void anyThreadCountGivesTheSameBits() {
        for (boolean torus : new boolean[]{true, false}) {
            Tile start = torus ? TestStates.noise(61, 47, 12, 0, 0, 61, 47, 3, 1f)
                    : TestStates.noise(61, 47, 12, 20, 30, 500, 400, 3, 1f);
            StepContext ctx = new StepContext(9, 0.5f);
            Tile ref = TestStates.copy(start);
            new ReferenceBackend().advance(ref, GOOGLE, ctx, 0, 0, 5);
            float[] first = null;
            for (int threads : new int[]{1, 2, 3, 7}) {
                Tile t = TestStates.copy(start);
                try (CpuBackend b = new CpuBackend(new BackendOptions(threads, null))) {
                    b.advance(t, GOOGLE, ctx, 0, 0, 2); // two calls: the pool is reused
                    b.advance(t, GOOGLE, ctx, 0, 2, 3);
                }
                TestStates.assertSameInterior(ref, t, torus ? 0 : 5, threads + " threads");
                if (first == null) first = t.data();
                else assertArrayEquals(first, t.data(), threads + " threads differ from 1 thread");
            }
        }
    }

    @Test
    void specialValuesAndClipping() {
        // Zeros of both signs, tiny and huge values: exercises ReLU at 0, all clip bounds, subnormals. A NaN and
        // infinities in three cells test the clips' compares on values they cannot order, and spread only to the
        // cells around them.
        float[] specials = {0f, -0f, 1e-40f, -1e-40f, 5f, -5f, 100f, -100f, 0.5f};
        for (NcaModel m : List.of(GOOGLE, PYTORCH)) {
            Tile start = TestStates.noise(23, 19, m.channels(), 0, 0, 23, 19, 5, 2f);
            float[] d = start.data();
            for (int i = 0; i < d.length; i += 3) d[i] = specials[(i / 3) % specials.length];
            int c = m.channels();
            d[(3 * 23 + 4) * c + 1] = Float.NaN;
            d[(10 * 23 + 12) * c + 4] = Float.POSITIVE_INFINITY;
            d[(15 * 23 + 18) * c] = Float.NEGATIVE_INFINITY;
            StepContext ctx = new StepContext(1, 1f);
            Tile ref = TestStates.copy(start);
            new ReferenceBackend().advance(ref, m, ctx, 0, 0, 2);
            for (Blocking blocking : Blocking.all()) { // every kernel's own clips and ReLU
                Tile cpu = TestStates.copy(start);
                try (CpuBackend b = new CpuBackend(new BackendOptions(1, null), blocking)) {
                    b.advance(cpu, m, ctx, 0, 0, 2);
                }
                TestStates.assertSameInterior(ref, cpu, 0, m.name() + " blocking " + blocking);
            }
        }
    }

    @Test
    void closeStopsTheThreads() {
        long before = cpuThreads();
        CpuBackend b = new CpuBackend(new BackendOptions(3, null));
        assertEquals(before + 2, cpuThreads());
        b.close();
        assertEquals(before, cpuThreads());
    }

    private static long cpuThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("cellscape-cpu-") && t.isAlive()).count();
    }

    @Test
    void registeredAsCpu() {
        try (Backend b = Backends.create("cpu", new BackendOptions(2, null), null)) {
            assertTrue(b.describe().matches("cpu \\(Vector API, \\d+-bit, \\d+x\\d+/\\d+x\\d+ blocking, 2 threads\\)"), b.describe());
        }
        var cpu = Backends.providers().stream().filter(p -> p.name().equals("cpu")).findFirst().orElseThrow();
        assertTrue(cpu.automatic());
        assertEquals(0, cpu.rank());
        // auto never falls back to the reference while the cpu backend works (a GPU backend may outrank it)
        try (Backend b = Backends.create("auto", new BackendOptions(1, null), null)) {
            assertTrue(!(b instanceof ReferenceBackend), b.describe());
        }
    }

    @Test
    void randomModelsStayInRange() {
        for (NcaModel m : List.of(PYTORCH, RGBA)) { // the families without any clipping
            Tile t = TestStates.noise(32, 32, m.channels(), 0, 0, 32, 32, 1, 0.5f);
            try (CpuBackend b = new CpuBackend(new BackendOptions(1, null))) {
                b.advance(t, m, new StepContext(3, 0.5f), 0, 0, 300);
            }
            float max = 0;
            for (float v : t.data()) max = Math.max(max, Math.abs(v));
            assertTrue(max < 5 && max > 0.01, m.name() + " drifted to " + max);
        }
    }
}
