package org.cellscape.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cellscape.CellscapeException;
import org.cellscape.image.WritableFile;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;

/**
 * One training run from an exemplar to a model file: the run folder (config, metrics, snapshots, checkpoint,
 * report), resuming from its checkpoint, stopping part-way, the final quality measure and the model's metadata.
 */
public final class TrainingRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What to run: the exemplars (one per rule of the config, or one for a plain model; read from {@code images}),
     * the config, the model to write and the run folder;
     * {@code snapshotEvery} iterations between snapshots and checkpoints, {@code qualitySteps} for the final
     * quality render (0 skips it), {@code stopAfter} iterations of this session before stopping (0: run to the end).
     */
    public record Options(List<Exemplar> exemplars, List<Path> images, TrainConfig config, Path out, Path runDir, boolean resume,
                          int snapshotEvery, int threads, int qualitySteps, int stopAfter, List<ImageLoss> imageLosses) {
        /** Without image losses. */
        public Options(List<Exemplar> exemplars, List<Path> images, TrainConfig config, Path out, Path runDir, boolean resume,
                       int snapshotEvery, int threads, int qualitySteps, int stopAfter) {
            this(exemplars, images, config, out, runDir, resume, snapshotEvery, threads, qualitySteps, stopAfter, List.of());
        }
    }

    /**
     * How a run ended: stopped part-way (no model written) or finished with the model written to {@code out};
     * the quality reports are one per rule (one for a plain model; empty when not measured).
     */
    public record Result(boolean stopped, int iteration, Path runDir, double finalLoss, List<Quality.Report> quality) {}

    /** Progress of a run. */
    public interface Listener {
        /** The run continues from a checkpoint at this iteration. */
        default void resumed(Path runDir, int iteration) {}

        default void iteration(Trainer.Metrics m) {}

        /** The iterations of this session are done (before the quality render). */
        default void trained() {}

        /** The final quality render was measured (before the model is written); rule is null for a plain model. */
        default void measured(String rule, Quality.Report quality) {}

        /** Advice on a poor result: what to change (after {@link #measured}). */
        default void warning(String advice) {}
    }

    /** A resume that cannot continue: no checkpoint, or one made with different settings. */
    public static final class ResumeRefused extends CellscapeException {
        ResumeRefused(int exitCode, String message) {
            super(exitCode, message);
        }
    }

    /**
     * Timing of a few iterations: seconds per iteration and steps per iteration on average, and the NCA's forward and
     * backward seconds per iteration summed over threads.
     */
    public record Bench(int iterations, double secondsPerIteration, double meanSteps, double ncaForward, double ncaBackward) {}

    private TrainingRun() {}

    /** Refuses an exemplar smaller than the loss's pyramid needs (bad input, one line). */
    public static void checkExemplar(Exemplar ex, TrainConfig cfg, Path image) {
        int min = cfg.lossConfig().minExemplarSide();
        if (Math.min(ex.width(), ex.height()) < min)
            throw CellscapeException.badInput("exemplar " + image + " is " + ex.width() + "x" + ex.height() + ", too small for "
                    + cfg.lossLevels() + " loss levels of " + cfg.patch() + "x" + cfg.patch() + " patches: it needs at least " + min + "x" + min + " pixels");
        if (cfg.style() != null && Math.min(ex.width(), ex.height()) < org.cellscape.nets.Vgg16.MIN_SIDE)
            throw CellscapeException.badInput("exemplar " + image + " is " + ex.width() + "x" + ex.height() + ", too small for the style net: it needs at least "
                    + org.cellscape.nets.Vgg16.MIN_SIDE + "x" + org.cellscape.nets.Vgg16.MIN_SIDE + " pixels");
    }

    public static Result run(Options opt, Listener listener) throws IOException {
        WritableFile.check(opt.out(), "model"); // before hours of training, not after
        List<Exemplar> exs = opt.exemplars();
        TrainConfig cfg = opt.config();
        List<String> rules = cfg.rules();
        Path dir = opt.runDir();
        RunTracker tracker = new RunTracker(dir);
        for (Exemplar ex : exs) ex.notes().forEach(tracker::note);
        boolean none = exs.getFirst().isNone(); // steered by its image losses alone (a prompt): nothing to show or compare with
        if (!none) tracker.exemplars(exs, rules);
        tracker.imageLosses(opt.imageLosses().stream().map(ImageLoss::name).toList());
        String cfgJson = JSON.writeValueAsString(cfg);
        try (Trainer tr = new Trainer(cfg, exs, opt.threads(), opt.imageLosses())) {
            if (opt.resume()) {
                if (!Files.exists(tracker.checkpoint())) throw new ResumeRefused(CellscapeException.BAD_INPUT, "no checkpoint in " + dir);
                TrainConfig old = JSON.readValue(Trainer.checkpointConfig(tracker.checkpoint()), TrainConfig.class);
                if (!old.sameRun(cfg))
                    throw new ResumeRefused(CellscapeException.RESUME_MISMATCH, "the checkpoint in " + dir + " was made with different settings (" + old + ")");
                tr.load(tracker.checkpoint());
                tracker.resume(tr.iteration());
                listener.resumed(dir, tr.iteration());
            } else {
                tracker.start();
            }
            tracker.writeConfig(cfgJson);
            String title = "cellscape train: " + (!rules.isEmpty() ? String.join(", ", rules)
                    : none && cfg.prompt() != null ? "\u201c" + cfg.prompt().text() + "\u201d" : exs.getFirst().name());
            int sessionIterations = 0;
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
                listener.iteration(m);
                boolean last = tr.iteration() == cfg.iterations();
                boolean stop = opt.stopAfter() > 0 && ++sessionIterations == opt.stopAfter() && !last;
                if (tr.iteration() % opt.snapshotEvery() == 0 || last || stop) {
                    tracker.snapshot(tr.iteration(), tr.lastBatchStates(), cfg.size(), cfg.channels(), 0.5f, 0.5f);
                    tr.save(tracker.checkpoint(), cfgJson);
                    tracker.report(title, List.of());
                }
                if (stop) {
                    listener.trained();
                    return new Result(true, tr.iteration(), dir, Double.NaN, null);
                }
            }
            listener.trained();
            double fin = finalLoss(tracker.metrics());
            NcaModel model = tr.model();
            List<String> extra = new ArrayList<>();
            List<Quality.Report> qs = new ArrayList<>();
            if (none)
                extra.add("No exemplar: the patch-loss quality score is skipped; `cellscape score --clip DIR --prompt TEXT` on a render of the model measures the prompt.");
            else if (opt.qualitySteps() > 0)
                for (int r = 0; r < exs.size(); r++) {
                    Quality.Report q = Quality.measure(model, exs.get(r), cfg.lossConfig(), 64, opt.qualitySteps(), cfg.seed(), rules.isEmpty() ? -1 : r, cfg.seedNoise());
                    String rule = rules.isEmpty() ? null : rules.get(r);
                    qs.add(q);
                    listener.measured(rule, q);
                    extra.add((rule == null ? "" : "rule " + rule + ": ") + q.describe());
                    for (String w : Advice.after(q, cfg, Math.min(exs.get(r).width(), exs.get(r).height()))) {
                        listener.warning((rule == null ? "" : "rule " + rule + ": ") + w);
                        extra.add("Warning: " + (rule == null ? "" : "rule " + rule + ": ") + w);
                    }
                }
            List<String> names = new ArrayList<>();
            for (Path p : opt.images()) names.add(p.getFileName().toString());
            NcaModel.Builder b = model.toBuilder().name(stem(opt.out()))
                    .metadata("exemplar", String.join(",", names))
                    .metadata("trainer", "cellscape train")
                    .metadata("trainer_settings", new ObjectMapper().writeValueAsString(cfg))
                    .metadata("iterations", Integer.toString(cfg.iterations()))
                    .metadata("final_loss", String.format(Locale.ROOT, "%.6g", fin));
            if (cfg.prompt() != null) b.metadata("prompt", cfg.prompt().text());
            if (!qs.isEmpty()) {
                List<String> quality = new ArrayList<>(), structure = new ArrayList<>();
                for (int r = 0; r < qs.size(); r++) {
                    Quality.Report q = qs.get(r);
                    String rule = rules.isEmpty() ? "" : rules.get(r) + ": ";
                    quality.add(rule + String.format(Locale.ROOT, "model %.5f, untrained %.5f, exemplar crop %.5f", q.model(), q.untrained(), q.exemplarCrop()));
                    structure.add(rule + q.structureSummary());
                }
                b.metadata("quality", String.join("; ", quality)).metadata("structure", String.join(" | ", structure));
            }
            ModelIO.write(b.build(), opt.out());
            tracker.result(model, rules, 2 * cfg.size(), opt.qualitySteps() > 0 ? opt.qualitySteps() : 256, cfg.seed());
            tracker.report(title, extra);
            return new Result(false, tr.iteration(), dir, fin, qs);
        }
    }

    /** Times {@code n} iterations after two of warm-up (JIT). */
    public static Bench bench(List<Exemplar> exs, TrainConfig cfg, int threads, int n) {
        return bench(exs, cfg, threads, n, List.of(), () -> {});
    }

    /** With image losses; {@code warm} runs after the warm-up (to zero the losses' own clocks). */
    public static Bench bench(List<Exemplar> exs, TrainConfig cfg, int threads, int n, List<ImageLoss> imageLosses, Runnable warm) {
        try (Trainer tr = new Trainer(cfg.withIterations(1000), exs, threads, imageLosses)) {
            for (int i = 0; i < 2; i++) tr.step();
            warm.run();
            Trainer.Timing t0 = tr.timing();
            double total = 0;
            int totalSteps = 0;
            for (int i = 0; i < n; i++) {
                Trainer.Metrics m = tr.step();
                total += m.seconds();
                totalSteps += m.steps();
            }
            Trainer.Timing t1 = tr.timing();
            return new Bench(n, total / n, totalSteps / (double) n, (t1.forwardNanos() - t0.forwardNanos()) / 1e9 / n,
                    (t1.backwardNanos() - t0.backwardNanos()) / 1e9 / n);
        }
    }

    /** The mean loss of the last 20 iterations (NaN when there were none). */
    static double finalLoss(List<Trainer.Metrics> ms) {
        int k = Math.min(20, ms.size());
        double s = 0;
        for (int i = ms.size() - k; i < ms.size(); i++) s += ms.get(i).loss();
        return k == 0 ? Double.NaN : s / k;
    }

    /** The file name up to its first dot: the model's name, and the default run folder's. */
    public static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
