package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shipped model, rendered from zeros by the engine for thousands of steps, forms a texture and keeps it:
 * no NaN, no explosion, no dying out, colours near its exemplar's. A multi-rule model is checked rule by rule, each
 * rule's one-hot control over the whole grid against that rule's exemplar.
 */
class ShippedModelsTest {
    static final Path MODELS = Path.of("presets/models");
    static final int SIZE = 64, STEPS = 2000;

    static List<Path> models() throws Exception {
        assumeTrue(Files.isDirectory(MODELS), "no presets/models folder (run from the repository root)");
        try (var s = Files.list(MODELS)) {
            return s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
    }

    @Test
    void atLeastEightModelsAreShipped() throws Exception {
        assertTrue(models().size() >= 8, "expected at least 8 shipped models, found " + models().size());
    }

    /** The checks can fail: an untrained model (it stays at zero, flat grey) under a shipped exemplar's name is rejected. */
    @Test
    void anUntrainedModelFailsTheChecks(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assumeTrue(Files.exists(MODELS.resolve("exemplars/cells.png")), "no shipped exemplars");
        NcaModel blank = NcaParams.initial(12, 96, 4, 1).toModel("blank").toBuilder().metadata("exemplar", "cells.png").build();
        Path f = tmp.resolve("blank.safetensors");
        ModelIO.write(blank, f);
        assertThrows(org.opentest4j.AssertionFailedError.class, () -> check(f));
    }

    @TestFactory
    Stream<DynamicTest> shippedModelsFormStableTextures() throws Exception {
        return models().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    static void check(Path file) {
        NcaModel m = ModelIO.read(file);
        String ex = m.metadata().get("exemplar");
        assertNotNull(ex, "model metadata names no exemplar");
        String[] exs = ex.split(",");
        assertEquals(Math.max(1, m.extraInputs()), exs.length, "one exemplar per rule");
        for (int r = 0; r < exs.length; r++) {
            Exemplar e = Exemplar.read(MODELS.resolve("exemplars").resolve(exs[r]));
            String name = file.getFileName() + (m.extraInputs() > 0 ? " rule " + r : "");
            check(m, e, Quality.render(m, SIZE, STEPS, 7, Quality.oneHot(m, SIZE, m.extraInputs() > 0 ? r : -1)), name);
        }
    }

    static void check(NcaModel m, Exemplar e, float[] s, String name) {
        float bound = Float.isNaN(m.clipState()) ? 1e3f : m.clipState();
        for (float v : s) {
            assertTrue(Float.isFinite(v), "non-finite state");
            assertTrue(Math.abs(v) <= bound, "state beyond its clip: " + v);
        }
        double[] img = Quality.colours(s, SIZE, m, true);
        int n = SIZE * SIZE;
        double[] want = e.meanColour();
        double[] wantStd = std(e.rgb(), e.width() * e.height(), want);
        double[] mean = new double[3];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) mean[c] += img[c * n + i];
            mean[c] /= n;
        }
        double[] std = std(img, n, mean);
        int saturated = 0;
        for (int i = 0; i < n; i++) {
            boolean flat = true;
            for (int c = 0; c < 3; c++) flat &= img[c * n + i] <= 0 || img[c * n + i] >= 1;
            if (flat) saturated++;
        }
        String where = name + ": mean " + java.util.Arrays.toString(mean) + " vs " + java.util.Arrays.toString(want)
                + ", std " + java.util.Arrays.toString(std) + " vs " + java.util.Arrays.toString(wantStd);
        for (int c = 0; c < 3; c++) {
            assertEquals(want[c], mean[c], 0.12, "mean colour off; " + where);
            assertTrue(std[c] > 0.3 * wantStd[c] || wantStd[c] < 0.02, "texture died out or never formed; " + where);
            assertTrue(std[c] < 2.0 * wantStd[c] + 0.05, "colour noise far beyond the exemplar's; " + where);
        }
        assertTrue(saturated < n / 4, "colours saturated flat in " + saturated + " of " + n + " cells; " + where);
    }

    static double[] std(double[] img, int n, double[] mean) {
        double[] s = new double[3];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) s[c] += (img[c * n + i] - mean[c]) * (img[c * n + i] - mean[c]);
            s[c] = Math.sqrt(s[c] / n);
        }
        return s;
    }
}
