package org.cellscape.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cellscape.CellscapeException;
import org.cellscape.batch.Cluster;
import org.cellscape.canvas.Precision;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Size;
import org.cellscape.model.ModelIO;
import org.cellscape.render.PassListener;
import org.cellscape.render.RenderSettings;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on loopback, started here from the Spark jars on the test class path: one Master
 * and two Worker JVMs of one core each. Skipped with -Dspark.cluster.skip (it takes a minute); CI runs it. Where this
 * process may make mount namespaces (root, as in CI), each Worker runs in its own, with an empty tmpfs over
 * {@link #hidden}: a folder the driver sees and the executors do not, as on separate machines.
 */
@Tag("spark-cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the worker is killed last
class SparkClusterTest {
    static final String SCHEDULE = "auto:noise:32, x2:bilinear:16, x2:16, x2:16, x2:16, x2:16";

    @TempDir
    static Path home;
    static Path model;
    static String url;
    static int ui;
    static Process master;
    static final List<Process> workers = new ArrayList<>();
    static Path hidden;
    static boolean hides;
    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        assumeFalse(Boolean.getBoolean("spark.cluster.skip"), "skipped by -Dspark.cluster.skip");
        SparkTesting.quiet();
        model = home.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(7, 6, 12), model);
        Files.createDirectories(home.resolve("jars")); // Spark's launcher wants SPARK_HOME/jars; the class path comes from the test's
        int port = SparkTesting.freePort();
        ui = SparkTesting.freePort();
        url = "spark://127.0.0.1:" + port;
        master = jvm("master", List.of(), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(ui));
        hidden = Files.createDirectories(home.resolve("hidden"));
        hides = hidden(List.of("true")).start().waitFor() == 0;
        for (int i = 0; i < 2; i++)
            workers.add(jvm("worker-" + i, hides ? hidden(List.of()).command() : List.of(), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                    "--webui-port", Integer.toString(SparkTesting.freePort()), "--work-dir", home.resolve("work-" + i).toString(), url));
        awaitWorkers(2);
        System.setProperty("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        System.setProperty("spark.executor.memory", "900m");
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        System.clearProperty("spark.executor.extraClassPath");
        System.clearProperty("spark.executor.memory");
        for (Process w : workers) w.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        if (master != null) master.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** {@code then} run in a mount namespace of its own with an empty tmpfs over {@link #hidden}. */
    static ProcessBuilder hidden(List<String> then) {
        List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "sh", "-c", "mount -t tmpfs cellscape-hidden \"$0\" && exec \"$@\"", hidden.toString()));
        cmd.addAll(then);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }

    static Process jvm(String name, List<String> prefix, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    /** Waits (at most a minute) until the master's status page lists {@code n} alive workers. */
    static void awaitWorkers(int n) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            try {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui + "/json/")).build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = alive.matcher(json);
                if (m.find() && Integer.parseInt(m.group(1)) >= n) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the cluster did not start: see " + home + "/*.log");
    }

    static RenderSettings settings(Path out, int size, int tile) {
        return RenderSettings.builder().model(model).schedule(Schedule.parse(SCHEDULE)).size(new Size(size, size)).seed(3)
                .tile(tile).store(Precision.FLOAT32).out(out).build();
    }

    static Cluster.Target target(String scratch) {
        return new Cluster.Target(url, scratch, "cpu", 1, null);
    }

    @Test
    @Order(1)
    void a2048RenderOnTwoWorkersIsTheLocalRendersByteForByte() throws Exception {
        byte[] want = SparkRenderTest.local(settings(dir.resolve("local.tif"), 2048, 256));
        RenderSettings s = settings(dir.resolve("cluster.tif"), 2048, 256);
        Cluster.find().render(s, target(dir.toString()), PassListener.NONE);
        assertArrayEquals(want, Files.readAllBytes(s.out()));
    }

    @Test
    @Order(3)
    void killingAWorkerInTheMiddleOfALevelLosesNothing() throws Exception {
        RenderSettings s = settings(dir.resolve("cluster.png"), 768, 64);
        byte[] want = SparkRenderTest.local(settings(dir.resolve("local.png"), 768, 64));
        Path last = dir.resolve("cluster.png.cellscape-spark-scratch");
        TaskLog.clear();
        System.setProperty("spark.extraListeners", TaskLog.class.getName());
        CompletableFuture<Void> render = CompletableFuture.runAsync(() -> Cluster.find().render(s, target(dir.toString()), PassListener.NONE));
        int passes = new org.cellscape.render.PassPlan(org.cellscape.render.RenderJob.resolve(s).schedule(), 768, 768, 6,
                new org.cellscape.canvas.Layout(64, 32, 0)).passes().size();
        Path lastPass = last.resolve("pass-" + (passes - 1));
        long end = System.nanoTime() + 120_000_000_000L;
        while (tiles(lastPass) < 8 && !render.isDone() && System.nanoTime() < end) Thread.sleep(50);
        assertTrue(tiles(lastPass) >= 8 && !render.isDone(), "the last level was under way when the worker was killed");
        Process w = workers.removeFirst();
        String killed = w.descendants().map(SparkClusterTest::executorId).filter(id -> id != null).findFirst().orElse("none");
        String level = "pass " + passes + " of " + passes + ":";
        while (!running(killed, level) && System.nanoTime() < end) Thread.sleep(5); // tasks take far longer than the gaps between them
        w.descendants().forEach(ProcessHandle::destroyForcibly); // its executor JVM too, as a machine failure would
        w.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        try {
            render.get(5, TimeUnit.MINUTES);
        } finally {
            System.clearProperty("spark.extraListeners");
        }
        assertArrayEquals(want, Files.readAllBytes(s.out()));
        List<TaskLog.Event> onKilled = TaskLog.EVENTS.stream().filter(e -> e.job().contains(level) && e.executor().equals(killed) && e.ended()).toList();
        assertTrue(onKilled.stream().anyMatch(TaskLog.Event::ok), "executor " + killed + " had finished tasks of the last level: " + onKilled);
        assertTrue(onKilled.stream().anyMatch(e -> !e.ok() && e.reason().contains("ExecutorLost")),
                "the kill hit a task of the last level running on executor " + killed + ": " + onKilled);
    }

    /** Whether a task of the job described by {@code job} has started on {@code executor} and not ended. */
    private static boolean running(String executor, String job) {
        java.util.Set<Long> open = new java.util.HashSet<>();
        for (TaskLog.Event e : TaskLog.EVENTS) {
            if (!e.job().contains(job) || !e.executor().equals(executor)) continue;
            if (e.ended()) open.remove(e.task());
            else open.add(e.task());
        }
        return !open.isEmpty();
    }

    /** The executor id of a Spark executor JVM, from its command line (read whole: it is long); null for another process. */
    private static String executorId(ProcessHandle p) {
        try {
            Path proc = Path.of("/proc", Long.toString(p.pid()), "cmdline");
            List<String> a = Files.exists(proc) ? List.of(Files.readString(proc).split("\0")) : List.of(p.info().arguments().orElse(new String[0]));
            int i = a.indexOf("--executor-id");
            return i >= 0 && i + 1 < a.size() ? a.get(i + 1) : null;
        } catch (IOException e) {
            return null; // gone
        }
    }

    private static long tiles(Path pass) throws IOException {
        if (!Files.isDirectory(pass)) return 0;
        try (Stream<Path> f = Files.list(pass)) {
            return f.filter(p -> p.getFileName().toString().startsWith("tile-")).count();
        }
    }

    @Test
    @Order(2)
    void aScratchFolderTheExecutorsCannotSeeIsAClearErrorNotAHang() {
        // a relative path: the driver's folder here, a different one in each executor's working directory
        invisible("target/spark-test-relative-scratch", "x.png");
    }

    @Test
    @Order(2)
    void aFolderOnlyTheDriverHasIsAClearErrorNotAHang() {
        assumeTrue(hides, "no mount namespaces here (unshare -m and mount need root): the Workers see every folder");
        invisible(hidden.resolve("scratch").toString(), "y.png");
    }

    private void invisible(String scratch, String out) {
        long t0 = System.nanoTime();
        CellscapeException e = assertThrows(CellscapeException.class,
                () -> Cluster.find().render(settings(dir.resolve(out), 256, 64), target(scratch), PassListener.NONE));
        assertEquals(CellscapeException.IO, e.exitCode(), e.getMessage());
        String folder = Path.of(scratch).getFileName() + "/" + out + ".cellscape-spark-scratch";
        assertTrue(e.getMessage().contains("cannot see the scratch folder") && e.getMessage().contains(folder) && !e.getMessage().contains("\n"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "took " + (System.nanoTime() - t0) / 1e9 + " s");
    }
}
