package org.cellscape.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.cellscape.testing.Typed;

/** Any bytes as a models.json atlas: models, or a one-line refusal with exit 3. */
class GoogleImportFuzzTest {
    private static final Path FILE = Path.of("models.json");

    @FuzzTest(maxDuration = "3s")
    void anyBytes(byte[] bytes) {
        Typed.refusalOk(() -> GoogleImport.parse(FILE, bytes), CellscapeException.BAD_INPUT);
    }
}
