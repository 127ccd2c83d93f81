package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cellscape.testing.TestModels;
import org.cellscape.model.ModelIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the real CLI, a separate JVM, with SIGKILL at random moments, resumes, and checks the final file is
 * byte-identical to an uninterrupted render and never appeared incomplete under its final name.
 */
class ResumeAfterKillTest {
    @TempDir
    Path dir;

    static List<String> command(Path model, Path out, String... extra) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> c = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.cellscape.cli.Main", "render",
                "--model", model.toString(), "--backend", "reference", "--size", "230x170", "--tile", "24", "--seed", "3",
                "--schedule", "auto:noise:12, x2:bilinear:10, x2:nearest:9", "--store", "float16", "--state-out",
                out.resolveSibling(out.getFileName() + ".npy").toString(), "--out", out.toString(), "--checkpoint-every-ms", "0", "--quiet"));
        c.addAll(List.of(extra));
        return c;
    }

    static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static Process start(List<String> cmd, Path log) throws Exception {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void killedRendersResumeToTheSameBytes() throws Exception {
        Path model = dir.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(21, 6, 16), model);
        Path ref = dir.resolve("ref").resolve("out.tif");
        Files.createDirectories(ref.getParent());
        long t0 = System.nanoTime();
        Process p = start(command(model, ref), dir.resolve("ref.log"));
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "uninterrupted render finished");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("ref.log")));
        long fullMillis = (System.nanoTime() - t0) / 1_000_000;
        String want = RenderCommandTest.sha(ref), wantState = RenderCommandTest.sha(ref.resolveSibling("out.tif.npy"));

        Path out = dir.resolve("run").resolve("out.tif");
        Files.createDirectories(out.getParent());
        Random r = new Random(8);
        int kills = 0;
        String log = null;
        Path manifest = out.resolveSibling("out.tif.cellscape-scratch").resolve("manifest.json");
        for (int attempt = 0; log == null; attempt++) {
            Path logFile = dir.resolve("run" + attempt + ".log");
            Process q = start(command(model, out), logFile);
            // Kill after a random number of checkpoints (tiles) plus a random slice of the next tile; the fifth run finishes.
            int target = attempt < 4 ? 1 + r.nextInt(30) : Integer.MAX_VALUE;
            String last = read(manifest);
            for (int seen = 0; q.isAlive() && seen < target; Thread.sleep(5)) {
                String now = read(manifest);
                if (!now.equals(last)) { seen++; last = now; }
            }
            if (q.isAlive()) Thread.sleep(r.nextInt(60));
            if (!q.isAlive()) {
                q.waitFor();
                log = Files.readString(logFile);
                assertEquals(0, q.exitValue(), log);
                break;
            }
            q.destroyForcibly().waitFor();
            kills++;
            // a killed run never leaves a file under the final name unless it is complete
            if (Files.exists(out)) assertEquals(want, RenderCommandTest.sha(out), "complete file after kill " + attempt);
        }
        assertTrue(log.contains("resuming from"), "the finishing run resumed: " + log);
        assertEquals(want, RenderCommandTest.sha(out), "resumed after " + kills + " kills");
        assertEquals(wantState, RenderCommandTest.sha(out.resolveSibling("out.tif.npy")), "state-out after " + kills + " kills");
        assertTrue(kills >= 2, "the render was interrupted (" + kills + " kills, full run " + fullMillis + " ms)");
        assertTrue(!Files.exists(out.resolveSibling("out.tif.partial")) && !Files.exists(out.resolveSibling("out.tif.cellscape-scratch")),
                "no partial file or scratch left: " + String.join(",", new File(out.getParent().toString()).list()));
        System.out.println("resume test: " + kills + " kills, full render " + fullMillis + " ms; last run said: "
                + log.replace("WARNING: Using incubator modules: jdk.incubator.vector", "").strip()); // the JVM's line, not the program's
    }
}
