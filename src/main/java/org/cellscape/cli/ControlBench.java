package org.cellscape.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.cellscape.engine.Backend;
import org.cellscape.engine.ControlMap;
import org.cellscape.engine.ControlSpec;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.image.RgbImage;
import org.cellscape.model.NcaModel;

/**
 * {@code bench --rules R}: what the control inputs cost. The plain model and the same shape with R rules and a
 * painted map run alternately on one backend (so load on the machine hits both alike); medians and their ratio.
 */
final class ControlBench {
    private ControlBench() {}

    /** A 64 x 64 map of random patches of the R legend colours (one-hot regions, blended at their edges). */
    static ControlMap map(List<String> rules, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ControlSpec.LegendEntry> legend = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) legend.add(new ControlSpec.LegendEntry(0x101010 * (i * 3 + 1), rules.get(i)));
        int n = 64, cells = 8;
        int[] patch = new int[cells * cells];
        for (int i = 0; i < patch.length; i++) patch[i] = r.nextInt(rules.size());
        float[] rgb = new float[n * n * 3];
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) {
                int c = legend.get(patch[(y * cells / n) * cells + x * cells / n]).rgb();
                for (int k = 0; k < 3; k++) rgb[(y * n + x) * 3 + k] = (c >> (16 - 8 * k) & 255) / 255f;
            }
        return ControlMap.legend(new RgbImage(n, n, rgb), legend, rules);
    }

    /** The same weights without the control inputs' columns: the plain model of the same shape. */
    static NcaModel withoutControls(NcaModel m) {
        int in = m.inputs(), ck = in - m.extraInputs(), H = m.hidden();
        float[] w1 = new float[H * ck];
        for (int j = 0; j < H; j++) System.arraycopy(m.w1(), j * in, w1, j * ck, ck);
        return NcaModel.builder(m.family(), m.channels(), H).name(m.name().replaceAll("\\+\\d+$", ""))
                .weights(w1, m.b1(), m.w2(), m.hasBias2() ? m.b2() : null).fireRate(m.fireRate()).build();
    }

    static void run(Backend b, NcaModel plain, NcaModel ruled, Tile plainTile, Tile ruledTile, StepContext ctx, int steps, int warmup,
                    int runs, boolean json, PrintWriter out, long seed) {
        ControlMap map = map(ruled.rules(), seed);
        long f0 = System.nanoTime();
        map.attach(ruledTile);
        double fieldMs = (System.nanoTime() - f0) * 1e-6;
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double cells = (double) plainTile.width() * plainTile.height() * steps;
        double[] p = new double[runs], c = new double[runs];
        int step = 0;
        for (int i = 0; i < warmup; i++, step += steps) {
            b.advance(plainTile, plain, ctx, 0, step, steps);
            b.advance(ruledTile, ruled, ctx, 0, step, steps);
        }
        for (int i = 0; i < runs; i++, step += steps) {
            long t0 = System.nanoTime();
            b.advance(plainTile, plain, ctx, 0, step, steps);
            long t1 = System.nanoTime();
            b.advance(ruledTile, ruled, ctx, 0, step, steps);
            long t2 = System.nanoTime();
            p[i] = cells / ((t1 - t0) * 1e-9);
            c[i] = cells / ((t2 - t1) * 1e-9);
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double mp = median(p), mc = median(c), overhead = mp / mc - 1;
        String cpu = cpuModel();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("backend", b.describe());
            j.put("cpu", cpu);
            j.put("width", plainTile.width());
            j.put("height", plainTile.height());
            j.put("steps", steps);
            j.put("runs", runs);
            j.put("rules", ruled.rules().size());
            j.put("plainCellUpdatesPerSecond", mp);
            j.put("controlCellUpdatesPerSecond", mc);
            j.put("controlOverhead", overhead);
            j.put("fieldMillis", fieldMs);
            j.put("loadAverage", Map.of("before", loadBefore, "after", loadAfter));
            Json.print(out, j);
            return;
        }
        out.printf(Locale.ROOT, "backend      %s%n", b.describe());
        out.printf(Locale.ROOT, "cpu          %s (%d cores)%n", cpu, Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "grid         %d x %d torus, %d steps per run, %d warm-up + %d timed runs each, alternating%n",
                plainTile.width(), plainTile.height(), steps, warmup, runs);
        out.printf(Locale.ROOT, "plain        %s (%d -> %d -> %d): %.2fM cell-upd/s median%n", plain.name(), plain.inputs(), plain.hidden(), plain.channels(), mp * 1e-6);
        out.printf(Locale.ROOT, "control      %s (%d rules, 64x64 legend map): %.2fM cell-upd/s median%n", ruled.name(), ruled.rules().size(), mc * 1e-6);
        out.printf(Locale.ROOT, "overhead     %+.1f%% (plain / control = %.3f); control field %.1f ms, once per tile and level%n", overhead * 100, mp / mc, fieldMs);
        out.printf(Locale.ROOT, "load avg     %.2f before, %.2f after%n", loadBefore, loadAfter);
    }

    static double median(double[] r) {
        double[] s = r.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The CPU's model name (Linux /proc/cpuinfo), or the architecture. */
    static String cpuModel() {
        try {
            for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")))
                if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
        } catch (java.io.IOException | RuntimeException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
