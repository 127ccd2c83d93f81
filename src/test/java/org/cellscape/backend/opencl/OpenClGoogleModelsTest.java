package org.cellscape.backend.opencl;

import static org.cellscape.backend.opencl.OpenClTestSupport.assertSameBits;
import static org.cellscape.backend.opencl.OpenClTestSupport.copy;
import static org.cellscape.backend.opencl.OpenClTestSupport.reference;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.GoogleImport;
import org.junit.jupiter.api.Test;

/** Trained weights too: a few of Google's texture NCAs (shared data), OpenCL against the reference, bit for bit. */
class OpenClGoogleModelsTest {
    static final Path MODELS = Path.of("../shared/data/google-texture-ca/models.json");

    @Test
    void trainedModelsMatchTheReferenceBitForBit() {
        assumeTrue(Files.isRegularFile(MODELS), "shared data not found at " + MODELS.toAbsolutePath() + " (CI has shared/ beside the clone)");
        ClDevice device = OpenClTestSupport.deviceOrSkip();
        List<GoogleImport.Entry> all = GoogleImport.read(MODELS);
        try (OpenClBackend b = new OpenClBackend(device, Tuning.DEFAULT.withKernel("compact").withWorkGroup(64))) {
            for (GoogleImport.Entry e : List.of(all.get(0), all.get(all.size() / 3), all.get(2 * all.size() / 3), all.get(all.size() - 1))) {
                Tile start = CheckModels.state(48, 40, e.model().channels(), 0, 0, 48, 40, 1f, 11);
                StepContext ctx = new StepContext(5, e.model().fireRate());
                Tile expected = reference(start, e.model(), ctx, 0, 0, 8);
                Tile got = copy(start);
                b.advance(got, e.model(), ctx, 0, 0, 8);
                assertSameBits(expected, got, e.name());
            }
        }
    }
}
