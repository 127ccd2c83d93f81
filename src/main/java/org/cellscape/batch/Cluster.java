package org.cellscape.batch;

import java.io.PrintWriter;
import java.util.List;
import java.util.ServiceLoader;
import org.cellscape.CellscapeException;
import org.cellscape.render.PassListener;
import org.cellscape.render.Render;
import org.cellscape.render.RenderSettings;

/**
 * A distributed engine that runs renders and batches on many machines. The Spark runner provides one from its own
 * jar (found by {@link ServiceLoader}); the plain command line has none on its class path, so it never loads Spark.
 */
public interface Cluster {
    /**
     * Where and how to run.
     *
     * @param master  the engine's master URL (local[N], spark://host:7077, yarn, k8s://...)
     * @param scratch URI of scratch storage every executor sees (file:, hdfs://, s3a://...); null: beside the output
     * @param backend the executors' backend name (cpu, opencl, auto, reference)
     * @param threads the executors' backend threads, 0 = the executor's task cores
     * @param device  OpenCL device selector, null = the first GPU
     */
    record Target(String master, String scratch, String backend, int threads, String device) implements java.io.Serializable {}

    /**
     * A batch as data every executor can plan again (the same jobs, in the same order): the command line's inputs,
     * overrides, variations and name template, the batch options and the storage settings of every job.
     */
    record BatchRequest(List<String> inputs, List<String> sets, List<String> varies, String name, Integer previewPx,
                        String outDir, boolean overwrite, boolean check, boolean rejectDegenerate, long checkCells,
                        int tile, long memoryBytes, String store, String scratch, boolean keepScratch, boolean forceBigTiff)
            implements java.io.Serializable {}

    /** Renders {@code settings} on the cluster; the file is byte-identical to {@link Render#run}'s. */
    Render.Result render(RenderSettings settings, Target target, PassListener listener);

    /** The plan on the cluster: tasks, bytes read and written per stage, time on N executors at {@code cellsPerSecond} each. */
    String plan(RenderSettings settings, Target target, double cellsPerSecond);

    /** Runs the batch's jobs as tasks, one job each; failures are isolated and reported as {@link Batch#run} does. */
    List<Batch.Result> batch(BatchRequest request, Target target, PrintWriter log);

    /** The cluster runner on the class path; exit 6 when there is none (the plain jar, without the Spark one). */
    static Cluster find() {
        return ServiceLoader.load(Cluster.class).findFirst().orElseThrow(() -> new CellscapeException(CellscapeException.BACKEND,
                "no cluster runner on the class path: a cluster render needs cellscape-spark.jar and its libraries (the cellscape launcher adds them with --spark)"));
    }
}
