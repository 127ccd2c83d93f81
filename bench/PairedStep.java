import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Locale;

/**
 * Two (or more) builds of the CPU step side by side in one JVM: each cellscape.jar in its own class loader, the same
 * random google 12/96 model and noise state in each, their runs alternated round by round. On a machine whose speed
 * drifts (this project's 2-core VM ran the same build at 7.5 and 15 M/s a minute apart), a ratio taken within a
 * round is worth far more than two `bench` figures taken one after the other. Prints each build's median and best
 * run and the median (and quartiles) of its per-round ratio to the first build, then whether the states agree.
 *
 *   java --add-modules jdk.incubator.vector bench/PairedStep.java THREADS ROUNDS WxH CELLS_PER_RUN JAR_A JAR_B [JAR...]
 *
 * Only public API is used (RandomWeights, Tile, Rng, StepContext, BackendOptions, CpuBackend), by reflection, so the
 * builds may differ in anything else. JVM flags (-XX:UseAVX=2, -XX:MaxVectorSize=16) apply to all builds alike.
 */
public class PairedStep {
    public static void main(String[] a) throws Exception {
        if (a.length < 6) {
            System.err.println("usage: PairedStep THREADS ROUNDS WxH CELLS_PER_RUN JAR_A JAR_B [JAR...]");
            System.exit(2);
        }
        int threads = Integer.parseInt(a[0]), rounds = Integer.parseInt(a[1]);
        String[] wh = a[2].toLowerCase(Locale.ROOT).split("x");
        int w = Integer.parseInt(wh[0]), h = Integer.parseInt(wh[1]);
        long cells = Long.parseLong(a[3]);
        int n = a.length - 4;
        Build[] b = new Build[n];
        for (int i = 0; i < n; i++) b[i] = new Build(a[4 + i], threads, w, h, (int) Math.max(1, cells / ((long) w * h)));
        for (int k = 0; k < 8; k++) for (Build x : b) x.run(); // warm-up: every build's kernels compiled
        double[][] v = new double[n][rounds];
        for (int k = 0; k < rounds; k++) for (int i = 0; i < n; i++) v[i][k] = b[i].run();
        System.out.printf(Locale.ROOT, "%s, %d cores, load %.2f; %dx%d torus, %d steps a run, %d rounds%n",
                cpu(), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), w, h, b[0].steps, rounds);
        int hash0 = b[0].hash();
        for (int i = 0; i < n; i++) {
            double[] q = new double[rounds], s = v[i].clone();
            for (int k = 0; k < rounds; k++) q[k] = v[i][k] / v[0][k];
            Arrays.sort(q);
            Arrays.sort(s);
            System.out.printf(Locale.ROOT, "%s: %s%n  median %.2f M cell-updates/s, best %.2f; ratio to the first: median %.3f (quartiles %.3f-%.3f)%s%n",
                    a[4 + i], b[i].describe(), s[rounds / 2], s[rounds - 1], q[rounds / 2], q[rounds / 4], q[3 * rounds / 4],
                    i == 0 ? "" : b[i].hash() == hash0 ? "; same state as the first" : "; STATE DIFFERS from the first");
            b[i].close();
        }
    }

    private static String cpu() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", "")).orElse("?");
        } catch (Exception e) {
            return System.getProperty("os.arch");
        }
    }

    /** One build: its backend, model and state, reached through its own class loader. */
    private static final class Build {
        final Object backend, model, tile, ctx;
        final Method advance, data, describe, close;
        final int steps;
        int step;

        Build(String jar, int threads, int w, int h, int steps) throws Exception {
            this.steps = steps;
            ClassLoader cl = new URLClassLoader(new URL[]{new File(jar).toURI().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> family = cl.loadClass("org.cellscape.model.Family"), nca = cl.loadClass("org.cellscape.model.NcaModel");
            Class<?> tiles = cl.loadClass("org.cellscape.engine.Tile"), rng = cl.loadClass("org.cellscape.engine.Rng");
            Class<?> context = cl.loadClass("org.cellscape.engine.StepContext");
            Class<?> options = cl.loadClass("org.cellscape.backend.BackendOptions"), cpu = cl.loadClass("org.cellscape.backend.cpu.CpuBackend");
            Object google = family.getMethod("parse", String.class).invoke(null, "google");
            model = cl.loadClass("org.cellscape.model.RandomWeights").getMethod("create", family, int.class, int.class, int.class, long.class)
                    .invoke(null, google, 12, 96, 0, 1L);
            tile = tiles.getMethod("canvas", int.class, int.class, int.class).invoke(null, w, h, 12);
            data = tiles.getMethod("data");
            float[] d = (float[]) data.invoke(tile);
            Method noise = rng.getMethod("noise", long.class, int.class, long.class, long.class);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int c = 0; c < 12; c++) d[(y * w + x) * 12 + c] = 0.5f * (float) noise.invoke(null, 1L, c, (long) x, (long) y);
            float fire = (float) nca.getMethod("fireRate").invoke(model);
            ctx = context.getConstructor(long.class, float.class).newInstance(1L, fire);
            Constructor<?> make = cpu.getConstructor(options);
            backend = make.newInstance(options.getConstructor(int.class, String.class).newInstance(threads, null));
            advance = cpu.getMethod("advance", tiles, nca, context, int.class, int.class, int.class);
            describe = cpu.getMethod("describe");
            close = cpu.getMethod("close");
        }

        /** One run of {@code steps} steps: million cell-updates per second. */
        double run() throws Exception {
            long t0 = System.nanoTime();
            advance.invoke(backend, tile, model, ctx, 0, step, steps);
            step += steps;
            return (double) ((float[]) data.invoke(tile)).length / 12 * steps / ((System.nanoTime() - t0) * 1e-9) / 1e6;
        }

        int hash() throws Exception {
            return Arrays.hashCode((float[]) data.invoke(tile));
        }

        String describe() throws Exception {
            return (String) describe.invoke(backend);
        }

        void close() throws Exception {
            close.invoke(backend);
        }
    }
}
