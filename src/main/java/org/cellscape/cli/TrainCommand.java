package org.cellscape.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.nets.ClipConfig;
import org.cellscape.nets.ClipModel;
import org.cellscape.nets.RandomClip;
import org.cellscape.nets.Vgg16;
import org.cellscape.nets.VggStyle;
import org.cellscape.train.ClipLoss;
import org.cellscape.train.Exemplar;
import org.cellscape.train.ImageLoss;
import org.cellscape.train.Quality;
import org.cellscape.train.RuleLoss;
import org.cellscape.train.StyleLoss;
import org.cellscape.train.TrainConfig;
import org.cellscape.train.Trainer;
import org.cellscape.train.TrainingRun;
import org.cellscape.train.exemplars.Exemplars;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cellscape train}: trains a texture NCA from one example image, or a multi-rule NCA from one image per rule. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a texture NCA from one example image (multi-scale patch sliced-Wasserstein loss; with --style-net also VGG16's style loss; with --prompt and --clip a CLIP text prompt, with or without an image).",
                "Writes the model (safetensors) and a run folder with config.json, metrics.csv, snapshots, checkpoint.bin and report.html.",
                "Several --image options train one model with one rule (control input) per exemplar."},
        footer = {"", "Examples:",
                "  cellscape train --image presets/models/exemplars/cells.png --out cells.safetensors",
                "  cellscape train --image cells.png --out cells.safetensors --run-dir runs/cells --resume",
                "  cellscape train --image coral.png --image lichen.png --out duet.safetensors --rule-names coral,lichen",
                "  cellscape train --image leaves.png --style-net vgg16.safetensors --out leaves.safetensors",
                "  cellscape train --image leaves.png --prompt \"mossy stones\" --clip clip-vit-base-patch32 --out mossy.safetensors",
                "  cellscape train --prompt \"red flames\" --clip clip-vit-base-patch32 --out flames.safetensors   (a prompt alone)",
                "  cellscape train --bench             (prints seconds per iteration at the default settings)"})
