package org.cellscape.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.backend.Backend;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.Backends;
import org.cellscape.canvas.Estimate;
import org.cellscape.canvas.Progress;
import org.cellscape.canvas.RenderJob;
import org.cellscape.canvas.TiledRenderer;
import org.cellscape.canvas.Units;
import org.cellscape.image.ImageSpec;
import org.cellscape.image.ImageWriters;
import org.cellscape.image.Sidecar;
import org.cellscape.image.WriterOptions;
import org.cellscape.render.RenderSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cellscape render}: grows an image of any size, tiled and out of core, resumable. */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Grow an image from a model: seed, steps, upsample, steps, ... (see docs/tiling.md).",
                "Any size: the canvas lives in scratch files, computed tile by tile; pixels are the same whatever the tiling.",
                "Interrupted renders resume: run the same command again."},
        footer = {"", "Examples:",
                "  cellscape render presets/default.yaml --set seed=7 --out mine.png",
                "  cellscape render --model m.safetensors --size 2048x1024 --out m.png",
                "  cellscape render --model m.safetensors --print A0 --out poster.tif",
                "  cellscape render --model m.safetensors --print 60x40cm --dpi 150 --out w.tif",
                "  cellscape render --model m.safetensors --size 4096 --out m.tif \\",
                "      --schedule \"auto:noise:64, x2:bilinear:32, x2:16\" --seed 7",
                "  cellscape render ... --dry-run        # the plan only (= cellscape plan)",
                "  cellscape render ... --scratch /big/disk --store float16 --memory 2g",
                "  cellscape render ... --progress json 2>progress.log",
                "",
                "Exit codes: 2 usage, 3 bad input, 4 I/O (disk full, folder missing),",
                "5 does not fit, 6 backend, 7 resume refused."})
public final class RenderCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RenderOptions options;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PRESET", description = {"A preset (.yaml) to render; image options and --set override it",
            "(default without --model, --schedule or a size: presets/default.yaml). See 'cellscape presets show PRESET'."})
    Path preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a preset setting, e.g. --set schedule.levels[2].steps=16 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--dry-run", description = "Print the plan (sizes, tiles, memory, disk, time) and stop.")
    boolean dryRun;

    @Option(names = "--quiet", description = "No progress display and no summary.")
    boolean quiet;

    @Option(names = "--progress", paramLabel = "auto|json|none", defaultValue = "auto",
            description = "Progress on stderr: auto (a live line on a terminal), json (one JSON object a line), none.")
    String progress;

    @Option(names = "--checkpoint-every-ms", paramLabel = "MS", hidden = true, defaultValue = "5000", description = "Checkpoint interval within a pass (tests).")
    long checkpointMillis;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        PresetRender pr = PresetRender.of(options.toSettings(), preset, sets, spec.commandLine().getParseResult());
        RenderSettings s = pr.settings();
        if (s.out() == null) throw new CellscapeException(CellscapeException.USAGE, "give the output image: --out FILE (.png, .tif or .tiff)");
        if (dryRun) return PlanCommand.plan(s, options.backendOptions(s.threads()), out, err);
        checkOutput(s.out());
        RenderJob job = RenderJob.resolve(s);
        long started = System.nanoTime();
        try (Backend backend = Backends.create(s.backend(), options.backendOptions(s.threads()), err)) {
            Estimate est = Estimate.of(job, job.plan(), Double.NaN);
            est.checkDisk();
            Map<String, String> params = pr.parameters(parameters(job, backend));
            ImageSpec spec = new ImageSpec(job.outWidth(), job.outHeight(), s.bits(), params, s.dpi());
            WriterOptions wo = WriterOptions.defaults().withForceBigTiff(s.forceBigTiff())
                    .withThreads(s.threads() > 0 ? s.threads() : Runtime.getRuntime().availableProcessors());
            new TiledRenderer(job, backend, progress(err), err).checkpointEvery(checkpointMillis)
                    .run(() -> ImageWriters.open(s.out(), spec, wo));
            Path sidecar = Sidecar.write(s.out(), PresetRender.sidecar(params, started));
            if (!quiet)
                out.printf(Locale.ROOT, "wrote %s (%d x %d px, %d-bit) and %s in %s%n", s.out(), job.outWidth(), job.outHeight(), s.bits(),
                        sidecar.getFileName(), Units.duration((System.nanoTime() - started) / 1e9));
        }
        return 0;
    }

    private Progress progress(PrintWriter err) {
        return switch (progress.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> new Progress(Progress.Mode.JSON, err);
            case "none" -> Progress.none();
            case "auto" -> quiet || System.console() == null || !System.console().isTerminal() ? Progress.none() : new Progress(Progress.Mode.LINE, err);
            default -> throw new CellscapeException(CellscapeException.USAGE, "--progress must be auto, json or none, got '" + progress + "'");
        };
    }

    /** Fails early, before any compute, on an output that cannot be written. */
    static void checkOutput(Path out) {
        ImageWriters.formatOf(out);
        Path folder = out.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder))
            throw CellscapeException.io("cannot write " + out + ": output folder " + folder + " does not exist", null);
        if (!Files.isWritable(folder))
            throw CellscapeException.io("cannot write " + out + ": output folder " + folder + " is not writable", null);
    }

    /** What goes into the image (PNG iTXt / TIFF ImageDescription) and its sidecar JSON. */
    static Map<String, String> parameters(RenderJob job, Backend backend) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("software", "Cellscape " + Version.get());
        p.put("model", job.model().name());
        p.put("model_hash", job.modelHash());
        p.put("schedule", job.schedule().toString());
        p.put("seed", Long.toString(job.ctx().seed()));
        p.put("size", job.outWidth() + "x" + job.outHeight());
        p.put("fire_rate", Float.toString(job.ctx().fireRate()));
        p.put("colour", "scale " + job.model().colourScale() + ", offset " + job.model().colourOffset());
        if (job.colours().grade() != null) p.put("colour_grade", job.colours().grade().describe());
        p.put("store", job.precision().id());
        p.put("backend", backend.describe().split("[ (]", 2)[0]);
        p.put("dpi", ImageSpec.dpiText(job.settings().dpi()));
        if (job.settings().stateIn() != null) p.put("state_in", job.pixelParameters().get("stateIn"));
        return p;
    }
}
