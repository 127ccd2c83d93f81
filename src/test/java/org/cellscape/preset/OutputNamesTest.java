package org.cellscape.preset;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellscape.testing.TestModels;
import org.cellscape.CellscapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputNamesTest {
    @TempDir
    Path dir;

    private ResolvedPreset preset(String name, String... sets) throws IOException {
        TestModels.write(TestModels.still(), dir, "m.safetensors");
        Path p = dir.resolve("p.yaml");
        Files.writeString(p, "model: m.safetensors\nsize: 64x32\n");
        List<Setting> o = new java.util.ArrayList<>();
        o.add(new Setting("name", name, Origin.argument("test")));
        for (String s : sets) o.add(Presets.parseSet(s, "--set"));
        return Presets.resolveWith(p, o);
    }

    @Test
    void templateFillsPlaceholders() throws IOException {
        ResolvedPreset r = preset("lichen", "seed=7", "schedule.levels[2].steps=16");
        assertEquals("lichen-7-64x32", OutputNames.expand(OutputNames.DEFAULT_TEMPLATE, r, 3));
        assertEquals("j3-lichen-16", OutputNames.expand("j{job}-{preset}-{schedule.levels[2].steps}", r, 3));
        assertEquals("{preset}-{seed}-{size}-levels2.steps{schedule.levels[2].steps}-fire_rate{fire_rate}",
                OutputNames.defaultTemplate(List.of("seed", "schedule.levels[2].steps", "fire_rate")));
        CellscapeException e = assertThrows(CellscapeException.class, () -> OutputNames.expand("{preste}", r, 1));
        assertEquals(CellscapeException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("did you mean 'preset'"), e.getMessage());
    }

    @Test
    void namesNeverEscapeTheFolder() throws IOException {
        Path out = dir.resolve("out");
        List<String> evil = List.of("../../etc/passwd", "/etc/passwd", "..", ".", "", "a/../../b", "..\\..\\win",
                "~/x", "$(rm -rf /)", "\u0000nul", "name\nwith\nlines", ".hidden", "-rf", "CON", "a".repeat(400),
                "ok/..", "....//....//x", "\u2215etc\u2215passwd", "%2e%2e%2fx");
        for (String name : evil) {
            for (String template : List.of("{preset}", name, "{preset}/" + name, name + "{seed}")) {
                ResolvedPreset r = preset(name);
                Path p = OutputNames.resolve(out, OutputNames.expand(template, r, 1), ".png");
                assertEquals(out.toAbsolutePath().normalize(), p.getParent(), template + " -> " + p);
                String file = p.getFileName().toString();
                assertFalse(file.contains("..") || file.contains("/") || file.contains("\\") || file.startsWith(".")
                        || file.startsWith("-"), file);
                assertTrue(file.endsWith(".png") && file.length() > 4 && file.length() <= OutputNames.MAX_LENGTH + 4, file);
                assertTrue(file.matches("[A-Za-z0-9._+=,-]+"), file);
            }
        }
        assertEquals("render.png", OutputNames.resolve(out, "..", ".png").getFileName().toString());
        assertEquals("_.png", OutputNames.resolve(out, "../..", ".png").getFileName().toString());
        assertEquals("_CON.png", OutputNames.resolve(out, "CON", ".png").getFileName().toString());
    }
}
