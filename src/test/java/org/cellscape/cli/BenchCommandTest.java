package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.cellscape.model.Family;
import org.cellscape.model.ModelIO;
import org.cellscape.model.RandomWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void printsTheTable() {
        Result r = run("bench", "--family", "rgba", "--size", "40x24", "--steps", "2", "--warmup", "1", "--runs", "3", "--threads", "2", "--backend", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("backend      cpu (Vector API"), r.out());
        assertTrue(r.out().contains("grid         40 x 24 torus, 2 steps per run, 1 warm-up + 3 timed runs"), r.out());
        assertTrue(r.out().contains("random-rgba-4x8 (rgba, 16 -> 8 -> 4)"), r.out());
        assertTrue(r.out().matches("(?s).*cell-upd/s   [0-9.]+M median \\(min [0-9.]+M, max [0-9.]+M\\).*"), r.out());
    }

    @Test
    void rulesTimeThePlainAndTheControlledModelSideBySide() {
        Result r = run("bench", "--rules", "3", "--size", "40x24", "--steps", "2", "--warmup", "1", "--runs", "3", "--threads", "2", "--backend", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("plain        random-google-12x96 (48 -> 96 -> 12)"), r.out());
        assertTrue(r.out().contains("control      random-google-12x96+3 (3 rules, 64x64 legend map)"), r.out());
        assertTrue(r.out().matches("(?s).*overhead     [-+][0-9.]+% \\(plain / control = [0-9.]+\\).*"), r.out());
        assertTrue(r.out().contains("load avg") && r.out().contains("cpu          "), r.out());
        assertEquals(2, run("bench", "--rules", "-1").code());
        // the bench's plain model is the controlled one without its control columns: zero controls, the same bits
        org.cellscape.model.NcaModel ruled = org.cellscape.testing.TestControls.multiRule(Family.GOOGLE, 12, 96, 3, 4);
        org.cellscape.engine.Tile a = org.cellscape.engine.Tile.canvas(9, 7, 12), b = org.cellscape.engine.Tile.canvas(9, 7, 12);
        for (int i = 0; i < a.data().length; i++) a.data()[i] = b.data()[i] = (i % 13) * 0.05f - 0.3f;
        org.cellscape.engine.StepContext ctx = new org.cellscape.engine.StepContext(1, 0.5f);
        new org.cellscape.backend.ReferenceBackend().advance(a, ruled, ctx, 0, 0, 3);
        new org.cellscape.backend.ReferenceBackend().advance(b, ControlBench.withoutControls(ruled), ctx, 0, 0, 3);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.data(), b.data());
    }

    @Test
    void benchesAModelFileWithTheReference(@TempDir Path dir) {
        Path f = dir.resolve("m.safetensors");
        ModelIO.write(RandomWeights.create(Family.PYTORCH, 6, 20, 0, 9), f);
        Result r = run("bench", "--model", f.toString(), "--size", "16", "--steps", "1", "--warmup", "0", "--runs", "1", "--backend", "reference", "--fire-rate", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("reference (scalar"), r.out());
        assertTrue(r.out().contains("(pytorch, 24 -> 20 -> 6), fire rate 1.0"), r.out());
        assertTrue(r.out().contains("100% of cells fire"), r.out());
    }

    @Test
    void badInputGivesOneLineAndAnExitCode(@TempDir Path dir) {
        assertEquals(CellscapeException.USAGE, run("bench", "--size", "0x5").code());
        assertEquals(CellscapeException.USAGE, run("bench", "--size", "big").code());
        assertEquals(CellscapeException.USAGE, run("bench", "--family", "nope").code());
        assertEquals(CellscapeException.USAGE, run("bench", "--runs", "0").code());
        assertEquals(CellscapeException.USAGE, run("bench", "--fire-rate", "2").code());
        assertEquals(CellscapeException.USAGE, run("bench", "--model", "x.safetensors", "--hidden", "8").code());
        Result r = run("bench", "--backend", "warp-drive", "--size", "8");
        assertEquals(CellscapeException.BACKEND, r.code());
        assertTrue(r.err().startsWith("cellscape: unknown backend 'warp-drive'") && r.err().strip().lines().count() == 1, r.err());
        assertEquals(CellscapeException.BAD_INPUT, run("bench", "--model", dir.resolve("missing.safetensors").toString()).code());
        assertEquals(CellscapeException.DOES_NOT_FIT, run("bench", "--size", "30000").code());
    }

    @Test
    void helpHasAnExample() {
        Result r = run("bench", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("cellscape bench --family google --size 1024 --threads 2"), r.out());
    }
}
