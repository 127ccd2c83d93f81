package org.cellscape.spark;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.Backends;
import org.cellscape.batch.Batch;
import org.cellscape.batch.BatchPlan;
import org.cellscape.batch.Cluster;
import org.cellscape.batch.Degeneracy;
import org.cellscape.canvas.Precision;
import org.cellscape.engine.Backend;
import org.cellscape.image.Images;
import org.cellscape.preset.PresetFolders;
import org.cellscape.preset.Presets;
import org.cellscape.preset.Variants;
import org.cellscape.render.PassListener;
import org.cellscape.render.Preview;
import org.cellscape.render.Render;
import org.cellscape.render.RenderJob;
import org.cellscape.render.RenderSettings;

/**
 * A batch on Spark: the driver plans the jobs and names their outputs (clashes and existing outputs are settled
 * there, as in a local batch), then each job to render is one task; an executor plans the same jobs from the same
 * request and runs its one through {@link Batch}, so a failing job fails alone and is reported as today. Presets,
 * models and the output folder must be on storage the executors see.
 */
final class SparkBatch {
    /** What became of a job on its executor. */
    record Row(int number, String label, String status, double seconds, String output, String message) implements Serializable {}

    private SparkBatch() {}

    static List<Batch.Result> run(JavaSparkContext sc, Cluster.BatchRequest req, Cluster.Target target, PrintWriter log) {
        List<BatchPlan.Job> jobs = plan(req);
        Batch.Options dry = options(req, true);
        List<Batch.Result> planned = new Batch(dry, (p, s) -> { }, null, new PrintWriter(new StringWriter())).run(jobs);
        List<Integer> todo = new ArrayList<>();
        for (Batch.Result r : planned) if (r.status() == Batch.Status.PLANNED) todo.add(r.job().number());
        Map<Integer, Row> rows = new TreeMap<>();
        if (!todo.isEmpty()) {
            sc.setJobDescription("batch: " + todo.size() + " jobs");
            for (Row r : sc.parallelize(todo, todo.size()).map(n -> runJob(req, target, n)).collect()) rows.put(r.number(), r);
        }
        List<Batch.Result> results = new ArrayList<>();
        for (Batch.Result r : planned) {
            Row row = rows.get(r.job().number());
            Batch.Result done = row == null ? r : new Batch.Result(r.job(), row.label(), Batch.Status.valueOf(row.status()), row.seconds(),
                    row.output() == null ? r.output() : Path.of(row.output()), row.message());
            results.add(done);
            log.println(Batch.line(done, jobs.size()));
        }
        log.flush();
        return results;
    }

    /** On an executor: job {@code number} of the request, run alone. */
    static Row runJob(Cluster.BatchRequest req, Cluster.Target target, int number) {
        BatchPlan.Job job = plan(req).get(number - 1);
        int threads = target.threads() > 0 ? target.threads() : 1;
        try (Backend b = Backends.create(target.backend(), new BackendOptions(threads, target.device()), null)) {
            Batch.Executor render = req.previewPx() != null
                    ? (p, s) -> Images.write(Preview.render(RenderJob.resolve(s), b, req.previewPx()).image(), s.out())
                    : (p, s) -> Render.run(s, b, PassListener.NONE);
            Batch.Checker check = req.check() ? (p, s) -> Degeneracy.check(p, b, req.checkCells()) : null;
            Batch.Result r = new Batch(options(req, false), render, check, new PrintWriter(new StringWriter())).run(List.of(job)).getFirst();
            return new Row(number, r.label(), r.status().name(), r.seconds(), r.output() == null ? null : r.output().toString(), r.message());
        }
    }

    private static List<BatchPlan.Job> plan(Cluster.BatchRequest req) {
        List<BatchPlan.Job> jobs = BatchPlan.plan(req.inputs().stream().map(i -> PresetFolders.system().find(Path.of(i))).toList(),
                req.sets().stream().map(s -> Presets.parseSet(s, "--set")).toList(),
                req.varies().stream().map(v -> Variants.parse(v, "--vary")).toList(), req.name());
        return req.previewPx() != null ? BatchPlan.previews(jobs) : jobs;
    }

    private static Batch.Options options(Cluster.BatchRequest req, boolean dryRun) {
        RenderSettings how = RenderSettings.builder().tile(req.tile()).memoryBytes(req.memoryBytes()).store(Precision.parse(req.store()))
                .scratch(req.scratch() == null ? null : Path.of(req.scratch())).keepScratch(req.keepScratch()).forceBigTiff(req.forceBigTiff()).build();
        return new Batch.Options(Path.of(req.outDir()), req.overwrite(), req.check(), req.rejectDegenerate(), dryRun, how);
    }
}
