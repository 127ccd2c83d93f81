package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.cellscape.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trainer's kernels at the vector widths of other machines (128-bit NEON/SSE, 256-bit AVX2), in child JVMs: the
 * checks pass there, and gradients and loss are the same bits as here, so a model trains the same on every machine.
 */
class TrainVectorWidthsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"-XX:MaxVectorSize=16, 128", "-XX:MaxVectorSize=32, 256", "-XX:UseAVX=2, 256", "-XX:UseAVX=2 -XX:MaxVectorSize=16, 128"})
    void trainerChecksAtOtherWidths(String flags, int bits) throws IOException, InterruptedException {
        assumeTrue(!flags.contains("UseAVX") || ChildJvm.x86(), "-XX:UseAVX is an x86 flag");
        String out = ChildJvm.run(flags, TrainSpeciesCheck.class);
        assertTrue(out.contains("vector bits " + bits + ", trainer checks passed"), out);
        assertTrue(out.contains("fingerprint " + TrainSpeciesCheck.fingerprint()), "not the bits of this JVM's width: " + out);
    }

    /** Interpreted, every Vector API operation takes its Java fallback: the same bits again (a lane sum would not be). */
    @Test
    void sameBitsWithoutTheJit() throws IOException, InterruptedException {
        String out = ChildJvm.run("-Xint", TrainSpeciesCheck.class, "fingerprint");
        assertTrue(out.contains("fingerprint " + TrainSpeciesCheck.fingerprint()), out);
    }
}
