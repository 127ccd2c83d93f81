package org.cellscape.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Backend;
import org.cellscape.backend.BackendOptions;
import org.cellscape.engine.Rng;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.Family;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.model.RandomWeights;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cellscape bench}: cell-updates per second of a backend on a torus canvas, median of several runs. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure how fast a backend steps an NCA, in cell-updates per second (cells x steps / s).",
                "The canvas starts from seeded noise and is stepped through the warm-up runs first, so the timed runs"
                        + " see a grown state. Other load on the machine slows the figures: repeat, and compare medians."},
        footer = {"", "Examples:",
                "  cellscape bench --family google --size 1024 --threads 2",
                "  cellscape bench --model lichen.safetensors --backend cpu --size 2048x1024 --runs 9"})
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--family", paramLabel = "NAME", defaultValue = "google",
            description = "Random weights of this family: google, pytorch, rgba, cellscape (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--channels", paramLabel = "N", description = "State channels of the random model (default: 12; rgba 4).")
    Integer channels;

    @Option(names = "--hidden", paramLabel = "N", description = "Hidden units of the random model (default: 96; rgba 8).")
    Integer hidden;

    @Option(names = "--model", paramLabel = "FILE", description = "Benchmark this model file instead of random weights.")
    Path model;

    @Option(names = "--size", paramLabel = "N|WxH", defaultValue = "1024", description = "Canvas size in cells (default: ${DEFAULT-VALUE}).")
    String size;

    @Mixin
    BackendMixin backend;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "16", description = "Steps per run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--fire-rate", paramLabel = "R", description = "Fire rate in [0, 1] (default: the model's).")
    Float fireRate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the weights, the noise and the fire test (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the figures as one JSON object instead of text.")
    boolean json;

    @Option(names = "--rules", paramLabel = "R", defaultValue = "0",
            description = "Also time the same random shape with R control rules and a painted map, alternating with the plain model: the control inputs' overhead.")
    int rules;

    @Override
    public Integer call() {
        int[] wh = parseSize(size);
        if (steps < 1 || runs < 1 || warmup < 0 || backend.threads() < 0)
            throw new CommandLine.ParameterException(spec.commandLine(), "--steps and --runs must be at least 1, --warmup and --threads at least 0");
        NcaModel m = model();
        float rate = fireRate != null ? fireRate : m.fireRate();
        if (!(rate >= 0 && rate <= 1)) throw new CommandLine.ParameterException(spec.commandLine(), "--fire-rate must be in [0, 1], got " + rate);
        StepContext ctx = new StepContext(seed, rate);
        PrintWriter out = spec.commandLine().getOut();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        BackendOptions options = backend.options();
        double[] rates = new double[runs];
        long cpuTime = 0;
        String description;
        if (rules < 0 || rules > 0 && model != null)
            throw new CommandLine.ParameterException(spec.commandLine(), "--rules needs random weights (no --model) and must be at least 0");
        try (Backend b = backend.open(spec.commandLine().getErr())) {
            if (rules > 0) {
                NcaModel ruled = RandomWeights.create(m.family(), m.channels(), m.hidden(), rules, seed).toBuilder()
                        .metadata(NcaModel.RULES, String.join(",", java.util.stream.IntStream.range(0, rules).mapToObj(i -> "rule" + i).toList())).build();
                ControlBench.run(b, ControlBench.withoutControls(ruled), ruled, startState(wh[0], wh[1], m), startState(wh[0], wh[1], m), ctx, steps, warmup, runs, json, out, seed);
                return 0;
            }
            description = b.describe();
            Tile tile = startState(wh[0], wh[1], m);
            int step = 0;
            for (int i = 0; i < warmup; i++, step += steps) b.advance(tile, m, ctx, 0, step, steps);
            double cells = (double) wh[0] * wh[1] * steps;
            for (int i = 0; i < runs; i++, step += steps) {
                long c0 = processCpuTime(), t0 = System.nanoTime();
                b.advance(tile, m, ctx, 0, step, steps);
                rates[i] = cells / ((System.nanoTime() - t0) * 1e-9);
                cpuTime += processCpuTime() - c0;
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
        int features = m.channels() * m.kernelCount();
        double flopsPerFiring = 2.0 * ((double) features * m.hidden() + (double) m.hidden() * m.channels());
        double firing = Rng.threshold(rate) / 16777216.0;

        double perCpuSecond = cpuTime > 0 ? (double) wh[0] * wh[1] * steps * runs / (cpuTime * 1e-9) : Double.NaN;
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("backend", description);
            j.put("width", wh[0]);
            j.put("height", wh[1]);
            j.put("steps", steps);
            j.put("warmup", warmup);
            j.put("runs", runs);
            j.put("model", m.name());
            j.put("family", m.family().id());
            j.put("fireRate", rate);
            j.put("threads", options.threadsOrCores());
            j.put("cellUpdatesPerSecond", Map.of("median", median, "min", sorted[0], "max", sorted[runs - 1]));
            j.put("runRates", rates);
            j.put("mlpGflops", median * firing * flopsPerFiring * 1e-9);
            if (cpuTime > 0) j.put("cellUpdatesPerCpuSecond", perCpuSecond);
            j.put("loadAverage", Map.of("before", loadBefore, "after", loadAfter));
            j.put("cores", Runtime.getRuntime().availableProcessors());
            Json.print(out, j);
            return 0;
        }
        out.printf(Locale.ROOT, "backend      %s%n", description);
        out.printf(Locale.ROOT, "grid         %d x %d torus, %d steps per run, %d warm-up + %d timed runs%n", wh[0], wh[1], steps, warmup, runs);
        out.printf(Locale.ROOT, "model        %s (%s, %d -> %d -> %d), fire rate %s%n", m.name(), m.family().id(), m.inputs(), m.hidden(), m.channels(), rate);
        out.printf(Locale.ROOT, "threads      %d%n", options.threadsOrCores());
        out.printf(Locale.ROOT, "cell-upd/s   %s median (min %s, max %s)%n", mega(median), mega(sorted[0]), mega(sorted[runs - 1]));
        out.printf(Locale.ROOT, "runs         %s%n", String.join(" ", Arrays.stream(rates).mapToObj(BenchCommand::mega).toList()));
        out.printf(Locale.ROOT, "MLP GFLOP/s  %.1f median (%.0f flop per firing cell, %.0f%% of cells fire)%n",
                median * firing * flopsPerFiring * 1e-9, flopsPerFiring, firing * 100);
        if (cpuTime > 0) {
            int t = options.threadsOrCores();
            out.printf(Locale.ROOT, "per CPU-s    %s cell-updates per CPU-second of this process (x %d thread%s = %s/s if the cores were idle)%n",
                    mega(perCpuSecond), t, t == 1 ? "" : "s", mega(perCpuSecond * t));
        }
        out.printf(Locale.ROOT, "load avg     %.2f before, %.2f after (%d cores)%n", loadBefore, loadAfter, Runtime.getRuntime().availableProcessors());
        return 0;
    }

    private NcaModel model() {
        if (model != null) {
            if (channels != null || hidden != null)
                throw new CommandLine.ParameterException(spec.commandLine(), "--channels and --hidden describe random weights; they cannot be used with --model");
            return ModelIO.read(model);
        }
        Family f;
        try {
            f = Family.parse(family);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        int c = channels != null ? channels : RandomWeights.defaultChannels(f);
        int h = hidden != null ? hidden : RandomWeights.defaultHidden(f);
        if (c < 3 || h < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--channels must be at least 3 and --hidden at least 1");
        return RandomWeights.create(f, c, h, 0, seed);
    }

    /** Seeded noise of amplitude 0.5; the warm-up runs then grow it into a typical state. */
    private Tile startState(int w, int h, NcaModel m) {
        int c = m.channels();
        if ((long) w * h * c > Integer.MAX_VALUE - 8)
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "a " + w + "x" + h + " canvas of " + c + " channels does not fit in one array; bench a smaller size");
        Tile t;
        try {
            t = Tile.canvas(w, h, c);
        } catch (OutOfMemoryError e) {
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "not enough memory for a " + w + "x" + h + " canvas (raise -Xmx or bench a smaller size)");
        }
        float[] d = t.data();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int ch = 0; ch < c; ch++) d[(y * w + x) * c + ch] = 0.5f * Rng.noise(seed, ch, x, y);
        return t;
    }

    /** CPU time of the whole process in ns (all threads), or 0 where the JVM cannot tell. */
    private static long processCpuTime() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    private int[] parseSize(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split("x", -1);
        try {
            if (p.length == 1 || p.length == 2) {
                int w = Integer.parseInt(p[0].trim()), h = Integer.parseInt(p[p.length - 1].trim());
                if (w >= 1 && h >= 1) return new int[]{w, h};
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--size must be N or WxH with positive integers, got '" + s + "'");
    }

    private static String mega(double r) {
        return String.format(Locale.ROOT, "%.2fM", r * 1e-6);
    }
}
