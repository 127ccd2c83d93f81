package org.cellscape.canvas;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.cellscape.testing.Typed;

/** Any bytes as a scratch folder's manifest.json: a checkpoint, or a one-line refusal with exit 7. */
class CheckpointFuzzTest {
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("checkpoint-fuzz");
            DIR.toFile().deleteOnExit();
            DIR.resolve(Checkpoint.FILE).toFile().deleteOnExit();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "3s")
    void anyBytes(byte[] bytes) throws IOException {
        Files.write(DIR.resolve(Checkpoint.FILE), bytes);
        Typed.refusalOk(() -> {
            Checkpoint c = Checkpoint.read(DIR);
            if (c == null) throw new AssertionError("an existing manifest read as none");
            c.differences(Map.of("seed", "1"));
            c.layout();
        }, CellscapeException.RESUME_MISMATCH);
    }
}
