package org.cellscape.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kernel is written for any vector width; this machine's JVM picks one. These runs restrict it in a child JVM
 * (-XX:MaxVectorSize=16: 4 lanes, 32: 8 lanes, as on NEON and AVX2 machines; on x86 -XX:UseAVX=2 also leaves the JIT
 * only the 16 registers of AVX2) and check every block shape against the reference there.
 */
class OtherVectorWidthsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"-XX:MaxVectorSize=16, 128, 0", "-XX:MaxVectorSize=32, 256, 0",
            "-XX:UseAVX=2, 256, 16", "-XX:UseAVX=2 -XX:MaxVectorSize=16, 128, 16"})
    void bitExactAtOtherWidths(String flags, int bits, int registers) throws IOException, InterruptedException {
        String arch = System.getProperty("os.arch");
        assumeTrue(registers == 0 || arch.equals("amd64") || arch.equals("x86_64"), "-XX:UseAVX is an x86 flag");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(List.of(flags.split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SpeciesCheck.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("vector bits " + bits + ","), out);
        if (registers > 0) {
            assertTrue(out.contains("registers " + registers + ","), out);
            assertTrue(out.contains(Blocking.table(bits, registers) + " blocking"), out);
        }
    }
}
