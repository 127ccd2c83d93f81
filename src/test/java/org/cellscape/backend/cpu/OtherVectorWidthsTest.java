package org.cellscape.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel is written for any vector width; this machine's JVM picks one. These runs restrict it
 * (-XX:MaxVectorSize=16: 4 lanes, 32: 8 lanes, as on SSE/NEON and AVX2 machines) in a child JVM and check the
 * results against the reference there.
 */
class OtherVectorWidthsTest {
    @ParameterizedTest(name = "MaxVectorSize={0}")
    @ValueSource(ints = {16, 32})
    void bitExactAtOtherWidths(int bytes) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=" + bytes,
                "-cp", System.getProperty("java.class.path"), SpeciesCheck.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("vector bits " + bytes * 8), out);
    }
}
