package org.cellscape.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.cellscape.cli.CliTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** batch --spark local[2], through the command line: one task a job, the local batch's files, a failing job alone. */
class SparkBatchTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        SparkTesting.quiet();
    }

    static CliTestSupport batch(Path out, String... more) {
        String[] base = {"batch", "presets/lichen.yaml", "--set", "size=96x64", "--set", "format=png", "--vary", "seed=1,2", "--no-check",
                "--backend", "cpu", "--out", out.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CliTestSupport.run(all);
    }

    @Test
    void jobsRunAsTasksAndWriteTheLocalBatchsFiles() throws Exception {
        CliTestSupport local = batch(dir.resolve("local"));
        assertEquals(0, local.code(), local.err());
        CliTestSupport spark = batch(dir.resolve("spark"), "--spark", "local[2]");
        assertEquals(0, spark.code(), spark.err() + spark.out());
        assertTrue(spark.out().contains("on Spark local[2]") && spark.out().contains("[2/2]"), spark.out());
        for (String f : new String[]{"lichen-1-96x64.png", "lichen-2-96x64.png"})
            assertArrayEquals(Files.readAllBytes(dir.resolve("local").resolve(f)), Files.readAllBytes(dir.resolve("spark").resolve(f)), f);
    }

    @Test
    void aFailingJobIsReportedAndTheOthersFinish() throws Exception {
        // seed 2's job fails on its executor: its output's folder is a file there
        Files.createDirectories(dir.resolve("out"));
        Files.createDirectories(dir.resolve("out/lichen-2-96x64.png.partial"));
        CliTestSupport spark = batch(dir.resolve("out"), "--spark", "local[2]");
        assertEquals(CellscapeException.BATCH_FAILED, spark.code(), spark.err() + spark.out());
        assertTrue(Files.exists(dir.resolve("out/lichen-1-96x64.png")));
        assertTrue(spark.out().contains("[2/2] lichen seed=2: failed"), spark.out());
    }
}
