package org.cellscape.preset;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellscape.CellscapeException;
import org.cellscape.testing.TestModels;
import org.cellscape.testing.Typed;

/**
 * Any bytes as a preset file (beside a real model at models/m.safetensors): a resolved preset, or a one-line
 * refusal (exit 3 for the file's own problems, 5 for sizes that cannot fit).
 */
class PresetFuzzTest {
    private static final Path DIR, PRESET;

    static {
        try {
            DIR = Files.createTempDirectory("preset-fuzz");
            Path models = Files.createDirectories(DIR.resolve("models"));
            TestModels.write(TestModels.still(), models, "m.safetensors");
            PRESET = DIR.resolve("p.yaml");
            for (Path p : List.of(DIR, models, models.resolve("m.safetensors"), PRESET)) p.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "3s")
    void anyBytes(byte[] bytes) throws IOException {
        Files.write(PRESET, bytes);
        Typed.refusalOk(() -> Presets.resolveWith(PRESET, List.of()), CellscapeException.BAD_INPUT, CellscapeException.DOES_NOT_FIT);
    }
}
