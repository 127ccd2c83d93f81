package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint whose key was edited (its settings untouched) is refused with a message that says so. */
class EditedCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void anEditedKeyIsNamedNotAnEmptyListOfDifferences() throws Exception {
        Path out = dir.resolve("o.png"), scratch = dir.resolve("s");
        String[] args = {"render", "--model", GoldenRendersTest.SPOTS, "--size", "48", "--schedule", "auto:noise:4, x2:4", "--tile", "16",
                "--backend", "cpu", "--scratch", scratch.toString(), "--keep-scratch", "--quiet", "--out", out.toString()};
        assertEquals(0, CliTestSupport.run(args).code());
        Path manifest;
        try (var s = Files.walk(scratch)) {
            manifest = s.filter(p -> p.getFileName().toString().equals("manifest.json")).findFirst().orElseThrow();
        }
        String m = Files.readString(manifest);
        String edited = m.replaceFirst("(\"key\"\\s*:\\s*\")([0-9a-f])", "$1" + "0");
        if (edited.equals(m)) edited = m.replaceFirst("(\"key\"\\s*:\\s*\")([0-9a-f])", "$1" + "1");
        assertFalse(edited.equals(m), "the manifest has a key to edit: " + m);
        Files.writeString(manifest, edited);
        CliTestSupport r = CliTestSupport.run(args);
        assertEquals(CellscapeException.RESUME_MISMATCH, r.code(), r.err());
        assertFalse(r.err().contains("( differ)"), r.err());
        assertTrue(r.err().contains("edited or damaged"), r.err());
    }
}
