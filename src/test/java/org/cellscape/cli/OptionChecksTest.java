package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellscape.CellscapeException;
import org.cellscape.model.ModelIO;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values presets refuse are refused on the command line too, in one line with exit 2, before anything is written. */
class OptionChecksTest {
    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void model() {
        model = dir.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(3, 5, 8), model);
    }

    CliTestSupport render(String... extra) {
        List<String> a = new ArrayList<>(List.of("render", "--model", model.toString(), "--size", "24x16", "--out", dir.resolve("o.png").toString()));
        a.addAll(List.of(extra));
        if (!a.contains("--schedule")) a.addAll(List.of("--schedule", "auto:noise:4"));
        return CliTestSupport.run(a.toArray(String[]::new));
    }

    void usage(CliTestSupport r, String words) {
        assertEquals(CellscapeException.USAGE, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(words), r.err());
        assertFalse(Files.exists(dir.resolve("o.png")));
    }

    @Test
    void tileZeroIsNotAuto() {
        usage(render("--backend", "reference", "--tile", "0"), "--tile");
        assertEquals(0, render("--backend", "reference", "--tile", "auto").code());
    }

    @Test
    void aDeviceSelectorForABackendWithoutDevicesIsRefused() {
        usage(render("--backend", "cpu", "--device", "zzz"), "no devices");
        usage(render("--backend", "reference", "--device", "zzz"), "'zzz'");
    }

    @Test
    void scheduleStepsAreCappedAsInPresets() {
        // plan, not render: without the cap a render would run for days
        usage(CliTestSupport.run("plan", "--model", model.toString(), "--size", "24", "--schedule", "auto:zeros:99999999"), "0..1000000");
        usage(CliTestSupport.run("plan", "--model", model.toString(), "--size", "24", "--schedule", "auto:zeros:4, x2:1000001"), "0..1000000");
    }

    @Test
    void nonFiniteOrZeroLooksAreRefused() {
        for (String v : new String[]{"NaN", "Infinity", "0", "-0.5", "1.5"}) usage(render("--backend", "reference", "--fire-rate", v), "fire");
        for (String v : new String[]{"NaN", "Infinity", "-Infinity", "0"}) usage(render("--backend", "reference", "--colour-scale", v), "colour");
        for (String v : new String[]{"NaN", "Infinity"}) usage(render("--backend", "reference", "--colour-offset", v), "colour");
    }
}
