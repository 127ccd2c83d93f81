package org.cellscape.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.cellscape.testing.Typed;

/** Any bytes as a model file: a model, or a one-line refusal with exit 3. */
class SafeTensorsFuzzTest {
    private static final Path FILE = Path.of("fuzzed.safetensors");

    @FuzzTest(maxDuration = "3s")
    void anyBytes(byte[] bytes) {
        Typed.refusalOk(() -> ModelIO.fromContents(FILE, SafeTensors.parse(FILE, bytes)), CellscapeException.BAD_INPUT);
    }
}
