package org.cellscape.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Look;
import org.cellscape.engine.Size;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.preview.HtmlExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cellscape export-html MODEL --out page.html}: a self-contained page running the model live. */
@Command(name = "export-html", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML page that runs the model live in the browser (WebGL2):",
                "drag to erase, space to pause, r to reset. The page loads nothing from the network."},
        footer = {"", "Examples:",
                "  cellscape export-html presets/models/lichen.safetensors --out lichen.html",
                "  cellscape export-html presets/lichen.yaml --out lichen-preset.html",
                "  cellscape export-html model.safetensors --out big.html --size 256x192 --brush 12"})
public final class ExportHtmlCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "MODEL|PRESET", description = "A .safetensors model file, or a preset (.yaml): its model with the preset's colours and fire rate.")
    String model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "The .html file to write.")
    Path out;

    @Option(names = "--size", paramLabel = "N|WxH", defaultValue = "128",
            description = "Grid size in cells (default: ${DEFAULT-VALUE}); the page scales it to fit the window.")
    String size;

    @Option(names = "--brush", paramLabel = "CELLS", defaultValue = "8",
            description = "Eraser radius in cells at start (default: ${DEFAULT-VALUE}); a slider changes it.")
    int brush;

    @Option(names = "--steps-per-frame", paramLabel = "N", defaultValue = "8",
            description = "Steps per displayed frame at most, 1-64 (default: ${DEFAULT-VALUE}); lowered when frames get slow.")
    int stepsPerFrame;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the random fire test (and the noise start), as in render (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--noise", paramLabel = "AMPLITUDE", defaultValue = "0",
            description = "Start from seeded noise of this amplitude instead of zeros (default: ${DEFAULT-VALUE}).")
    float noise;

    @Override
    public Integer call() {
        Size wh = RenderOptions.option("--size", () -> Size.parse(size, HtmlExport.Options.MAX_SIZE));
        HtmlExport.Options opts = new HtmlExport.Options((int) wh.width(), (int) wh.height(), brush, stepsPerFrame, seed, noise);
        NcaModel m = resolveModel(model);
        if (out.getParent() != null && !Files.isDirectory(out.getParent()))
            throw new CellscapeException(CellscapeException.IO, "cannot write " + out + ": folder " + out.getParent() + " does not exist");
        HtmlExport.write(m, out, opts);
        spec.commandLine().getOut().printf("wrote %s (%s, %s cells)%n", out, m.name(), wh);
        return 0;
    }

    /**
     * The model behind the argument: a model file, or a preset (.yaml/.yml), whose model is taken with the preset's
     * colour mapping and fire rate applied, so the page looks like the preset's renders.
     */
    static NcaModel resolveModel(String arg) {
        String lower = arg.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".yaml") && !lower.endsWith(".yml")) return ModelIO.read(Path.of(arg));
        org.cellscape.preset.ResolvedPreset p = org.cellscape.preset.Presets.resolveWith(Path.of(arg), java.util.List.of());
        NcaModel m = ModelIO.read(p.model());
        Look look = p.look(m);
        return m.toBuilder().name(p.name() + " (" + m.name() + ")").colour(look.colours().scale(), look.colours().offset())
                .fireRate(look.fireRate()).build();
    }
}
