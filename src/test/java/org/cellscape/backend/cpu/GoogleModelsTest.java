package org.cellscape.backend.cpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.GoogleImport;
import org.junit.jupiter.api.Test;

/** Trained weights, not just random ones: a few of Google's texture NCAs, cpu against the reference. */
class GoogleModelsTest {
    static final Path MODELS = Path.of("../shared/data/google-texture-ca/models.json");

    @Test
    void trainedModelsMatchTheReferenceBitForBit() {
        assumeTrue(Files.isRegularFile(MODELS), "shared data not found at " + MODELS.toAbsolutePath() + " (CI has shared/ beside the clone)");
        List<GoogleImport.Entry> all = GoogleImport.read(MODELS);
        try (CpuBackend cpu = new CpuBackend(new BackendOptions(2, null))) {
            for (GoogleImport.Entry e : List.of(all.get(0), all.get(all.size() / 2), all.get(all.size() - 1))) {
                Tile start = TestStates.noise(48, 40, e.model().channels(), 0, 0, 48, 40, 11, 1f);
                StepContext ctx = new StepContext(5, e.model().fireRate());
                Tile ref = TestStates.copy(start), t = TestStates.copy(start);
                new ReferenceBackend().advance(ref, e.model(), ctx, 0, 0, 6);
                cpu.advance(t, e.model(), ctx, 0, 0, 6);
                TestStates.assertSameInterior(ref, t, 0, e.name());
            }
        }
    }
}
