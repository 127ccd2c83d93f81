package org.cellscape.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.Units;
import org.cellscape.engine.Backend;
import org.cellscape.render.Estimate;
import org.cellscape.render.Progress;
import org.cellscape.render.Render;
import org.cellscape.render.RenderJob;
import org.cellscape.render.RenderSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cellscape render}: grows an image of any size, tiled and out of core, resumable. */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Grow an image from a model: seed, steps, upsample, steps, ... (see docs/tiling.md).",
                "Any size: the canvas lives in scratch files, computed tile by tile; pixels are the same whatever the tiling.",
                "Interrupted renders resume: run the same command again."},
        footer = {"", "Examples:",
                "  cellscape render presets/default.yaml --set seed=7 --out mine.png",
                "  cellscape render lichen --preview                # lichen-preview.png, quickly",
                "  cellscape render --size 1024x576 --out small.png # the default, smaller",
                "  cellscape render --model m.safetensors --size 2048x1024 --out m.png",
                "  cellscape render --model m.safetensors --print A0 --out poster.tif",
                "  cellscape render --model m.safetensors --print 60x40cm --dpi 150 --out w.tif",
                "  cellscape render --model m.safetensors --size 4096 --out m.tif \\",
                "      --schedule \"auto:noise:64, x2:bilinear:32, x2:16\" --seed 7",
                "  cellscape render ... --dry-run        # the plan only (= cellscape plan)",
                "  cellscape render ... --scratch /big/disk --store float16 --memory 2g",
                "  cellscape render ... --progress json 2>progress.log",
                "  cellscape render ... --spark spark://head:7077 --scratch hdfs://nn/scratch"})
public final class RenderCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RenderOptions options;

    @Mixin
    BackendMixin backend;

    @Mixin
    ClusterMixin cluster;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PRESET", description = {"A preset file (.yaml) or name (lichen) to render; image options and --set override it",
            "(default without --model or --schedule: the default preset). See 'cellscape presets list'."})
    Path preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a preset setting, e.g. --set schedule.levels[2].steps=16 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--dry-run", description = "Print the plan (sizes, tiles, memory, disk, time) and stop.")
    boolean dryRun;

    @Option(names = "--preview", arity = "0..1", parameterConsumer = PreviewSize.class, paramLabel = "PX",
            description = "Write only a preview, NAME-preview.png, PX on its long side (default 512): the render's own level nearest that size, shrunk.")
    Integer preview;

    @Option(names = "--quiet", description = "No progress display and no summary.")
    boolean quiet;

    @Option(names = "--progress", paramLabel = "auto|json|none", defaultValue = "auto",
            description = "Progress on stderr: auto (a live line on a terminal, a plain line every 5 s when piped), json (one JSON object a line), none.")
    String progress;

    @Option(names = "--progress-every-ms", paramLabel = "MS", hidden = true, defaultValue = "5000", description = "Interval of plain progress lines when piped (tests).")
    long progressMillis;

    @Option(names = "--checkpoint-every-ms", paramLabel = "MS", hidden = true, defaultValue = "5000", description = "Checkpoint interval within a pass (tests).")
    long checkpointMillis;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        PresetRender pr = PresetRender.of(options.toSettings(backend.threads()), preset, sets, spec.commandLine().getParseResult());
        RenderSettings s = pr.settings();
        if (s.out() == null) throw CellscapeException.invalid("give the output image: --out FILE (.png, .tif or .tiff)");
        if (s.model() == null) throw CellscapeException.invalid("no model: give --model FILE.safetensors or a PRESET (see 'cellscape presets list')");
        if (dryRun) return PlanCommand.plan(s, backend, out, err);
        if (preview != null) return PlanCommand.preview(s, backend, preview, out, err);
        if (cluster.on()) return onCluster(s, out, err);
        Render.checkOutputs(s); // before a backend starts
        try (Backend b = backend.open(err)) {
            Progress p = progress(err);
            if (p.mode() != Progress.Mode.NONE) p.expect(expectedSpeed(s, b));
            Render.Result r = runStoppable(s, b, p, err);
            if (!quiet)
                out.printf(Locale.ROOT, "wrote %s (%d x %d px, %d-bit) and %s in %s%n", s.out(), r.job().outWidth(), r.job().outHeight(), s.bits(),
                        r.sidecar().getFileName(), Units.duration(r.seconds()));
            if (!quiet && p.phases() != null) out.println(p.phases().summary());
        }
        return 0;
    }

    /** The render on Spark: the same file, computed by the cluster's executors. */
    private int onCluster(RenderSettings s, PrintWriter out, PrintWriter err) {
        Render.Result r = cluster.cluster().render(s, cluster.target(spec.commandLine().getParseResult(), backend), progress(err));
        if (!quiet)
            out.printf(Locale.ROOT, "wrote %s (%d x %d px, %d-bit) on Spark %s and %s in %s%n", s.out(), r.job().outWidth(), r.job().outHeight(), s.bits(),
                    cluster.master, r.sidecar().getFileName(), Units.duration(r.seconds()));
        return 0;
    }

    /**
     * Renders; Ctrl-C (or any stop that runs shutdown hooks) says in one line how to resume. A checkpoint of other
     * settings is refused with the option that starts over.
     */
    private Render.Result runStoppable(RenderSettings s, Backend b, Progress p, PrintWriter err) {
        String resume = "run the same command again to resume from the last checkpoint in " + RenderJob.scratchDir(s)
                + " (or add --fresh to start over)";
        Thread hook = new Thread(() -> {
            err.println((p.mode() == Progress.Mode.LINE ? "\n" : "") + "cellscape: interrupted: " + resume);
            err.flush();
        }, "cellscape-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return Render.run(s, b, p, checkpointMillis);
        } catch (CellscapeException e) {
            if (e.exitCode() != CellscapeException.RESUME_MISMATCH || s.resume()) throw e;
            throw new CellscapeException(e.exitCode(), e.getMessage() + " (--fresh discards it)", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: its message is the one to see
            }
        }
    }

    /** The plan's measured speed, so the first ETA is right; not measured for jobs done before a line would show. */
    private static double expectedSpeed(RenderSettings s, Backend b) {
        RenderJob job = RenderJob.resolve(s);
        if (job.plan().totalWork() < EXPECT_FROM_WORK) return Double.NaN;
        return Estimate.calibrate(b, job.model(), job.ctx());
    }

    /** Work (cell updates) below which a render takes a few seconds (34 M/s on two cores) and is not worth the 1-4 s calibration. */
    static final long EXPECT_FROM_WORK = 200_000_000L;

    private Progress progress(PrintWriter err) {
        if (quiet) return new Progress(Progress.Mode.NONE, err);
        return switch (progress.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> new Progress(Progress.Mode.JSON, err);
            case "none" -> new Progress(Progress.Mode.NONE, err);
            case "auto" -> System.console() == null || !System.console().isTerminal()
                    ? new Progress(Progress.Mode.PLAIN, err, progressMillis) : new Progress(Progress.Mode.LINE, err);
            default -> throw CellscapeException.invalid("--progress must be auto, json or none, got '" + progress + "'");
        };
    }
}
