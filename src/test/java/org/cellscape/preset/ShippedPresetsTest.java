package org.cellscape.preset;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cellscape.batch.Degeneracy;
import org.junit.jupiter.api.Test;

/** The presets in presets/: they resolve, have descriptions, use the shipped models, and their patterns live. */
class ShippedPresetsTest {
    static final Path PRESETS = Path.of("presets");

    @Test
    void everyShippedPresetResolvesAndLives() {
        assumeTrue(Files.isRegularFile(PRESETS.resolve("default.yaml")), "no presets/default.yaml (run from the repository root)");
        List<Path> files = Presets.list(PRESETS);
        assertTrue(files.size() >= 8, "at least 8 presets: " + files);
        Set<String> names = new HashSet<>();
        for (Path f : files) {
            ResolvedPreset p = Presets.resolveWith(f, List.of());
            assertTrue(names.add(p.name()), "names are unique: " + p.name());
            assertFalse(p.description().isBlank(), f + " has a description");
            assertEquals(PRESETS.resolve("models").toAbsolutePath().normalize(), p.model().toAbsolutePath().getParent().normalize(),
                    f + " uses a shipped model");
            assertTrue(p.schedule().levelCount() >= 3, f + " is multiscale");
            Degeneracy.Verdict v;
            try (var b = org.cellscape.backend.Backends.create("auto", org.cellscape.backend.BackendOptions.DEFAULT, null)) {
                v = Degeneracy.check(p, b, 160 * 160);
            }
            assertEquals(Degeneracy.Kind.OK, v.kind(), f + ": " + v.message());
        }
    }
}
