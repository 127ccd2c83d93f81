package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output bytes and exit codes of a fixed set of real CLI runs, recorded in {@code golden/renders.txt} before the
 * pipeline was restructured and checked after: a refactor that changes a byte a user sees fails here. The CPU backend
 * is bit-exact with the reference step, so the hashes do not depend on the machine's vector width.
 * To record on purpose (a change meant to alter output): {@code ./mvnw test -Dtest=GoldenRendersTest -Dgolden.update=true}.
 */
class GoldenRendersTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/renders.txt");
    static final String SPOTS = Path.of("presets/models/spots.safetensors").toAbsolutePath().toString();

    @TempDir
    Path dir;

    final Map<String, String> seen = new LinkedHashMap<>();

    @Test
    void outputsAndExitCodesAreUnchanged() throws Exception {
        // 1. the default preset, small
        Path a = dir.resolve("default.png");
        record("default.exit", run("render", "presets/default.yaml", "--size", "256x144", "--backend", "cpu", "--threads", "2", "--quiet", "--out", a.toString()));
        record("default.png", sha(a));

        // 2. a tiled TIFF with state-out, then resumed from its kept checkpoint: the same bytes again
        Path t = dir.resolve("tiled.tif"), scratch = dir.resolve("scratch"), state = dir.resolve("state.npy");
        List<String> tiled = List.of("render", "--model", SPOTS, "--size", "200x120", "--schedule", "auto:noise:16, x2:bilinear:12, x2:8",
                "--seed", "4", "--tile", "32", "--backend", "cpu", "--threads", "2", "--quiet", "--keep-scratch",
                "--scratch", scratch.toString(), "--state-out", state.toString(), "--out", t.toString());
        record("tiled.exit", run(tiled.toArray(String[]::new)));
        record("tiled.tif", sha(t));
        record("tiled.npy", sha(state));
        Files.delete(t);
        List<String> resumed = new ArrayList<>(tiled);
        resumed.add("--resume");
        record("resumed.exit", run(resumed.toArray(String[]::new)));
        record("resumed.tif", sha(t));

        // 3. a batch of three presets, one of them broken: two renders, one failure, exit 8
        Path presets = Files.createDirectories(dir.resolve("presets")), out = dir.resolve("renders");
        Files.writeString(presets.resolve("a.yaml"), "model: " + SPOTS + "\nschedule: \"auto:noise:8, x2:6\"\nsize: 48x32\nseed: 3\n");
        Files.writeString(presets.resolve("b.yaml"), "name: bee\nmodel: " + SPOTS + "\nschedule: \"auto:zeros:8, x2:nearest:6\"\nsize: 40x40\nbits: 8\nformat: tiff\n");
        Files.writeString(presets.resolve("c.yaml"), "model: missing.safetensors\nsize: 32x32\n");
        record("batch.exit", run("batch", presets.toString(), "--out", out.toString(), "--backend", "cpu", "--threads", "2"));
        try (var files = Files.list(out)) {
            for (Path f : files.sorted().toList()) if (!f.getFileName().toString().endsWith(".json")) record("batch." + f.getFileName(), sha(f));
        }

        // 4. a tune sheet of two seeds
        Path tune = dir.resolve("tune");
        record("tune.exit", run("tune", presets.resolve("a.yaml").toString(), "--vary", "seed=1,2", "--preview", "32", "--backend", "cpu",
                "--threads", "2", "--out", tune.toString()));
        record("tune.sheet.png", sha(tune.resolve("sheet.png")));

        // 5. a plan (without the machine's speed, time and heap size)
        CliTestSupport plan = CliTestSupport.run("plan", "--model", SPOTS, "--size", "4096x4096", "--out", dir.resolve("x.tif").toString(),
                "--memory", "256m", "--scratch", "/tmp", "--backend", "cpu", "--threads", "2");
        record("plan.exit", Integer.toString(plan.code()));
        StringBuilder p = new StringBuilder();
        plan.out().lines().filter(l -> !l.startsWith("time") && !l.startsWith("memory") && !l.startsWith("output") && !l.startsWith("scratch"))
                .forEach(l -> p.append(l).append('\n'));
        record("plan.text", sha(p.toString().getBytes()));

        // 6. exit codes of refusals
        record("missing-model.exit", run("render", "--model", dir.resolve("nope.safetensors").toString(), "--size", "64", "--out", dir.resolve("n.png").toString()));
        record("bad-schedule.exit", run("render", "--model", SPOTS, "--schedule", "auto:zeros:x", "--size", "64", "--out", dir.resolve("n.png").toString()));
        record("bad-option.exit", run("render", "--no-such-option"));

        String text = render(seen);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, text);
            return;
        }
        assertTrue(Files.isRegularFile(GOLDEN), "no golden record " + GOLDEN);
        assertEquals(Files.readString(GOLDEN), text, "output bytes or exit codes changed");
    }

    private void record(String key, String value) {
        seen.put(key, value);
    }

    private static String run(String... args) {
        return Integer.toString(CliTestSupport.run(args).code());
    }

    private static String render(Map<String, String> m) {
        StringBuilder b = new StringBuilder("# key value: written by GoldenRendersTest with -Dgolden.update=true\n");
        m.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
        return b.toString();
    }

    static String sha(Path f) throws IOException {
        return sha(Files.readAllBytes(f));
    }

    static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
