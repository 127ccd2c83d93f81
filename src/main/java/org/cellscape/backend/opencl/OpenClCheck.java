package org.cellscape.backend.opencl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;

/**
 * Checks an OpenCL device against the CPU reference and measures its throughput. Used by
 * {@code cellscape devices --check} and, as a main class, by bench/gpu-check.sh:
 * <pre>
 *   java -cp cellscape.jar:lib/* org.cellscape.backend.opencl.OpenClCheck [--device SEL] [--peak-gflops X]
 *        [--sizes 4096,8192] [--steps 8,64] [--no-check] [--no-bench]
 * </pre>
 * Exit status: 0 when every comparison is bit-exact, 6 when one differs or no device works.
 */
public final class OpenClCheck {
    /** fp32 FMA peak in GFLOP/s (2 per FMA) of devices we know, matched on the device name. */
    private static final String[][] PEAKS = {{"H200", "66900"}, {"H100 80GB HBM3", "66900"}};

    private OpenClCheck() {}

    /** One comparison's outcome; for a mismatch, how far apart the results are. */
    record Result(String what, long values, long differing, double maxRel, int max16) {
        boolean exact() {
            return differing == 0;
        }

        String line() {
            return String.format(Locale.ROOT, "%-4s %-52s %s", exact() ? "OK" : "DIFF", what,
                    exact() ? "bit-exact (" + values + " values)"
                            : differing + " of " + values + " values differ, max relative " + String.format(Locale.ROOT, "%.3g", maxRel) + ", max 16-bit " + max16);
        }
    }

    /** Runs every comparison on the device, printing one line each; true when all are bit-exact. */
    public static boolean check(String deviceSelector, PrintWriter out) {
        ClDevice device = ClDevice.select(OpenClBackendProvider.devices(), deviceSelector);
        List<Result> results = new ArrayList<>();
        try (OpenClBackend b = new OpenClBackend(device, Tuning.fromProperties())) {
            out.println("checking " + b.describe() + " against the reference");
            out.flush();
            for (NcaModel m : List.of(CheckModels.google(1), CheckModels.pytorch(2), CheckModels.rgba(3))) {
                for (float fire : new float[]{0.5f, 1f}) {
                    StepContext ctx = new StepContext(42, fire);
                    Tile torus = CheckModels.state(61, 47, m.channels(), 0, 0, 61, 47, 1f, 5);
                    results.add(steps(b, m, ctx, torus, 6, m.name() + " torus 61x47 fire " + fire));
                    Tile halo = CheckModels.state(45, 33, m.channels(), -6, 20, 200, 150, 1f, 6);
                    results.add(steps(b, m, ctx, halo, 6, m.name() + " halo 45x33 fire " + fire));
                }
                print(out, results.subList(results.size() - 4, results.size()));
            }
            NcaModel m = CheckModels.google(11);
            Schedule s = Schedule.parse("32x24:noise:16, x2:bilinear:8, x2:nearest:4");
            StepContext ctx = new StepContext(2024, m.fireRate());
            Tile ref = Renderer.render(m, s, ctx, null, new ReferenceBackend(), RenderListener.NONE);
            Tile dev = Renderer.render(m, s, ctx, null, b, RenderListener.NONE);
            results.add(compare(ref, dev, m, "render " + s + " (128x96)"));
            print(out, results.subList(results.size() - 1, results.size()));
        }
        try (OpenClBackend streamed = new OpenClBackend(device, Tuning.fromProperties().withMemory(80 * 12 * 4 * 24, 1L << 30, 0, true))) {
            NcaModel m = CheckModels.google(12);
            Tile t = CheckModels.state(80, 97, 12, 0, 0, 80, 97, 1f, 12);
            Result r = steps(streamed, m, new StepContext(3, 0.5f), t, 4, "streamed in " + "bands (google torus 80x97)");
            results.add(r);
            print(out, List.of(r));
        }
        long bad = results.stream().filter(r -> !r.exact()).count();
        out.println(bad == 0 ? "all " + results.size() + " comparisons bit-exact" : bad + " of " + results.size() + " comparisons differ");
        out.flush();
        return bad == 0;
    }

    private static void print(PrintWriter out, List<Result> rs) {
        rs.forEach(r -> out.println("  " + r.line()));
        out.flush();
    }

    private static Result steps(OpenClBackend b, NcaModel m, StepContext ctx, Tile start, int steps, String what) {
        Tile ref = copy(start), dev = copy(start);
        new ReferenceBackend().advance(ref, m, ctx, 1, 0, steps);
        b.advance(dev, m, ctx, 1, 0, steps);
        return compare(ref, dev, m, what);
    }

    private static Tile copy(Tile t) {
        return new Tile(t.width(), t.height(), t.channels(), t.originX(), t.originY(), t.canvasWidth(), t.canvasHeight(), t.data().clone());
    }

