package org.cellscape.spark;

import java.io.PrintWriter;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.cellscape.CellscapeException;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.Backends;
import org.cellscape.batch.Batch;
import org.cellscape.batch.Cluster;
import org.cellscape.engine.Backend;
import org.cellscape.render.PassListener;
import org.cellscape.render.Render;
import org.cellscape.render.RenderJob;
import org.cellscape.render.RenderSettings;

/** Renders, plans and batches on Apache Spark (docs/distributed.md); found by the command line through {@link Cluster#find}. */
public final class SparkCluster implements Cluster {
    @Override
    public Render.Result render(RenderSettings s, Target t, PassListener listener) {
        if (s.stateIn() != null || s.stateOut() != null)
            throw CellscapeException.invalid("a cluster render takes no start state and writes no state file (render those locally)");
        Render.checkOutputs(s);
        try (JavaSparkContext sc = Spark.start(t.master(), "cellscape render " + s.out().getFileName());
             Backend named = Backends.create(t.backend(), new BackendOptions(1, t.device()), null)) { // names the executors' backend in the image
            return Render.run(s, named, new SparkPipeline(sc, t, listener));
        }
    }

    @Override
    public String plan(RenderSettings s, Target t, double cellsPerSecond) {
        RenderJob job = RenderJob.resolve(s);
        return StagePlan.of(job, Scratch.clusterLayout(job.layout(), job.settings())).describe(cellsPerSecond, StagePlan.executors(t.master()));
    }

    @Override
    public List<Batch.Result> batch(BatchRequest request, Target target, PrintWriter log) {
        try (JavaSparkContext sc = Spark.start(target.master(), "cellscape batch")) {
            return SparkBatch.run(sc, request, target, log);
        } catch (Exception e) { // Spark throws its checked SparkException unannounced
            throw Spark.explain(e, target.master());
        }
    }
}
