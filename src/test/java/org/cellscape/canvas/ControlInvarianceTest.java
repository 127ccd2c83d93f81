package org.cellscape.canvas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.Backends;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.engine.Backend;
import org.cellscape.engine.ControlMap;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.Family;
import org.cellscape.model.NcaModel;
import org.cellscape.testing.TestControls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invariance property with a control map: a tiled render of a multi-rule model computes exactly the cells of the
 * in-memory reference render, for any tile size, halo, thread count and backend (cpu, and OpenCL where present).
 */
class ControlInvarianceTest {
    @TempDir
    Path dir;

    static final Schedule SCHEDULE = Schedule.parse("auto:noise(0.5):6, x2:bilinear:5, x3:nearest:4").fitTo(97, 61);

    static float[] reference(NcaModel m, ControlMap control, long seed) {
        Tile t = new Renderer(m, SCHEDULE, new StepContext(seed, m.fireRate()), new ReferenceBackend(), RenderListener.NONE, control)
                .run(null, 0, SCHEDULE.levelCount() - 1, Renderer.Visitor.ALL);
        int C = m.channels(), w = 97, h = 61;
        float[] state = new float[w * h * C];
        for (int y = 0; y < h; y++) System.arraycopy(t.data(), y * t.width() * C, state, y * w * C, w * C);
        return state;
    }

    float[] tiled(NcaModel m, ControlMap control, Layout l, Backend b, String name) {
        InvarianceTest.Result r = InvarianceTest.tiled(Jobs.job(m, SCHEDULE, 97, 61, 5, Precision.FLOAT32, l, dir.resolve(name),
                dir.resolve(name + ".npy"), control), b);
        return r.state();
    }

    @Test
    void tilesThreadsAndBackendsAgreeWithAControlMap() throws Exception {
        List<String> rules = List.of("r0", "r1", "r2");
        NcaModel m = TestControls.multiRule(Family.GOOGLE, 6, 8, 3, 21);
        for (ControlMap control : List.of(TestControls.legendMap(dir, rules), TestControls.weightMap(dir, rules))) {
            float[] want = reference(m, control, 5);
            assertFalse(Arrays.equals(want, reference(m, null, 5)), "the control map changed nothing");
            int n = 0;
            for (Layout l : List.of(new Layout(Layout.UNTILED, 4, 0), new Layout(7, 3, 0), new Layout(16, 5, 0), new Layout(3, 8, 0), new Layout(23, 32, 40)))
                assertArrayEquals(want, tiled(m, control, l, new ReferenceBackend(), "ref" + n++), "reference backend, layout " + l);
            List<String> backends = new ArrayList<>(List.of("cpu"));
            if (Backends.names().contains("opencl") && openClWorks()) backends.add("opencl");
            for (String name : backends)
                for (int threads = 1; threads <= 2; threads++)
                    try (Backend b = Backends.create(name, new BackendOptions(threads, null), null)) {
                        for (Layout l : List.of(new Layout(Layout.UNTILED, 8, 0), new Layout(13, 4, 0)))
                            assertArrayEquals(want, tiled(m, control, l, b, name + threads + "-" + n++), name + ", " + threads + " threads, layout " + l);
                    }
        }
    }

    static boolean openClWorks() {
        try (Backend b = Backends.create("opencl", new BackendOptions(1, null), null)) {
            return true;
        } catch (RuntimeException e) {
            System.out.println("OpenCL part skipped: " + e.getMessage());
            return false;
        }
    }
}