    /** Bit comparison; with a model, also the largest difference of the 16-bit colour samples. */
    static Result compare(Tile ref, Tile dev, NcaModel m, String what) {
        float[] a = ref.data(), b = dev.data();
        long diff = 0;
        double maxRel = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToIntBits(a[i]) == Float.floatToIntBits(b[i])) continue;
            diff++;
            double rel = Math.abs((double) a[i] - b[i]) / Math.max(Math.abs((double) a[i]), 1e-30);
            maxRel = Math.max(maxRel, Double.isNaN(rel) ? Double.POSITIVE_INFINITY : rel);
        }
        int max16 = 0;
        if (m != null && diff > 0) {
            ColourMap cm = ColourMap.of(m);
            for (int i = 0; i < a.length; i++)
                if (i % ref.channels() < 3) max16 = Math.max(max16, Math.abs(cm.sample16(a[i]) - cm.sample16(b[i])));
        }
        return new Result(what, a.length, diff, maxRel, max16);
    }

    /** Cell updates per second of the google 12/96 shape on an S x S torus, for each steps-per-call count. */
    static void throughput(String deviceSelector, int[] sizes, int[] stepsPerCall, double peakGflops, PrintWriter out) {
        ClDevice device = ClDevice.select(OpenClBackendProvider.devices(), deviceSelector);
        NcaModel m = CheckModels.google(1);
        float fire = m.fireRate();
        long fmas = fmasPerFiringCell(m);
        double peak = peakGflops > 0 ? peakGflops : knownPeak(device.name());
        out.printf(Locale.ROOT, "device: %s (%s, %d CUs @ %d MHz, %.1f GiB, max alloc %.1f GiB)%n", device.name(), device.typeName(),
                device.computeUnits(), device.clockMHz(), device.globalMem() / (double) (1L << 30), device.maxAlloc() / (double) (1L << 30));
        out.printf(Locale.ROOT, "model: google 12/96 shape (random weights), fire rate %.2f, %d FMA per firing cell; peak %s%n", fire, fmas,
                peak > 0 ? String.format(Locale.ROOT, "%.0f GFLOP/s fp32%s", peak, peakGflops > 0 ? " (given)" : " (known for this device)") : "unknown (pass --peak-gflops)");
        out.println("size         steps/call  bands  wall s    kernel s  Mupd/s wall  Mupd/s kernel  GFLOP/s kernel  % peak");
        out.flush();
        try (OpenClBackend b = new OpenClBackend(device, Tuning.fromProperties())) {
            for (int size : sizes) {
                Tile t = Tile.canvas(size, size, 12);
                float[] d = t.data();
                for (int i = 0; i < d.length; i++) d[i] = ((i * 2654435761L >>> 8) & 0xFFFF) / 32768f - 1f;
                StepContext ctx = new StepContext(1, fire);
                b.advance(t, m, ctx, 0, 0, 1); // compiles the program and allocates the buffers
                int done = 1;
                for (int steps : stepsPerCall) {
                    b.advance(t, m, ctx, 0, done, steps);
                    done += steps;
                    OpenClBackend.Stats s = b.lastStats();
                    double updates = (double) size * size * steps;
                    double wall = s.wallNanos() / 1e9, kernel = s.kernelNanos() / 1e9;
                    double gflops = kernel > 0 ? updates * fire * fmas * 2 / kernel / 1e9 : 0;
                    out.printf(Locale.ROOT, "%-12s %10d  %5d  %8.3f  %8.3f  %11.1f  %13.1f  %14.1f  %s%n", size + "x" + size, steps, s.bands(),
                            wall, kernel, updates / wall / 1e6, kernel > 0 ? updates / kernel / 1e6 : 0, gflops,
                            peak > 0 && gflops > 0 ? String.format(Locale.ROOT, "%5.1f%%", 100 * gflops / peak) : "n/a");
                    out.flush();
                }
            }
        }
        out.println("wall = one advance() call: upload, steps, download; kernel = device time of the steps alone;");
        out.println("GFLOP/s counts only useful work: fire rate x " + fmas + " FMA x 2 per cell update.");
        out.flush();
    }

    /** Floating-point multiply-adds per firing cell: perception taps, both layers. */
    static long fmasPerFiringCell(NcaModel m) {
        long taps = 0;
        for (int k = 0; k < m.kernelCount(); k++)
            for (float v : m.kernel(k)) if (v != 0f) taps++;
        return taps * m.channels() + (long) m.channels() * m.kernelCount() * m.hidden() + (long) m.hidden() * m.channels();
    }

    static double knownPeak(String deviceName) {
        for (String[] p : PEAKS) if (deviceName.contains(p[0])) return Double.parseDouble(p[1]);
        return 0;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        String device = null;
        double peak = 0;
        int[] sizes = {4096, 8192}, steps = {8, 64};
        boolean check = true, bench = true;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--device" -> device = args[++i];
                    case "--peak-gflops" -> peak = Double.parseDouble(args[++i]);
                    case "--sizes" -> sizes = ints(args[++i]);
                    case "--steps" -> steps = ints(args[++i]);
                    case "--no-check" -> check = false;
                    case "--no-bench" -> bench = false;
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
        } catch (RuntimeException e) {
            System.err.println("usage: OpenClCheck [--device SEL] [--peak-gflops X] [--sizes 4096,8192] [--steps 8,64] [--no-check] [--no-bench]: " + e.getMessage());
            System.exit(2);
        }
        int status = 0;
        try {
            if (check && !check(device, out)) status = 6;
            if (bench) throughput(device, sizes, steps, peak, out);
        } catch (org.cellscape.CellscapeException e) {
            System.err.println("cellscape: " + e.getMessage());
            status = e.exitCode();
        }
        System.exit(status);
    }

    private static int[] ints(String csv) {
        String[] p = csv.split(",");
        int[] r = new int[p.length];
        for (int i = 0; i < p.length; i++) r[i] = Integer.parseInt(p[i].trim());
        return r;
    }
}
