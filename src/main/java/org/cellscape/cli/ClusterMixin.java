package org.cellscape.cli;

import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.Backends;
import org.cellscape.batch.Cluster;
import org.cellscape.engine.Backend;
import org.cellscape.render.Estimate;
import org.cellscape.render.RenderJob;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** --spark MASTER: render, batch and plan on Apache Spark (docs/distributed.md); mixed into those commands. */
public final class ClusterMixin {
    @Option(names = "--spark", paramLabel = "MASTER", description = {"Run on Apache Spark: local[N], spark://host:7077, yarn, k8s://... (docs/distributed.md);",
            "--scratch is then a URI every executor sees (hdfs://, s3a://, a shared path)."})
    String master;

    public boolean on() {
        return master != null;
    }

    /** The cluster runner (exit 6 when the Spark jar is not on the class path). */
    public Cluster cluster() {
        return Cluster.find();
    }

    /** Where to run: --scratch as typed (hdfs://nn/x is no local path), the executors' backend from --backend/--threads/--device. */
    public Cluster.Target target(CommandLine.ParseResult pr, BackendMixin b) {
        CommandLine.Model.OptionSpec scratch = pr.matchedOption("--scratch");
        return new Cluster.Target(master, scratch == null ? null : scratch.stringValues().getFirst(), b.name(), b.threads(), b.options().device());
    }

    /** Cell updates a second of one executor core, measured here with one thread of the executors' backend. */
    static double perCoreSpeed(RenderJob job, BackendMixin b) {
        try (Backend one = Backends.create(b.name(), new BackendOptions(1, b.options().device()), null)) {
            return Estimate.calibrate(one, job.model(), job.ctx());
        }
    }
}
