package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cellscape.model.ModelIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {
    @TempDir
    Path dir;

    @Test
    void showPrintsFamilyChannelsKernelsSizesAndMetadata() throws Exception {
        Path p = Path.of(getClass().getResource("/fixtures/pytorch-tiny.safetensors").toURI());
        CliTestSupport r = CliTestSupport.run("models", "show", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("family     rgba"), r.out());
        assertTrue(r.out().contains("channels   4"), r.out());
        assertTrue(r.out().contains("kernels    4: identity, sobel_x, sobel_y, laplacian"), r.out());
        assertTrue(r.out().contains("16 -> 3 (ReLU) -> 4, no second bias"), r.out());
    }

    @Test
    void showEscapesControlCharactersFromTheModel() {
        Path p = dir.resolve("hostile.safetensors");
        ModelIO.write(org.cellscape.testing.TestModels.random(org.cellscape.model.Family.GOOGLE, 1).toBuilder()
                .metadata("description", "\u001b]0;owned\u0007red \u001b[31m\r\nmeta       license = fake\u202e").build(), p);
        CliTestSupport r = CliTestSupport.run("models", "show", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("meta       description = \\x1b]0;owned\\x07red \\x1b[31m\\r\\nmeta       license = fake\\u202e\n"), r.out());
        assertFalse(r.out().chars().anyMatch(c -> c == 0x1b || c == '\r' || c == 0x202e), r.out());
    }

    @Test
    void badModelExitsThreeWithOneLine() throws Exception {
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, new byte[]{1, 2, 3});
        CliTestSupport r = CliTestSupport.run("models", "show", bad.toString());
        assertEquals(3, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(bad.toString()) && r.err().contains("truncated"), r.err());
    }

    @Test
    void importWritesOneFilePerTexture() {
        Path atlas = Path.of("../shared/data/google-texture-ca/models.json");
        Assumptions.assumeTrue(Files.exists(atlas), "shared data absent");
        CliTestSupport r = CliTestSupport.run("models", "import", atlas.toString(), "--out", dir.resolve("g").toString(), "--only", "dots,mondrian");
        assertEquals(0, r.code(), r.err());
        assertEquals("dots", ModelIO.read(dir.resolve("g/dots.safetensors")).name());
        assertTrue(Files.exists(dir.resolve("g/mondrian.safetensors")));
        assertEquals(2, CliTestSupport.run("models", "import", atlas.toString(), "--out", dir.toString(), "--only", "nope").code());
    }

    @Test
    void usageErrorsExitTwoAndVersionWorks() {
        assertEquals(2, CliTestSupport.run("no-such-command").code());
        assertEquals(2, CliTestSupport.run("models", "show").code());
        CliTestSupport v = CliTestSupport.run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("Cellscape "), v.out());
    }
}
