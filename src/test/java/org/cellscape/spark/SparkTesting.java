package org.cellscape.spark;

import java.io.IOException;
import java.net.ServerSocket;

/** Spark settings for tests: loopback only, no web UI. */
final class SparkTesting {
    private SparkTesting() {}

    static void quiet() {
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
