package org.cellscape.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.cellscape.CellscapeException;

/**
 * Before any compute: a file the driver writes in the scratch folder must be readable by tasks on the executors. A
 * folder they cannot see (a local path on a many-machine cluster, a relative path) fails here in seconds with the
 * hosts that miss it, instead of every tile task failing its retries.
 */
final class Probe {
    private Probe() {}

    static void check(JavaSparkContext sc, FileSystem fs, Path dir) throws IOException {
        fs.mkdirs(dir);
        Path probe = new Path(dir, "probe-" + UUID.randomUUID());
        fs.create(probe, true).close();
        try {
            int tasks = Math.max(2, sc.defaultParallelism()) * 2;
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < tasks; i++) ids.add(i);
            String p = probe.toString();
            sc.setJobDescription("checking that the executors see " + dir);
            List<String> blind = sc.parallelize(ids, tasks).map(i -> sees(p) ? "" : TileFiles.host()).filter(h -> !h.isEmpty()).distinct().collect();
            if (!blind.isEmpty())
                throw CellscapeException.io("the executors on " + String.join(", ", blind) + " cannot see the scratch folder " + dir
                        + ": give --scratch on storage every executor sees (hdfs://, s3a://, a shared mount, an absolute path)", null);
        } finally {
            fs.delete(probe, false);
        }
    }

    private static boolean sees(String probe) throws IOException {
        Path p = new Path(probe);
        return Scratch.fs(p).exists(p);
    }
}
