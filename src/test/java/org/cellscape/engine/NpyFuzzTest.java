package org.cellscape.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.cellscape.testing.Typed;

/** Any bytes as a state file: a header, or a one-line refusal with exit 3. */
class NpyFuzzTest {
    private static final Path FILE = Path.of("fuzzed.npy");

    @FuzzTest(maxDuration = "3s")
    void anyBytes(byte[] bytes) {
        Typed.refusalOk(() -> {
            try {
                Npy.Header h = Npy.readHeader(FILE, new ByteArrayInputStream(bytes), bytes.length);
                if (h.dataOffset() + 4 * h.height() * h.width() * h.channels() != bytes.length)
                    throw new AssertionError("accepted a header whose data does not fill the file: " + h);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }, CellscapeException.BAD_INPUT);
    }
}
