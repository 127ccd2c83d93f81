package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cellscape.model.ModelIO;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real CLI processes writing one output with different scratch folders: the second is refused while the first
 * holds the output, the first's file is complete (read back by libvips and byte-identical to a render alone), and a
 * killed holder leaves no lock that blocks the next run.
 */
class ConcurrentRendersTest {
    @TempDir
    Path dir;

    private List<String> command(Path model, Path out, String seed, Path scratch) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> c = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.cellscape.cli.Main", "render",
                "--model", model.toString(), "--backend", "reference", "--size", "200x180", "--tile", "32", "--seed", seed,
                "--schedule", "auto:noise:32, x2:bilinear:24", "--out", out.toString(), "--checkpoint-every-ms", "0", "--quiet"));
        if (scratch != null) c.addAll(List.of("--scratch", scratch.toString()));
        return c;
    }

    private static Process start(List<String> cmd, Path log) throws Exception {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int finish(Process p) throws Exception {
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "render finished");
        return p.exitValue();
    }

    /** Waits until the first render is computing: its checkpoint exists (its output was claimed before). */
    private static void awaitComputing(Process p, Path out) throws Exception {
        Path manifest = out.resolveSibling(out.getFileName() + ".cellscape-scratch").resolve("manifest.json");
        while (p.isAlive() && !Files.exists(manifest)) Thread.sleep(5);
        assertTrue(p.isAlive(), "the first render is still running");
    }

    private Set<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void aSecondRenderToTheSameOutputIsRefusedAndTheFirstFileIsWhole() throws Exception {
        assumeTrue(RenderCommandTest.has("vips"), "vips not installed (apt-get install libvips-tools)");
        Path model = dir.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(5, 6, 16), model);
        Path alone = dir.resolve("alone.tif");
        assertEquals(0, finish(start(command(model, alone, "1", null), dir.resolve("alone.log"))), Files.readString(dir.resolve("alone.log")));

        Files.createDirectories(dir.resolve("out"));
        Path out = dir.resolve("out").resolve("c.tif");
        Process a = start(command(model, out, "1", null), dir.resolve("a.log"));
        awaitComputing(a, out);
        Process b = start(command(model, out, "3", dir.resolve("scr3")), dir.resolve("b.log"));
        int bCode = finish(b);
        boolean aWasRunning = a.isAlive();
        String bLog = Files.readString(dir.resolve("b.log")).replaceAll("(?m)^WARNING:.*\\R", "");
        int aCode = finish(a);
        assertEquals(4, bCode, bLog);
        assertEquals(1, bLog.strip().lines().count(), bLog);
        assertTrue(bLog.contains("another render is writing " + out), bLog);
        assertTrue(aWasRunning, "the second render ended while the first was still running (else this test proves nothing)");
        assertEquals(0, aCode, Files.readString(dir.resolve("a.log")));
        assertTrue(!Files.exists(dir.resolve("scr3")), "the refused render made no scratch folder");

        String avg = RenderCommandTest.tool("vips", "avg", out.toString());
        assertTrue(avg.strip().matches("[0-9.]+"), "libvips reads every pixel: " + avg);
        assertEquals(RenderCommandTest.sha(alone), RenderCommandTest.sha(out), "the first render's file is its own, whole");
        assertEquals(Set.of("c.tif", "c.json"), names(), "no lock, partial or scratch left");
    }

    @Test
    void aKilledHolderLeavesNoLockThatBlocks() throws Exception {
        Path model = dir.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(5, 6, 16), model);
        Files.createDirectories(dir.resolve("out"));
        Path out = dir.resolve("out").resolve("c.tif");
        Process a = start(command(model, out, "1", null), dir.resolve("a.log"));
        awaitComputing(a, out);
        a.destroyForcibly().waitFor();
        assertTrue(Files.exists(out.resolveSibling("c.tif.lock")), "the killed render left its lock file");
        Process again = start(command(model, out, "1", null), dir.resolve("again.log"));
        assertEquals(0, finish(again), Files.readString(dir.resolve("again.log")));
        assertEquals(Set.of("c.tif", "c.json"), names(), "no lock, partial or scratch left");
    }
}
