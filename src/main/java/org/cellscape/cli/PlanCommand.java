package org.cellscape.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Backend;
import org.cellscape.render.Estimate;
import org.cellscape.render.Render;
import org.cellscape.render.RenderJob;
import org.cellscape.render.RenderSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

/** {@code cellscape plan}: what a render would take, without rendering (same options as render). */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show what a render would take: canvas per level, tiles and passes, heap and mapped memory,",
                "scratch disk, output size (BigTIFF or not) and the time, from a short calibration of the backend.",
                "Refuses (exit 5) jobs that cannot fit the memory budget or the scratch disk."},
        footer = {"", "Examples:",
                "  cellscape plan --model lichen.safetensors --print A0 --out poster.tif",
                "  cellscape plan --model lichen.safetensors --size 32768 --out mural.tif --memory 2g --scratch /big/disk"})
public final class PlanCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RenderOptions options;

    @Mixin
    BackendMixin backend;

    @Override
    public Integer call() {
        RenderSettings s = options.toSettings(backend.threads());
        if (s.out() == null) s = s.toBuilder().out(java.nio.file.Path.of("cellscape.png")).build();
        if (s.model() == null) throw CellscapeException.invalid("no model: give --model FILE.safetensors (see 'cellscape models')");
        return plan(s, backend, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Prints the plan; exit 0 when it fits, else the one-line refusal and DOES_NOT_FIT. */
    static int plan(RenderSettings s, BackendMixin backend, PrintWriter out, PrintWriter err) {
        RenderJob.resolve(s); // refuse bad settings before a backend starts
        try (Backend b = backend.open(err)) {
            Estimate e = Render.plan(s, b);
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
