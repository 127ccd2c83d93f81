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
import org.cellscape.render.Progress;
import org.cellscape.render.Render;
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
                "  cellscape render --model m.safetensors --size 2048x1024 --out m.png",
                "  cellscape render --model m.safetensors --print A0 --out poster.tif",
                "  cellscape render --model m.safetensors --print 60x40cm --dpi 150 --out w.tif",
                "  cellscape render --model m.safetensors --size 4096 --out m.tif \\",
                "      --schedule \"auto:noise:64, x2:bilinear:32, x2:16\" --seed 7",
                "  cellscape render ... --dry-run        # the plan only (= cellscape plan)",
                "  cellscape render ... --scratch /big/disk --store float16 --memory 2g",
                "  cellscape render ... --progress json 2>progress.log"})
public final class RenderCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RenderOptions options;

    @Mixin
    BackendMixin backend;

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

    @Option(names = "--checkpoint-every-ms", hidden = true, defaultValue = "5000", description = "Checkpoint interval within a pass (tests).")
    long checkpointMillis;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        PresetRender pr = PresetRender.of(options.toSettings(backend.threads()), preset, sets, spec.commandLine().getParseResult());
        RenderSettings s = pr.settings();
        if (s.out() == null) throw CellscapeException.invalid("give the output image: --out FILE (.png, .tif or .tiff)");
        if (s.model() == null) throw CellscapeException.invalid("no model: give --model FILE.safetensors or a PRESET (see 'cellscape presets list')");
        if (dryRun) return PlanCommand.plan(s, backend, out, err);
        Render.checkOutputs(s); // before a backend starts
        try (Backend b = backend.open(err)) {
            Render.Result r = Render.run(s, b, progress(err), checkpointMillis);
            if (!quiet)
                out.printf(Locale.ROOT, "wrote %s (%d x %d px, %d-bit) and %s in %s%n", s.out(), r.job().outWidth(), r.job().outHeight(), s.bits(),
                        r.sidecar().getFileName(), Units.duration(r.seconds()));
        }
        return 0;
    }

    private Progress progress(PrintWriter err) {
        return switch (progress.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> new Progress(Progress.Mode.JSON, err);
            case "none" -> new Progress(Progress.Mode.NONE, err);
            case "auto" -> quiet || System.console() == null || !System.console().isTerminal()
                    ? new Progress(Progress.Mode.NONE, err) : new Progress(Progress.Mode.LINE, err);
            default -> throw CellscapeException.invalid("--progress must be auto, json or none, got '" + progress + "'");
        };
    }
}
