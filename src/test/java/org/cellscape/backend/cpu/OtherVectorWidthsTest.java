package org.cellscape.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.cellscape.testing.ChildJvm;
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
        assumeTrue(registers == 0 || ChildJvm.x86(), "-XX:UseAVX is an x86 flag");
        String out = ChildJvm.run(flags, SpeciesCheck.class);
        assertTrue(out.contains("vector bits " + bits + ","), out);
        if (registers > 0) {
            assertTrue(out.contains("registers " + registers + ","), out);
            assertTrue(out.contains(Blocking.table(bits, registers) + " blocking"), out);
        }
    }
}
