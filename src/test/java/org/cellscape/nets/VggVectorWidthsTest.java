package org.cellscape.nets;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.cellscape.testing.ChildJvm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The style losses give the same bits at the vector widths of other machines and in the interpreter. */
class VggVectorWidthsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"-XX:MaxVectorSize=16", "-XX:UseAVX=2", "-Xint"})
    void sameBitsAtOtherWidths(String flags) throws IOException, InterruptedException {
        assumeTrue(!flags.contains("UseAVX") || ChildJvm.x86(), "-XX:UseAVX is an x86 flag");
        String out = ChildJvm.run(flags, VggSpeciesCheck.class);
        assertTrue(out.contains("fingerprint " + VggSpeciesCheck.fingerprint()), "not the bits of this JVM's width: " + out);
    }
}
