package org.cellscape.spark;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * A Spark listener for tests (named in spark.extraListeners, so the driver the render starts registers it): which
 * executor started and ended which task of which job, by the job's description ("level L, pass P of N: ...").
 */
public final class TaskLog extends SparkListener {
    /** A task's start ({@code ended} false) or end, with its outcome. */
    record Event(String job, int stage, long task, String executor, boolean ended, boolean ok, String reason) {}

    static final List<Event> EVENTS = new CopyOnWriteArrayList<>();
    private static final Map<Integer, String> JOBS = new ConcurrentHashMap<>();

    static void clear() {
        EVENTS.clear();
        JOBS.clear();
    }

    @Override
    public void onJobStart(SparkListenerJobStart e) {
        String d = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
        for (Object s : scala.jdk.javaapi.CollectionConverters.asJava(e.stageIds())) JOBS.put((Integer) s, d == null ? "" : d);
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart e) {
        EVENTS.add(new Event(JOBS.getOrDefault(e.stageId(), ""), e.stageId(), e.taskInfo().taskId(), e.taskInfo().executorId(), false, false, ""));
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        EVENTS.add(new Event(JOBS.getOrDefault(e.stageId(), ""), e.stageId(), e.taskInfo().taskId(), e.taskInfo().executorId(), true,
                e.taskInfo().successful(), String.valueOf(e.reason())));
    }
}
