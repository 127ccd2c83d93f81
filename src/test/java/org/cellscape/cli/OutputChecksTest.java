package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cellscape.model.ModelIO;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs that cannot be right are refused before any work, in one line: same files, folders, places that take no files. */
class OutputChecksTest {
    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void model() {
        model = dir.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(3, 5, 8), model);
    }

    CliTestSupport render(String... extra) {
        List<String> a = new ArrayList<>(List.of("render", "--model", model.toString(), "--schedule", "auto:noise:4, x2:3",
                "--backend", "reference", "--size", "40x30"));
        a.addAll(List.of(extra));
        return CliTestSupport.run(a.toArray(String[]::new));
    }

    /** One line naming the file, the exit code, and nothing computed: no scratch folder, no partial file. */
    void refused(CliTestSupport r, int code, String... words) throws Exception {
        assertEquals(code, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        for (String w : words) assertTrue(r.err().contains(w), r.err());
        try (Stream<Path> s = Files.walk(dir)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".cellscape-scratch") || p.toString().endsWith(".partial")
                    || p.toString().endsWith(".lock")), "nothing was started");
        }
    }

    @Test
    void outputAndStateOutAsOneFileAreRefused() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Path out = dir.resolve("a.png");
        refused(render("--out", out.toString(), "--state-out", dir.resolve("sub").resolve("..").resolve("a.png").toString()), 2, "same file", "a.png");
        assertFalse(Files.exists(out));
    }

    @Test
    void stateInAndStateOutThroughALinkAreRefused() throws Exception {
        Path state = dir.resolve("s.npy");
        assertEquals(0, render("--out", dir.resolve("first.png").toString(), "--state-out", state.toString()).code());
        byte[] before = Files.readAllBytes(state);
        Path link = dir.resolve("link.npy");
        Files.createSymbolicLink(link, state.getFileName());
        Files.delete(dir.resolve("first.png"));
        Files.delete(dir.resolve("first.json"));
        CliTestSupport r = CliTestSupport.run("render", "--model", model.toString(), "--schedule", "auto:noise:2", "--backend", "reference",
                "--state-in", state.toString(), "--state-out", link.toString(), "--out", dir.resolve("b.png").toString());
        refused(r, 2, "same file", "link.npy");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(state)), "the start state is untouched");
    }

    @Test
    void aFolderAsOutputIsRefusedBeforeWork() throws Exception {
        Files.createDirectories(dir.resolve("d.png"));
        refused(render("--out", dir.resolve("d.png").toString()), 4, "d.png", "is a folder");
        Files.createDirectories(dir.resolve("s.npy"));
        refused(render("--out", dir.resolve("e.png").toString(), "--state-out", dir.resolve("s.npy").toString()), 4, "s.npy", "is a folder");
    }

    @Test
    void aPseudoFileSystemAsOutputSaysItTakesNoFiles() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here");
        refused(render("--out", "/proc/x.png"), 4, "/proc/x.png", "takes no new files");
        refused(render("--out", dir.resolve("x.png").toString(), "--scratch", "/proc/scr"), 4, "scratch folder /proc/scr", "takes no new files");
    }
}
