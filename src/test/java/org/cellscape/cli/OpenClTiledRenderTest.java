package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellscape.engine.Backend;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.BackendUnavailableException;
import org.cellscape.backend.Backends;
import org.cellscape.testing.TestModels;
import org.cellscape.model.ModelIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiling invariance holds on the OpenCL backend too (same file bytes for every tile size), and its pixels equal
 * the CPU backend's (the files differ only in the backend name they record).
 */
class OpenClTiledRenderTest {
    @TempDir
    Path dir;

    @Test
    void sameFileForEveryTileSizeAndTheCpuBackend() throws Exception {
        try (Backend b = Backends.create("opencl", BackendOptions.DEFAULT, null)) {
            // available: go on
        } catch (BackendUnavailableException e) {
            Assumptions.abort("no OpenCL device on this machine: " + e.getMessage());
        }
        Path model = dir.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(99, 5, 8), model);
        String[][] variants = {{"--backend", "opencl", "--tile", "64"}, {"--backend", "opencl", "--tile", "257"},
                {"--backend", "opencl", "--tile", "untiled"}};
        String want = null;
        for (int i = 0; i < variants.length; i++) {
            Path out = dir.resolve("v" + i + ".tif");
            List<String> a = new ArrayList<>(List.of("render", "--model", model.toString(), "--schedule", RenderCommandTest.SCHEDULE,
                    "--seed", "5", "--size", "300x190", "--quiet", "--out", out.toString()));
            a.addAll(List.of(variants[i]));
            CliTestSupport r = CliTestSupport.run(a.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            String s = RenderCommandTest.sha(out);
            if (want != null) assertEquals(want, s, String.join(" ", variants[i]));
            want = s;
        }
        Path cpu = dir.resolve("cpu.tif");
        assertEquals(0, CliTestSupport.run("render", "--model", model.toString(), "--schedule", RenderCommandTest.SCHEDULE,
                "--seed", "5", "--size", "300x190", "--quiet", "--out", cpu.toString(), "--backend", "cpu").code());
        assertArrayEquals(RenderCommandTest.pixels(cpu), RenderCommandTest.pixels(dir.resolve("v0.tif")));
    }
}
