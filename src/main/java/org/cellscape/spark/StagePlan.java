package org.cellscape.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellscape.canvas.CellGrid;
import org.cellscape.canvas.Layout;
import org.cellscape.canvas.Units;
import org.cellscape.render.PassPlan;
import org.cellscape.render.RenderJob;

/**
 * What a cluster render takes, stage by stage: tasks, the bytes its tasks read (tile and halo, or the coarse cover,
 * from the previous pass's tile files) and write (their cores, or colours), the cell updates, and the time on N
 * executors of one core at the measured speed (a stage of T tasks runs in ceil(T / N) waves).
 */
record StagePlan(RenderJob job, Layout layout, List<Stage> stages) {
    record Stage(PassPlan.Pass pass, int tasks, long readBytes, long writeBytes, long updates) {
        double seconds(double cellsPerSecond, int executors) {
            return updates / cellsPerSecond / tasks * Math.ceilDiv(tasks, Math.max(1, executors));
        }
    }

    static StagePlan of(RenderJob job, Layout layout) {
        PassPlan plan = job.plan(layout);
        int C = job.channels(), bytes = job.precision().bytes;
        List<Stage> out = new ArrayList<>();
        for (PassPlan.Pass p : plan.passes()) {
            CellGrid g = p.grid();
            long read = 0;
            for (int i = 0; i < g.count(); i++) {
                CellGrid.Rect r = g.withHalo(i);
                if (p.index() == 0) continue;
                if (p.firstOfLevel()) r = CellGrid.coarseCover(r, job.schedule().levels().get(p.level() - 1).factor());
                read += r.cells() * C * bytes;
            }
            long cells = g.regionWidth() * g.regionHeight();
            long write = (p.last() ? Math.min(cells, job.outWidth() * job.outHeight()) * 6 : cells * C * bytes) + g.count() * (TileFiles.HEADER + 4L);
            out.add(new Stage(p, g.count(), read, write, g.computedCellUpdates(p.steps())));
        }
        return new StagePlan(job, layout, List.copyOf(out));
    }

    /** Executors a master URL names (local[N]); 0 when the cluster decides (then the table shows several N). */
    static int executors(String master) {
        Matcher m = Pattern.compile("local\\[(\\d+)(?:,\\d+)?]").matcher(master);
        if (m.matches()) return Integer.parseInt(m.group(1));
        return master.equals("local") ? 1 : 0;
    }

    String describe(double cellsPerSecond, int executors) {
        int[] ns = executors > 0 ? new int[]{executors} : new int[]{1, 8, 64, 512};
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "cluster plan: %d stages (one a pass, one task a tile, no shuffle), %dx%d px, tile %d%n",
                stages.size(), job.outWidth(), job.outHeight(), layout.tile()));
        b.append(String.format(Locale.ROOT, "%-6s %-5s %7s %10s %10s %12s", "level", "pass", "tasks", "reads", "writes", "updates"));
        for (int n : ns) b.append(String.format(Locale.ROOT, " %12s", "time on " + n));
        b.append('\n');
        double[] total = new double[ns.length];
        long read = 0, write = 0, peak = 0, before = 0;
        for (Stage s : stages) {
            b.append(String.format(Locale.ROOT, "%-6d %-5d %7d %10s %10s %12s", s.pass().level(), s.pass().index() + 1, s.tasks(),
                    Units.bytes(s.readBytes()), Units.bytes(s.writeBytes()), Units.count(s.updates())));
            for (int i = 0; i < ns.length; i++) {
                double sec = s.seconds(cellsPerSecond, ns[i]);
                total[i] += sec;
                b.append(String.format(Locale.ROOT, " %12s", Double.isNaN(sec) ? "?" : Units.duration(sec)));
            }
            b.append('\n');
            read += s.readBytes();
            write += s.writeBytes();
            peak = Math.max(peak, before + s.writeBytes()); // a pass's files go once the next pass is committed
            before = s.writeBytes();
        }
        b.append(String.format(Locale.ROOT, "%-6s %-5s %7s %10s %10s %12s", "total", "", "", Units.bytes(read), Units.bytes(write), ""));
        for (double t : total) b.append(String.format(Locale.ROOT, " %12s", Double.isNaN(t) ? "?" : Units.duration(t)));
        b.append(String.format(Locale.ROOT, "%nscratch holds two passes at a time: at most %s; speed %s cell updates/s per executor core (measured here)%n",
                Units.bytes(peak), Double.isNaN(cellsPerSecond) ? "?" : Units.count(cellsPerSecond)));
        return b.toString();
    }
}
