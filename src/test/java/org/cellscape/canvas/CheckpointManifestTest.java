package org.cellscape.canvas;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged manifest is refused with exit 7 when it is read, never a crash later. */
class CheckpointManifestTest {
    @TempDir
    Path dir;

    @Test
    void anImpossibleLayoutIsRefusedOnRead() throws Exception {
        Checkpoint.start(Map.of("seed", "1"), new Layout(256, 32, 1 << 20)).write(dir);
        Path f = dir.resolve(Checkpoint.FILE);
        assertEquals(32, Checkpoint.read(dir).passSteps());
        Files.writeString(f, Files.readString(f).replaceFirst("\"passSteps\" : 32", "\"passSteps\" : 0"));
        CellscapeException e = assertThrows(CellscapeException.class, () -> Checkpoint.read(dir));
        assertEquals(CellscapeException.RESUME_MISMATCH, e.exitCode());
        assertTrue(e.getMessage().startsWith("checkpoint " + f + " is damaged ("), e.getMessage());
        for (String damaged : new String[]{"null", "{\"format\": 1}"}) {
            Files.writeString(f, damaged);
            e = assertThrows(CellscapeException.class, () -> Checkpoint.read(dir), damaged);
            assertEquals(CellscapeException.RESUME_MISMATCH, e.exitCode());
        }
    }
}