public final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--image", paramLabel = "PNG", description = "The exemplar texture image (PNG, JPEG, ...); repeat it for a multi-rule model, one rule per image.")
    List<Path> images = new ArrayList<>();
    @Option(names = "--rule-names", paramLabel = "A,B,...", description = "Names of the rules, one per --image, in order (default: the images' file names).")
    String ruleNames;
    @Option(names = "--mixed", paramLabel = "SHARE", description = "Share of the samples split into two halves with two rules, so borders are learned (multi-rule only; default: 0.25).")
    Double mixed;
    @Option(names = "--out", paramLabel = "MODEL", description = "Model file to write (.safetensors).")
    Path out;
    @Option(names = "--iterations", paramLabel = "N",
            description = "Training iterations (default: " + TrainConfig.DEFAULT_ITERATIONS + "; " + TrainConfig.DEFAULT_ITERATIONS_SLOW
                    + " with --style-net or --prompt, whose iterations take several times as long).")
    Integer iterations;

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
    @Option(names = "--reset-every", paramLabel = "N", defaultValue = "2", description = "Restart one batch sample from its seed (zeros, or the --seed-noise) every N iterations (default: ${DEFAULT-VALUE}).")
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
    @Option(names = "--scale", paramLabel = "FACTOR|auto", defaultValue = "1",
            description = {"Resample the exemplar before training: a FACTOR (0.5 halves its sides, so its structures grow at half size), "
                    + "or 'auto': shrink it so its shorter side is about 1.5x the training grid (96 px for --size 64), where the grid "
                    + "and the coarsest loss level see its largest structures whole (default: ${DEFAULT-VALUE})."})
    String scale;
    @Option(names = "--seed-noise", paramLabel = "AMPLITUDE", defaultValue = "0.1",
            description = "Grow pool samples from seeded noise of this amplitude, as renders with 'noise(A)' in their schedule start "
                    + "(the presets' schedules start from noise(0.1); 0 = from zeros; default: ${DEFAULT-VALUE}).")
    float seedNoise;
    @Option(names = "--reset-worst", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "The sample started again from its seed is the batch's worst by its last loss, not the first drawn (default: ${DEFAULT-VALUE}).")
    boolean resetWorst;
    @Option(names = "--style-net", paramLabel = "SAFETENSORS",
            description = {"VGG16's convolutional layers with torchvision's names (docs/training.md: three Python lines convert them): adds a style loss "
                    + "on relu1_1..relu5_1 against the exemplar. With --bench, 'random' times random weights at VGG16's shapes."})
    String styleNet;
    @Option(names = "--style-weight", paramLabel = "W", defaultValue = "0.02",
            description = "Weight of the style loss: at the default an untrained sample's style and patch terms are about equal (default: ${DEFAULT-VALUE}).")
    double styleWeight;
    @Option(names = "--style-loss", paramLabel = "KIND", defaultValue = "gram",
            description = "The style loss: Gram matrices, or a sliced Wasserstein distance of the features (default: ${DEFAULT-VALUE}).")
    String styleLoss;
    @Option(names = "--style-projections", paramLabel = "N", defaultValue = "32", description = "Random projections per layer and sample of --style-loss sw (default: ${DEFAULT-VALUE}).")
    int styleProjections;
    @Option(names = "--patch-weight", paramLabel = "W", defaultValue = "1", description = "Weight of the patch loss (0 with --style-net: the style loss alone; default: ${DEFAULT-VALUE}).")
    double patchWeight;
    @Option(names = "--prompt", paramLabel = "TEXT",
            description = {"A text prompt that steers the look through CLIP (needs --clip): 1 - cosine between the prompt and random crops of each sample.",
                    "With several --image (rules): one prompt for all, or one --prompt per rule in the same order, each seen only on its rule's cells."})
    List<String> prompts = new ArrayList<>();
    @Option(names = "--clip", paramLabel = "DIR",
            description = "A Hugging Face CLIP folder (config.json, model.safetensors, vocab.json, merges.txt; ViT-B/32 or B/16; docs/clip.md).")
    Path clip;
    @Option(names = "--prompt-weight", paramLabel = "W", defaultValue = "0.1",
            description = "Weight of the prompt's loss (1 - cosine, 0..2; the patch loss starts near 0.1; default: ${DEFAULT-VALUE}).")
    double promptWeight;
    @Option(names = "--prompt-crops", paramLabel = "N", defaultValue = "4", description = "Random crops of each sample the prompt's loss looks at (default: ${DEFAULT-VALUE}).")
    int promptCrops;
    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run folder (default: MODEL without extension + '.run').")
    Path runDir;
    @Option(names = "--resume", description = "Continue the run in --run-dir from its checkpoint.")
    boolean resume;
    @Option(names = "--snapshot-every", paramLabel = "N", defaultValue = "50", description = "Snapshot, checkpoint and report every N iterations (default: ${DEFAULT-VALUE}).")
    int snapshotEvery;
    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Worker threads (0 = all cores; default: ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--quality-steps", paramLabel = "N", defaultValue = "1024", description = "Steps of the final quality render, 64x64 from zeros or the --seed-noise (0 = skip; default: ${DEFAULT-VALUE}).")
    int qualitySteps;
    @Option(names = "--stop-after", defaultValue = "0", paramLabel = "N", description = "Stop after N iterations of this session, with a checkpoint, without writing the model (continue with --resume).")
    int stopAfter;
    @Option(names = "--bench", description = "Time a few iterations (with --image, or a built-in exemplar) and print seconds per iteration.")
    boolean bench;

    /** The CLIP loss's clocks after the bench's warm-up. */
    private double[] clipWarm = {0, 0};

    /** TrainConfig's settings in words, and the options that set them. */
    private static final Map<String, String> OPTIONS = Map.of("iterations", "--iterations", "batch", "--batch", "pool", "--pool",
            "steps", "--steps", "learning rate", "--lr", "channels", "--channels", "hidden", "--hidden",
            "reset interval", "--reset-every", "size", "--size", "mixed share", "--mixed");
    private static final Map<String, String> STYLE_OPTIONS = Map.of("style net", "--style-net", "style weight", "--style-weight",
            "style loss", "--style-loss", "style projections", "--style-projections", "patch weight", "--patch-weight",
            "prompt", "--prompt", "prompt weight", "--prompt-weight", "prompt crops", "--prompt-crops");

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr(), o = spec.commandLine().getOut();
        int[] st = parseSteps(steps);
        int nThreads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (bench) return bench(o, st, nThreads);
        boolean promptOnly = images.isEmpty() && !prompts.isEmpty();
        if ((images.isEmpty() && !promptOnly) || out == null)
            throw new CommandLine.ParameterException(spec.commandLine(), "--image (or --prompt with --clip) and --out are required (or use --bench)");
        if (promptOnly && spec.commandLine().getParseResult().hasMatchedOption("--patch-weight"))
            throw usage("--patch-weight needs --image: a prompt alone trains with the prompt's loss only");
        Vgg16 net = styleNet();
        ClipModel clipModel = clipModel();
        List<String> rules = rules();
        List<Exemplar> exs = new ArrayList<>();
        for (Path image : images) exs.add(Exemplar.read(image));
        if (promptOnly) {
            if (styleNet != null) throw usage("--style-net needs --image: the style loss compares with the exemplar");
            exs.add(Exemplar.none(128));
            patchWeight = 0;
        }
        double factor = promptOnly ? 1 : scaleFactor(exs);
        for (int i = 0; i < images.size(); i++) {
            Exemplar ex = exs.get(i).scaled(factor);
            Path image = images.get(i);
            ex.notes().forEach(n -> err.println("cellscape: note: " + (images.size() > 1 ? image + ": " : "") + n
                    + (n.startsWith("exemplar scaled") && "auto".equals(scale) ? " (--scale auto; --scale 1 keeps it as it is)" : "")));
            exs.set(i, ex);
        }
        TrainConfig cfg = withPrompt(config(exs, rules, st, factor, net), clipModel);
        Path dir = runDir != null ? runDir : out.resolveSibling(TrainingRun.stem(out) + ".run");
        var options = new TrainingRun.Options(exs, images, cfg, out, dir, resume, snapshotEvery, nThreads, qualitySteps, stopAfter, imageLosses(cfg, net, exs, clipModel, err));
        TrainProgress progress = new TrainProgress(err, cfg.iterations(), System.console() != null && System.console().isTerminal());
        TrainingRun.Result r;
        try {
            r = TrainingRun.run(options, new TrainingRun.Listener() {
                @Override
                public void resumed(Path d, int iteration) {
                    err.println("cellscape: resuming " + d + " at iteration " + iteration);
                }

                @Override
                public void iteration(Trainer.Metrics m) {
                    progress.update(m);
                }

                @Override
                public void trained() {
                    progress.done();
                }

                @Override
                public void measured(String rule, Quality.Report q) {
                    o.println((rule == null ? "" : "rule " + rule + ": ") + q.describe());
                }

                @Override
                public void warning(String advice) {
                    err.println("cellscape: warning: " + advice);
                }
            });
        } catch (TrainingRun.ResumeRefused e) {
            throw new CellscapeException(e.exitCode(), "--resume: " + e.getMessage());
        }
        if (r.stopped()) {
            err.println("cellscape: stopped at iteration " + r.iteration() + "; continue with --resume --run-dir " + dir);
            return 0;
        }
        o.printf(Locale.ROOT, "wrote %s (%d iterations, final loss %.5g); run folder %s%n", out, cfg.iterations(), r.finalLoss(), dir);
        return 0;
    }

    /** The rule names: none for one image; --rule-names, or the images' file names made into rule names. */
    private List<String> rules() {
        if (images.size() < 2) {
            if (ruleNames != null) throw usage("--rule-names needs two or more --image exemplars (one image trains a model without rules)");
            if (mixed != null) throw usage("--mixed needs two or more --image exemplars");
            return List.of();
        }
        List<String> names = new ArrayList<>();
        if (ruleNames != null) {
            for (String n : ruleNames.split(",", -1)) {
                n = n.strip();
                if (!RULE.matcher(n).matches()) throw usage("--rule-names: '" + n + "' is not a rule name (letters a-z, digits, '_' and '-')");
                if (names.contains(n)) throw usage("--rule-names: '" + n + "' is given twice");
                names.add(n);
            }
            if (names.size() != images.size())
                throw usage("--rule-names gives " + names.size() + (names.size() == 1 ? " name" : " names") + " for " + images.size() + " --image exemplars");
            return names;
        }
        for (Path p : images) {
            String base = TrainingRun.stem(p).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
            if (base.isEmpty()) base = "rule";
            String n = base;
            for (int k = 2; names.contains(n); k++) n = base + "-" + k;
            names.add(n);
        }
        return names;
    }

    private static final java.util.regex.Pattern RULE = java.util.regex.Pattern.compile("[a-z0-9_-]+");

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The --style-net weights (null without); 'random' only for --bench. */
    private Vgg16 styleNet() {
        if (styleNet == null) return null;
        if (styleNet.equals("random")) {
            if (!bench) throw usage("--style-net random (random weights) is for --bench only");
            return Vgg16.random(Vgg16.VGG16_WIDTH, 1);
        }
        Vgg16 net = Vgg16.read(Path.of(styleNet));
        if (net.width() != Vgg16.VGG16_WIDTH)
            spec.commandLine().getErr().println("cellscape: note: " + styleNet + " is a narrow VGG-shaped net (conv1_1 " + net.width() + " wide, VGG16's is 64)");
        return net;
    }

    private static List<ImageLoss> imageLosses(TrainConfig cfg, Vgg16 net, List<Exemplar> exs, ClipModel clipModel, PrintWriter err) {
        List<ImageLoss> l = new ArrayList<>();
        if (net != null) l.add(StyleLoss.of(net, cfg.style(), exs.getFirst()));
        if (clipModel != null) {
            TrainConfig.Prompt p = cfg.prompt();
            List<String> rules = cfg.rules();
            for (int r = 0; r < p.texts().size(); r++) {
                ClipLoss c = new ClipLoss(clipModel.vision(), promptEmbedding(clipModel, p.texts().get(r), err), p.crops(), p.weight());
                l.add(p.texts().size() == 1 ? c : new RuleLoss(c, r, rules.get(r)));
            }
        }
        return l;
    }

    /** The --clip folder's model (null without --prompt); --prompt and --clip go together; 'random' only for --bench. */
    private ClipModel clipModel() {
        if (prompts.isEmpty() && clip == null) return null;
        if (prompts.isEmpty()) throw usage("--clip needs --prompt TEXT");
        if (clip == null) throw usage("--prompt needs --clip DIR (a Hugging Face CLIP folder, docs/clip.md)");
        if (isRandomClip()) {
            if (!bench) throw usage("--clip random (ViT-B/32 with random weights) is for --bench only");
            ClipConfig c = ClipConfig.vitB32();
            return ClipModel.of(c, null, RandomClip.tensors(c, 1, false), "random", true);
        }
        return ClipModel.load(clip, true);
    }

    private boolean isRandomClip() {
        return clip != null && clip.toString().equals("random");
    }

    /** The prompt's embedding; with random weights (no text tower) a fixed random direction. */
    private static double[] promptEmbedding(ClipModel m, String text, PrintWriter err) {
        if (m.text() != null) return m.embedPrompt(text, w -> err.println("cellscape: note: " + w));
        java.util.SplittableRandom r = new java.util.SplittableRandom(text.hashCode());
        double[] e = new double[m.config().projection()];
        for (int i = 0; i < e.length; i++) e[i] = r.nextGaussian();
        return e;
    }

    /** The config with the prompt's loss recorded (its folder's content hash too, so a resume with other weights is refused). */
    private TrainConfig withPrompt(TrainConfig cfg, ClipModel clipModel) {
        if (clipModel == null) return cfg;
        try {
            String hash = isRandomClip() ? "random" : ClipModel.hash(clip);
            return cfg.withPrompt(new TrainConfig.Prompt(prompts, clip.toAbsolutePath().normalize().getFileName().toString(), hash, promptWeight, promptCrops));
        } catch (TrainConfig.InvalidSetting e) {
            String option = STYLE_OPTIONS.get(e.setting());
            throw usage(option == null ? e.getMessage() : option + " " + e.problem());
        }
    }

    /** --iterations, or its default: fewer when a network loss makes each iteration several times as long. */
    private int iterations() {
        if (iterations != null) return iterations;
        return styleNet != null || !prompts.isEmpty() ? TrainConfig.DEFAULT_ITERATIONS_SLOW : TrainConfig.DEFAULT_ITERATIONS;
    }

    /** The run's config; {@code scale} is the factor the exemplars were already resampled by; {@code net} the style net or null. */
    private TrainConfig config(List<Exemplar> exs, List<String> rules, int[] st, double scale, Vgg16 net) {
        if (patchWeight == 0 && net == null && prompts.isEmpty()) throw usage("--patch-weight 0 needs another loss (--style-net or --prompt)");
        TrainConfig cfg;
        List<String> names = new ArrayList<>();
        for (Exemplar ex : exs) names.add(ex.name());
        try {
            cfg = new TrainConfig(String.join(",", names), iterations(), size, batch, st[0], st[1], pool, lr, lr / 10, seed, channels, hidden, 0.5f,
                    resetEvery, lossLevels, patch, projections, colourWeight, overflowWeight, rules, rules.isEmpty() ? 0 : mixed == null ? 0.25 : mixed,
                    scale, seedNoise, resetWorst, patchWeight,
                    net == null ? null : new TrainConfig.Style(Path.of(styleNet).getFileName().toString(), net.hash(), styleWeight, styleLoss, styleProjections), null);
        } catch (TrainConfig.InvalidSetting e) {
            String option = e.setting() == null ? null : OPTIONS.getOrDefault(e.setting(), STYLE_OPTIONS.get(e.setting()));
            throw new CommandLine.ParameterException(spec.commandLine(), option == null ? e.getMessage() : option + " " + e.problem());
        }
        try {
            for (int i = 0; i < exs.size(); i++) TrainingRun.checkExemplar(exs.get(i), cfg, i < images.size() ? images.get(i) : Path.of(exs.get(i).name()));
        } catch (CellscapeException e) {
            throw new CellscapeException(e.exitCode(), e.getMessage() + " (or use fewer --loss-levels)");
        }
        return cfg;
    }

    private int bench(PrintWriter o, int[] st, int nThreads) {
        List<Exemplar> exs = new ArrayList<>();
        for (Path p : images) exs.add(Exemplar.read(p));
        if (exs.isEmpty()) exs.add(Exemplars.generate("cells", 128, 1));
        double factor = scaleFactor(exs);
        exs.replaceAll(e -> e.scaled(factor));
        Vgg16 net = styleNet();
        ClipModel clipModel = clipModel();
        TrainConfig cfg = withPrompt(config(exs, rules(), st, factor, net), clipModel);
        List<ImageLoss> losses = imageLosses(cfg, net, exs, clipModel, spec.commandLine().getErr());
        VggStyle.Timing[] warm = {null};
        VggStyle style = losses.isEmpty() || !(losses.getFirst() instanceof StyleLoss sl) ? null : sl.style();
        TrainingRun.Bench b = TrainingRun.bench(exs, cfg, nThreads, Math.max(3, Math.min(iterations(), 10)), losses,
                () -> {
                    warm[0] = style == null ? null : style.timing();
                    for (ImageLoss l : losses) if (l instanceof ClipLoss c) clipWarm = new double[] {c.forwardSeconds(), c.backwardSeconds()};
                });
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        o.printf(Locale.ROOT, "train bench: %.3f s/iteration (%d iterations, %dx%d, batch %d, %.1f steps on average, %d/%d channels/hidden, %d threads, %d cores, load average %.2f)%n",
                b.secondsPerIteration(), b.iterations(), cfg.size(), cfg.size(), cfg.batch(), b.meanSteps(), cfg.channels(), cfg.hidden(), nThreads,
                Runtime.getRuntime().availableProcessors(), load);
        if (style != null) {
            VggStyle.Timing t = style.timing();
            double n = b.iterations();
            o.printf(Locale.ROOT, "  per iteration, seconds summed over threads: style net forward %.3f, style net backward %.3f, NCA forward %.3f, NCA backward %.3f (conv1_1 %d wide, %d-bit vectors)%n",
                    (t.forwardNanos() - warm[0].forwardNanos()) / 1e9 / n, (t.backwardNanos() - warm[0].backwardNanos()) / 1e9 / n,
                    b.ncaForward(), b.ncaBackward(), net.width(), jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize());
        }
        for (ImageLoss l : losses)
            if (l instanceof ClipLoss c)
                o.printf(Locale.ROOT, "  per iteration, seconds summed over threads: CLIP vision forward %.3f, CLIP vision backward %.3f, NCA forward %.3f, NCA backward %.3f (%s, %d crops, %d-bit vectors)%n",
                        (c.forwardSeconds() - clipWarm[0]) / b.iterations(), (c.backwardSeconds() - clipWarm[1]) / b.iterations(), b.ncaForward(), b.ncaBackward(),
                        clip, cfg.prompt().crops(), jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize());
        return 0;
    }

    /** The factor of --scale: the number given, or auto's choice for these exemplars (one factor for all of them). */
    private double scaleFactor(List<Exemplar> exs) {
        double f;
        if ("auto".equals(scale)) {
            int shortest = Integer.MAX_VALUE;
            for (Exemplar e : exs) shortest = Math.min(shortest, Math.min(e.width(), e.height()));
            int min = new org.cellscape.train.PatchLoss.Config(lossLevels, patch, projections, colourWeight, 4096).minExemplarSide();
            f = Exemplar.fitScale(shortest, size, min);
        } else {
            try {
                f = Double.parseDouble(scale);
            } catch (NumberFormatException e) {
                throw usage("--scale must be a factor such as 0.5, or auto; got '" + scale + "'");
            }
            if (!(f > 0 && f <= 4)) throw usage("--scale must be in (0, 4] or auto; got '" + scale + "'");
        }
        return f;
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
}
