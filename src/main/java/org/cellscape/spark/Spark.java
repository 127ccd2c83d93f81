package org.cellscape.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.cellscape.CellscapeException;

/** Starting the Spark context for a render or batch, and turning Spark's failures into one-line errors. */
final class Spark {
    /** JVM flags the executors need for the Vector API backend and native access (Spark adds its own --add-opens). */
    static final String EXECUTOR_FLAGS = "--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow";
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://(.+)");
    static final int CONNECT_MILLIS = 5000;

    private Spark() {}

    /**
     * A context on {@code master}. local and local[N] become local[N,4], so a failed task is retried there as on a
     * cluster; a standalone master that cannot be reached is refused (exit 6) within seconds, before Spark's own
     * minute of registration retries.
     */
    static JavaSparkContext start(String master, String app) {
        Matcher m = LOCAL.matcher(master);
        if (m.matches()) master = "local[" + (m.group(1) == null ? "1" : m.group(1)) + ",4]";
        Matcher s = STANDALONE.matcher(master);
        if (s.matches()) for (String hp : s.group(1).split(",")) reachable(master, hp);
        quietLogs();
        SparkConf conf = new SparkConf().setMaster(master).setAppName(app);
        String opts = conf.get("spark.executor.extraJavaOptions", "");
        if (!opts.contains("jdk.incubator.vector")) conf.set("spark.executor.extraJavaOptions", (EXECUTOR_FLAGS + " " + opts).trim());
        try {
            return new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new CellscapeException(CellscapeException.BACKEND, "cannot start Spark on " + master + ": " + firstLine(e), e);
        }
    }

    private static void reachable(String master, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1).replaceAll("/.*", ""));
        try (Socket so = new Socket()) {
            so.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
        } catch (IOException | IllegalArgumentException e) {
            throw new CellscapeException(CellscapeException.BACKEND, "cannot reach the Spark master " + master + " (" + host + ":" + port + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }

    /** Spark logs at INFO to stderr by default; the command line keeps stderr for its own lines (a log4j2 file given wins). */
    private static void quietLogs() {
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null)
            System.setProperty("log4j2.configurationFile", "org/cellscape/spark/log4j2.properties");
    }

    /** A failed Spark job as the task's own error (its exit code kept), or one line of Spark's. */
    static RuntimeException explain(Exception e, Object where) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof CellscapeException c) return c;
        if (e instanceof SparkException || e.getCause() instanceof SparkException)
            return new CellscapeException(CellscapeException.BACKEND, "the Spark job on " + where + " failed: " + firstLine(e), e);
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
