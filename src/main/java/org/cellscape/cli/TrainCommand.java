package org.cellscape.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.train.Exemplar;
import org.cellscape.train.Quality;
import org.cellscape.train.RunTracker;
import org.cellscape.train.TrainConfig;
import org.cellscape.train.Trainer;
import org.cellscape.train.exemplars.Exemplars;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cellscape train}: trains a texture NCA from one example image. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a texture NCA from one example image (no pretrained network: multi-scale patch sliced-Wasserstein loss).",
                "Writes the model (safetensors) and a run folder with config.json, metrics.csv, snapshots, checkpoint.bin and report.html."},
        footer = {"", "Examples:",
                "  cellscape train --image presets/models/exemplars/cells.png --out cells.safetensors --iterations 600",
                "  cellscape train --image cells.png --out cells.safetensors --run-dir runs/cells --resume",
                "  cellscape train --bench             (prints seconds per iteration at the default settings)"})
public final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--image", paramLabel = "PNG", description = "The exemplar texture image (PNG, JPEG, ...).")
    Path image;
    @Option(names = "--out", paramLabel = "MODEL", description = "Model file to write (.safetensors).")
    Path out;
    @Option(names = "--iterations", paramLabel = "N", defaultValue = "600", description = "Training iterations (default: ${DEFAULT-VALUE}).")
    int iterations;
    @Option(names = "--size", paramLabel = "CELLS", defaultValue = "64", description = "Side of the training grid in cells (default: ${DEFAULT-VALUE}).")
    int size;
    @Option(names = "--batch", paramLabel = "N", defaultValue = "4", description = "Samples per iteration (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--steps", defaultValue = "32..64", paramLabel = "MIN..MAX", description = "NCA steps per iteration, drawn uniformly (default: ${DEFAULT-VALUE}).")
    String steps;
    @Option(names = "--pool", paramLabel = "N", defaultValue = "256", description = "Sample pool size (default: ${DEFAULT-VALUE}).")
    int pool;
    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "2e-3", description = "Initial learning rate; cosine decay to a tenth (default: ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--channels", paramLabel = "N", defaultValue = "12", description = "State channels (default: ${DEFAULT-VALUE}).")
    int channels;
    @Option(names = "--hidden", paramLabel = "N", defaultValue = "96", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;
    @Option(names = "--reset-every", paramLabel = "N", defaultValue = "2", description = "Reset one batch sample to zeros every N iterations (default: ${DEFAULT-VALUE}).")
    int resetEvery;
    @Option(names = "--loss-levels", paramLabel = "N", defaultValue = "4", description = "Pyramid levels of the patch loss (default: ${DEFAULT-VALUE}).")
    int lossLevels;
    @Option(names = "--patch", paramLabel = "CELLS", defaultValue = "7", description = "Patch side of the patch loss (default: ${DEFAULT-VALUE}).")
    int patch;
    @Option(names = "--projections", paramLabel = "N", defaultValue = "64", description = "Random projections per level and iteration (default: ${DEFAULT-VALUE}).")
    int projections;
    @Option(names = "--colour-weight", paramLabel = "W", defaultValue = "1.0", description = "Weight of the 1x1 colour-distribution term (default: ${DEFAULT-VALUE}).")
    double colourWeight;
    @Option(names = "--overflow-weight", paramLabel = "W", defaultValue = "10", description = "Weight of the penalty on states beyond [-1, 1] (default: ${DEFAULT-VALUE}).")
    double overflowWeight;
    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run folder (default: MODEL without extension + '.run').")
    Path runDir;
    @Option(names = "--resume", description = "Continue the run in --run-dir from its checkpoint.")
    boolean resume;
    @Option(names = "--snapshot-every", paramLabel = "N", defaultValue = "50", description = "Snapshot, checkpoint and report every N iterations (default: ${DEFAULT-VALUE}).")
    int snapshotEvery;
    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Worker threads (0 = all cores; default: ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--quality-steps", paramLabel = "N", defaultValue = "1024", description = "Steps of the final quality render, 64x64 from zeros (0 = skip; default: ${DEFAULT-VALUE}).")
    int qualitySteps;
    @Option(names = "--stop-after", defaultValue = "0", paramLabel = "N", description = "Stop after N iterations of this session, with a checkpoint, without writing the model (continue with --resume).")
    int stopAfter;
    @Option(names = "--bench", description = "Time a few iterations (with --image, or a built-in exemplar) and print seconds per iteration.")
    boolean bench;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr(), o = spec.commandLine().getOut();
        int[] st = parseSteps(steps);
        int nThreads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (bench) return bench(o, err, st, nThreads);
        if (image == null || out == null) throw new CommandLine.ParameterException(spec.commandLine(), "--image and --out are required (or use --bench)");
        Exemplar ex = Exemplar.read(image);
        ex.notes().forEach(n -> err.println("cellscape: note: " + n));
        TrainConfig cfg = config(ex, st);
        Path dir = runDir != null ? runDir : out.resolveSibling(stem(out) + ".run");
        RunTracker tracker = new RunTracker(dir);
        ex.notes().forEach(tracker::note);
        tracker.exemplar(ex);
        String cfgJson = JSON.writeValueAsString(cfg);
        try (Trainer tr = new Trainer(cfg, ex, nThreads)) {
            if (resume) {
                if (!Files.exists(tracker.checkpoint())) throw CellscapeException.badInput("--resume: no checkpoint in " + dir);
                TrainConfig old = JSON.readValue(Trainer.checkpointConfig(tracker.checkpoint()), TrainConfig.class);
                if (!old.sameRun(cfg))
                    throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "--resume: the checkpoint in " + dir + " was made with different settings (" + old + ")");
                tr.load(tracker.checkpoint());
                tracker.resume(tr.iteration());
                err.println("cellscape: resuming " + dir + " at iteration " + tr.iteration());
            } else {
                tracker.start();
            }
            tracker.writeConfig(cfgJson);
            String title = "cellscape train: " + ex.name();
            int sessionIterations = 0;
            Progress progress = new Progress(err, cfg.iterations(), System.console() != null && System.console().isTerminal());
            while (tr.iteration() < cfg.iterations()) {
                Trainer.Metrics m;
                try {
                    m = tr.step();
                } catch (CellscapeException e) {
                    if (e.exitCode() == CellscapeException.TRAINING_DIVERGED) {
                        tracker.note(e.getMessage() + "; the last good checkpoint is kept");
                        tracker.report(title, List.of());
                        throw new CellscapeException(e.exitCode(), e.getMessage() + "; last good checkpoint: " + tracker.checkpoint());
                    }
                    throw e;
                }
                tracker.add(m);
                progress.update(m);
                boolean last = tr.iteration() == cfg.iterations();
                boolean stop = stopAfter > 0 && ++sessionIterations == stopAfter && !last;
                if (tr.iteration() % snapshotEvery == 0 || last || stop) {
                    tracker.snapshot(tr.iteration(), tr.lastBatchStates(), cfg.size(), cfg.channels(), 0.5f, 0.5f);
                    tr.save(tracker.checkpoint(), cfgJson);
                    tracker.report(title, List.of());
                }
                if (stop) {
                    progress.done();
                    err.println("cellscape: stopped at iteration " + tr.iteration() + "; continue with --resume --run-dir " + dir);
                    return 0;
                }
            }
            progress.done();
            double fin = finalLoss(tracker.metrics());
            NcaModel model = tr.model();
            List<String> extra = new ArrayList<>();
            Quality.Report q = null;
            if (qualitySteps > 0) {
                q = Quality.measure(model, ex, cfg.lossConfig(), 64, qualitySteps, seed);
                o.println(q.describe());
                extra.add(q.describe());
                for (String w : org.cellscape.train.Advice.after(q, cfg)) {
                    err.println("cellscape: warning: " + w);
                    extra.add("Warning: " + w);
                }
            }
            NcaModel.Builder b = model.toBuilder().name(stem(out))
                    .metadata("exemplar", image.getFileName().toString())
                    .metadata("trainer", "cellscape train")
                    .metadata("trainer_settings", new ObjectMapper().writeValueAsString(cfg))
                    .metadata("iterations", Integer.toString(cfg.iterations()))
                    .metadata("final_loss", String.format(Locale.ROOT, "%.6g", fin));
            if (q != null) b.metadata("quality", String.format(Locale.ROOT, "model %.5f, untrained %.5f, exemplar crop %.5f", q.model(), q.untrained(), q.exemplarCrop()));
            ModelIO.write(b.build(), out);
            tracker.result(model, 2 * cfg.size(), qualitySteps > 0 ? qualitySteps : 256, seed);
            tracker.report(title, extra);
            o.printf(Locale.ROOT, "wrote %s (%d iterations, final loss %.5g); run folder %s%n", out, cfg.iterations(), fin, dir);
        }
        return 0;
    }

    private TrainConfig config(Exemplar ex, int[] st) {
        TrainConfig cfg;
        try {
            cfg = new TrainConfig(ex.name(), iterations, size, batch, st[0], st[1], pool, lr, lr / 10, seed, channels, hidden, 0.5f,
                    resetEvery, lossLevels, patch, projections, colourWeight, overflowWeight);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        int min = cfg.lossConfig().minExemplarSide();
        if (Math.min(ex.width(), ex.height()) < min)
            throw CellscapeException.badInput("exemplar " + image + " is " + ex.width() + "x" + ex.height() + ", too small for "
                    + lossLevels + " loss levels of " + patch + "x" + patch + " patches: it needs at least " + min + "x" + min + " pixels (or use fewer --loss-levels)");
        return cfg;
    }

    private int bench(PrintWriter o, PrintWriter err, int[] st, int nThreads) {
        Exemplar ex = image != null ? Exemplar.read(image) : Exemplars.generate("cells", 128, 1);
        TrainConfig cfg = config(ex, st);
        int n = Math.max(3, Math.min(iterations, 10));
        try (Trainer tr = new Trainer(cfg.withIterations(1000), ex, nThreads)) {
            for (int i = 0; i < 2; i++) tr.step(); // warm-up (JIT)
            double total = 0;
            int totalSteps = 0;
            for (int i = 0; i < n; i++) {
                Trainer.Metrics m = tr.step();
                total += m.seconds();
                totalSteps += m.steps();
            }
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            o.printf(Locale.ROOT, "train bench: %.3f s/iteration (%d iterations, %dx%d, batch %d, %.1f steps on average, %d/%d channels/hidden, %d threads, %d cores, load average %.2f)%n",
                    total / n, n, cfg.size(), cfg.size(), cfg.batch(), totalSteps / (double) n, cfg.channels(), cfg.hidden(), nThreads,
                    Runtime.getRuntime().availableProcessors(), load);
        }
        return 0;
    }

    static double finalLoss(List<Trainer.Metrics> ms) {
        int k = Math.min(20, ms.size());
        double s = 0;
        for (int i = ms.size() - k; i < ms.size(); i++) s += ms.get(i).loss();
        return k == 0 ? Double.NaN : s / k;
    }

    private int[] parseSteps(String s) {
        try {
            String[] p = s.split("\\.\\.");
            int a = Integer.parseInt(p[0].trim()), b = p.length > 1 ? Integer.parseInt(p[1].trim()) : a;
            return new int[]{a, b};
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--steps must be N or MIN..MAX, got '" + s + "'");
        }
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** A progress bar with ETA on a terminal; a plain line every ~10 s otherwise. */
    static final class Progress {
        final PrintWriter err;
        final int total;
        final boolean tty;
        final long start = System.nanoTime();
        long lastPrint;
        int done;

        Progress(PrintWriter err, int total, boolean tty) {
            this.err = err;
            this.total = total;
            this.tty = tty;
        }

        void update(Trainer.Metrics m) {
            done = m.iteration() + 1;
            long now = System.nanoTime();
            if (!tty && now - lastPrint < 10_000_000_000L && done != total) return;
            if (tty && now - lastPrint < 200_000_000L && done != total) return;
            lastPrint = now;
            double el = (now - start) / 1e9;
            // rate over this session's iterations (a resumed run starts part-way)
            int sessionDone = Math.max(1, done - firstDone(m));
            double eta = el / sessionDone * (total - done);
            String line = String.format(Locale.ROOT, "iteration %d/%d  loss %.5f  %.2f s/it  ETA %s", done, total, m.loss(), el / sessionDone, time(eta));
            if (tty) {
                int w = 30, f = (int) Math.round(w * done / (double) total);
                err.print("\r[" + "#".repeat(f) + ".".repeat(w - f) + "] " + line + "   ");
            } else {
                err.println("cellscape: train " + line);
            }
            err.flush();
        }

        private int first = -1;

        private int firstDone(Trainer.Metrics m) {
            if (first < 0) first = m.iteration();
            return first;
        }

        void done() {
            if (tty) err.println();
        }

        static String time(double s) {
            long t = Math.round(s);
            return t >= 3600 ? String.format("%dh%02dm", t / 3600, t / 60 % 60) : String.format("%dm%02ds", t / 60, t % 60);
        }
    }
}
