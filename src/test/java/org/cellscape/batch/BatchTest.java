package org.cellscape.batch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellscape.CellscapeException;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.preset.Variants;
import org.cellscape.render.RenderSettings;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchTest {
    @TempDir
    Path dir;
    Path presets, out;
    final StringWriter log = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        presets = Files.createDirectories(dir.resolve("presets"));
        out = dir.resolve("out");
        Path models = Files.createDirectories(presets.resolve("models"));
        TestModels.write(TestModels.small(1), models, "alive.safetensors");
        TestModels.write(TestModels.dead(), models, "dead.safetensors");
        Files.writeString(presets.resolve("a.yaml"), "model: models/alive.safetensors\nschedule: \"auto:noise:4, x2:4\"\nsize: 16x16\n");
        Files.writeString(presets.resolve("b.yaml"), "name: bee\nmodel: models/alive.safetensors\nschedule: \"auto:noise:4, x2:4\"\nsize: 24x16\nbits: 8\n");
    }

    private List<Batch.Result> run(List<Path> inputs, List<String> varies, Batch.Options o, Batch.Executor ex) {
        List<BatchPlan.Job> jobs = BatchPlan.plan(inputs, List.of(), varies.stream().map(v -> Variants.parse(v, "--vary")).toList(), null);
        return new Batch(o, ex, (p, s) -> Degeneracy.check(p, new ReferenceBackend(), Degeneracy.DEFAULT_BUDGET),
                new PrintWriter(log, true)).run(jobs);
    }

    private static List<Batch.Status> statuses(List<Batch.Result> r) {
        return r.stream().map(Batch.Result::status).toList();
    }

    @Test
    void folderWithVariantsRendersEveryCombinationThenSkipsThem() {
        MemoryExecutor ex = new MemoryExecutor();
        List<Batch.Result> r = run(List.of(presets), List.of("seed=1..2", "schedule.levels[0].steps=2,3"), Batch.Options.defaults(out), ex);
        assertEquals(8, r.size());
        assertEquals(List.of(Batch.Status.DONE), statuses(r).stream().distinct().toList(), log.toString());
        assertEquals("a-1-16x16-levels0.steps2.png", r.get(0).output().getFileName().toString());
        assertEquals("bee-2-24x16-levels0.steps3.png", r.get(7).output().getFileName().toString());
        for (Batch.Result x : r) assertTrue(Files.isRegularFile(x.output()));
        assertEquals(8, ex.rendered.size());

        MemoryExecutor again = new MemoryExecutor();
        List<Batch.Result> r2 = run(List.of(presets), List.of("seed=1..2", "schedule.levels[0].steps=2,3"), Batch.Options.defaults(out), again);
        assertEquals(List.of(Batch.Status.SKIPPED), statuses(r2).stream().distinct().toList());
        assertTrue(again.rendered.isEmpty(), "existing outputs are never rendered again");

        Batch.Options overwrite = new Batch.Options(out, true, true, false, false, RenderSettings.builder().threads(1).build());
        assertEquals(8, run(List.of(presets), List.of("seed=1..2", "schedule.levels[0].steps=2,3"), overwrite, again).stream()
                .filter(x -> x.status() == Batch.Status.DONE).count());
    }

    @Test
    void aStoppedBatchContinuesWhereItStopped() {
        MemoryExecutor real = new MemoryExecutor();
        int[] calls = {0};
        Batch.Executor stopsAtThird = (p, s) -> {
            if (++calls[0] == 3) throw new IllegalStateException("power cut");
            real.render(p, s);
        };
        List<Batch.Result> first = run(List.of(presets.resolve("a.yaml")), List.of("seed=1..5"), Batch.Options.defaults(out), stopsAtThird);
        assertEquals(List.of(Batch.Status.DONE, Batch.Status.DONE, Batch.Status.FAILED, Batch.Status.DONE, Batch.Status.DONE), statuses(first));
        assertEquals("IllegalStateException: power cut", first.get(2).message());
        assertFalse(Files.exists(first.get(2).output()));
        MemoryExecutor second = new MemoryExecutor();
        List<Batch.Result> again = run(List.of(presets.resolve("a.yaml")), List.of("seed=1..5"), Batch.Options.defaults(out), second);
        assertEquals(List.of(Batch.Status.SKIPPED, Batch.Status.SKIPPED, Batch.Status.DONE, Batch.Status.SKIPPED, Batch.Status.SKIPPED), statuses(again));
        assertEquals(List.of("a-3-16x16.png"), second.rendered);
    }

    @Test
    void badJobsFailAloneAndTheSummarySaysWhy() throws IOException {
        Files.writeString(presets.resolve("c-typo.yaml"), "model: models/alive.safetensors\nshedule: \"auto:noise:4, x2:4\"\n");
        Files.writeString(presets.resolve("d-nomodel.yaml"), "model: models/missing.safetensors\n");
        MemoryExecutor ex = new MemoryExecutor();
        List<Batch.Result> r = run(List.of(presets, dir.resolve("nowhere.yaml")), List.of(), Batch.Options.defaults(out), ex);
        assertEquals(List.of(Batch.Status.DONE, Batch.Status.DONE, Batch.Status.FAILED, Batch.Status.FAILED, Batch.Status.FAILED), statuses(r));
        assertEquals("unknown key 'shedule' at " + presets.resolve("c-typo.yaml") + ":2 (did you mean 'schedule'?)", r.get(2).message());
        assertTrue(r.get(3).message().contains("models/missing.safetensors"));
        assertTrue(r.get(4).message().contains("nowhere.yaml"));
        assertTrue(Batch.anyFailed(r));
        StringWriter sw = new StringWriter();
        Batch.summary(new PrintWriter(sw), r);
        String s = sw.toString();
        assertTrue(s.lines().findFirst().orElseThrow().matches("#\\s+JOB\\s+STATUS\\s+TIME\\s+OUTPUT"), s);
        assertTrue(s.contains("5 jobs: 2 done, 0 skipped (output exists), 0 rejected (degenerate), 3 failed"), s);
        assertTrue(s.contains("did you mean 'schedule'"), s);
    }

    @Test
    void aHostilePresetInAFolderFailsOnlyItsJob() throws IOException {
        Files.writeString(presets.resolve("c-deep.yaml"), "a: " + "{a: ".repeat(5000) + "1" + "}".repeat(5000) + "\n");
        List<Batch.Result> r = run(List.of(presets, Path.of("/dev/zero")), List.of(), Batch.Options.defaults(out), new MemoryExecutor());
        assertEquals(List.of(Batch.Status.DONE, Batch.Status.DONE, Batch.Status.FAILED, Batch.Status.FAILED), statuses(r));
        assertTrue(r.get(2).message().contains("nested more than"), r.get(2).message());
        assertEquals("cannot read /dev/zero: not a regular file (a pipe or device?)", r.get(3).message());
    }

    @Test
    void clashingNamesFailTheLaterJob() {
        List<BatchPlan.Job> jobs = BatchPlan.plan(List.of(presets.resolve("a.yaml")), List.of(),
                List.of(Variants.parse("fire_rate=0.4,0.6", "--vary")), "{preset}");
        List<Batch.Result> r = new Batch(Batch.Options.defaults(out), new MemoryExecutor(), null, new PrintWriter(log)).run(jobs);
        assertEquals(List.of(Batch.Status.DONE, Batch.Status.FAILED), statuses(r));
        assertTrue(r.get(1).message().contains("clashes with job 1"));
    }

    @Test
    void degenerateJobsAreReportedOrRejected() throws IOException {
        Files.writeString(presets.resolve("z-dead.yaml"), "model: models/dead.safetensors\nschedule: \"auto:noise:24, x2:16, x2:4\"\nsize: 64x64\n");
        Path dead = presets.resolve("z-dead.yaml");
        MemoryExecutor ex = new MemoryExecutor();
        Batch.Options reject = new Batch.Options(out, false, true, true, false, RenderSettings.builder().threads(1).build());
        List<Batch.Result> r = run(List.of(presets.resolve("a.yaml"), dead), List.of(), reject, ex);
        assertEquals(List.of(Batch.Status.DONE, Batch.Status.REJECTED), statuses(r));
        assertTrue(r.get(1).message().startsWith("dead: flat colour"), r.get(1).message());
        assertEquals(List.of("a-1-16x16.png"), ex.rendered, "the rejected job never reached the renderer");

        List<Batch.Result> warn = run(List.of(dead), List.of(), Batch.Options.defaults(out), ex);
        assertEquals(Batch.Status.DONE, warn.getFirst().status());
        assertTrue(warn.getFirst().message().startsWith("warning: dead"), warn.getFirst().message());
    }

    @Test
    void batchFileJobsWithSetsVariesAndNames() throws IOException {
        Path bf = dir.resolve("jobs.yaml");
        Files.writeString(bf, """
                - presets/a.yaml
                - preset: presets/b.yaml
                  set: {seed: 9, colour: {offset: 0.4}}
                  vary:
                    schedule.levels[0].steps: [1, 2..3]
                  name: "bee-{schedule.levels[0].steps}"
                - preset: presets/a.yaml
                  sed: 3
                - preset: presets/a.yaml
                  set: {sede: 3}
                """);
        List<BatchPlan.Job> jobs = BatchPlan.plan(List.of(bf), List.of(), List.of(), null);
        assertEquals(6, jobs.size());
        assertEquals("b levels0.steps=2", jobs.get(2).label());
        assertEquals(bf + ":2", jobs.get(1).source());
        assertEquals("unknown job key 'sed' at " + bf + ":8 (did you mean 'set'?)", jobs.get(4).planError().getMessage());
        assertNull(jobs.get(5).planError(), "keys in 'set' are checked when the job runs");
        MemoryExecutor ex = new MemoryExecutor();
        List<Batch.Result> r = new Batch(Batch.Options.defaults(out), ex, null, new PrintWriter(log)).run(jobs);
        assertEquals(List.of(Batch.Status.DONE, Batch.Status.DONE, Batch.Status.DONE, Batch.Status.DONE, Batch.Status.FAILED, Batch.Status.FAILED), statuses(r));
        assertEquals(List.of("a-1-16x16.png", "bee-1.png", "bee-2.png", "bee-3.png"), ex.rendered);
        assertEquals("bee levels0.steps=2", r.get(2).label(), "results name the preset by its name");
        assertEquals("unknown key 'sede' at " + bf + ":10 (did you mean 'seed'?)", r.get(5).message());
        assertEquals(CellscapeException.BAD_INPUT, jobs.get(4).planError().exitCode());
    }
}
