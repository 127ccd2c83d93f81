package org.cellscape.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Backend;
import org.cellscape.image.Images;
import org.cellscape.image.ImageWriters;
import org.cellscape.render.Estimate;
import org.cellscape.render.Preview;
import org.cellscape.render.Render;
import org.cellscape.render.RenderJob;
import org.cellscape.render.RenderSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cellscape plan}: what a render would take, without rendering (same options as render). */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show what a render would take: canvas per level, tiles and passes, heap and mapped memory,",
                "scratch disk, output size (BigTIFF or not) and the time, from a short calibration of the backend.",
                "Refuses (exit 5) jobs that cannot fit the memory budget or the scratch disk."},
        footer = {"", "Examples:",
                "  cellscape plan lichen --set seed=4",
                "  cellscape plan presets/default.yaml --preview 768 --json",
                "  cellscape plan --model lichen.safetensors --print A0 --out poster.tif",
                "  cellscape plan --model lichen.safetensors --size 32768 --out mural.tif --memory 2g --scratch /big/disk",
                "  cellscape plan --model lichen.safetensors --size 100000 --out mural.tif --spark yarn   # stages, bytes, time on N"})
public final class PlanCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RenderOptions options;

    @Mixin
    BackendMixin backend;

    @Mixin
    ClusterMixin cluster;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PRESET", description = "A preset file or name, as for render (default without --model or --schedule: the default preset).")
    Path preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a preset setting (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--preview", arity = "0..1", parameterConsumer = PreviewSize.class, paramLabel = "PX",
            description = "Also write NAME-preview.png, PX on its long side (default 512), as render --preview does.")
    Integer preview;

    @Option(names = "--json", description = "Print the plan as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        RenderSettings s = PresetRender.of(options.toSettings(backend.threads()), preset, sets, spec.commandLine().getParseResult()).settings();
        if (s.out() == null) s = s.toBuilder().out(Path.of("cellscape.png")).build();
        if (s.model() == null) throw CellscapeException.invalid("no model: give --model FILE.safetensors or a PRESET (see 'cellscape presets list')");
        if (cluster.on()) {
            out.print(cluster.cluster().plan(s, cluster.target(spec.commandLine().getParseResult(), backend),
                    ClusterMixin.perCoreSpeed(RenderJob.resolve(s), backend)));
            out.flush();
            return 0;
        }
        if (json) return planJson(s, out);
        int code = plan(s, backend, out, err);
        return code == 0 && preview != null ? preview(s, backend, preview, out, err) : code;
    }

    /** The plan as one JSON object (the fields of the printed plan, in numbers). */
    private int planJson(RenderSettings s, PrintWriter out) {
        RenderJob job = RenderJob.resolve(s);
        try (Backend b = backend.open(spec.commandLine().getErr())) {
            Estimate e = Render.plan(job, b);
            Map<String, Object> j = e.toJson(b.describe());
            boolean fits = true;
            try {
                e.checkDisk();
            } catch (CellscapeException x) {
                fits = false;
                j.put("refusal", x.getMessage());
            }
            j.put("fits", fits);
            if (preview != null) {
                Preview.Result r = writePreview(job, b, preview);
                j.put("preview", Map.of("file", Preview.file(s.out()).toString(), "level", r.level(),
                        "width", r.image().getWidth(), "height", r.image().getHeight()));
            }
            out.println(JSON.valueToTree(j).toString());
            return fits ? 0 : CellscapeException.DOES_NOT_FIT;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Writes the preview of {@code s} and says what it shows and what the full render costs. */
    static int preview(RenderSettings s, BackendMixin backend, int px, PrintWriter out, PrintWriter err) {
        ImageWriters.checkWritable(Preview.file(s.out()));
        RenderJob job = RenderJob.resolve(s); // refuse bad settings before a backend starts
        try (Backend b = backend.open(err)) {
            Preview.Result r = writePreview(job, b, px);
            out.println(Preview.summary(r, Preview.file(s.out()), Render.plan(job, b), b.describe()));
        }
        return 0;
    }

    private static Preview.Result writePreview(RenderJob job, Backend b, int px) {
        Preview.Result r = RenderOptions.option("--preview", () -> Preview.render(job, b, px));
        Images.write(r.image(), Preview.file(job.settings().out()));
        return r;
    }

    /** Prints the plan; exit 0 when it fits, else the one-line refusal and DOES_NOT_FIT. */
    static int plan(RenderSettings s, BackendMixin backend, PrintWriter out, PrintWriter err) {
        RenderJob job = RenderJob.resolve(s); // refuse bad settings before a backend starts
        try (Backend b = backend.open(err)) {
            Estimate e = Render.plan(job, b);
            e.print(out, b.describe());
            try {
                e.checkDisk();
            } catch (CellscapeException x) {
                out.flush();
                err.println("cellscape: " + x.getMessage());
                return x.exitCode();
            }
            out.println("fits        yes");
        }
        return 0;
    }
}
