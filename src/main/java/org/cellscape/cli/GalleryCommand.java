package org.cellscape.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.batch.Batch;
import org.cellscape.batch.BatchPlan;
import org.cellscape.batch.Degeneracy;
import org.cellscape.engine.Backend;
import org.cellscape.gallery.Gallery;
import org.cellscape.preset.Presets;
import org.cellscape.preset.ResolvedPreset;
import org.cellscape.preset.Setting;
import org.cellscape.preview.HtmlExport;
import org.cellscape.render.RenderSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cellscape gallery}: a static web page of renders, or of every preset rendered at gallery size. */
@Command(name = "gallery", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build a static web gallery (index.html, no external scripts or fonts) from renders: for each image",
                "a web-sized thumbnail, a crop at full resolution, its preset, parameters and render time (from its sidecar",
                "NAME.json or the parameters embedded in it) and a link to a live preview of its model.",
                "With --from-presets, first renders every preset of a folder at gallery size (skipping renders that exist)."},
        footer = {"", "Examples:",
                "  cellscape gallery renders/ --out gallery",
                "  cellscape gallery --from-presets presets/ --size 2048x1152 --out gallery     # what bench/make-gallery.sh runs"})
public final class GalleryCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RENDER", arity = "0..*", description = "Rendered images (.png, .tif) or folders of them.")
    List<Path> renders = new ArrayList<>();

    @Option(names = "--from-presets", paramLabel = "DIR", description = "Render every preset in DIR at --size first, then build the gallery from those renders.")
    Path fromPresets;

    @Option(names = "--size", defaultValue = "2048x1152", paramLabel = "WxH", description = "Render size with --from-presets (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--renders", defaultValue = "renders/gallery", paramLabel = "DIR", description = "Where --from-presets puts its renders (default: ${DEFAULT-VALUE}).")
    Path rendersDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting of every preset rendered (with --from-presets).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--overwrite", description = "With --from-presets, render again even when a render exists.")
    boolean overwrite;

    @Option(names = {"--out", "-o"}, defaultValue = "gallery", paramLabel = "DIR", description = "Gallery folder, replaced whole (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Cellscape gallery", description = "Page title (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = "--thumb", defaultValue = "960", paramLabel = "PX", description = "Longest side of the thumbnails (default: ${DEFAULT-VALUE}).")
    int thumb;

    @Option(names = "--crop", defaultValue = "512", paramLabel = "PX", description = "Side of the full-resolution crops (default: ${DEFAULT-VALUE}).")
    int crop;

    @Option(names = "--models", paramLabel = "DIR", description = "Folders of models for the live previews, found by content hash (default: the project's presets/models, or DIR/models with --from-presets).")
    List<Path> models = new ArrayList<>();

    @Option(names = "--no-previews", description = "No live preview pages.")
    boolean noPreviews;

    @Option(names = "--preview-size", defaultValue = "256", paramLabel = "CELLS", description = "Canvas of the live previews (default: ${DEFAULT-VALUE}).")
    int previewSize;

    @Mixin
    BackendMixin backend;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (thumb < 32 || thumb > 2048 || crop < 32 || crop > 2048)
            throw new CellscapeException(CellscapeException.USAGE, "--thumb and --crop must be 32..2048 pixels");
        List<String> commands = new ArrayList<>();
        commands.add("cellscape " + quote(spec.commandLine().getParseResult().originalArgs()));
        Map<String, String> descriptions = new LinkedHashMap<>();
        List<Path> images = new ArrayList<>();
        boolean failed = false;
        if (fromPresets != null) {
            if (!renders.isEmpty()) throw new CellscapeException(CellscapeException.USAGE, "give renders or --from-presets, not both");
            List<Setting> base = new ArrayList<>();
            base.add(Presets.parseSet("size=" + size, "--size"));
            for (String s : sets) base.add(Presets.parseSet(s, "--set"));
            for (Path p : Presets.list(fromPresets)) {
                try {
                    ResolvedPreset r = Presets.resolveWith(p, List.of());
                    descriptions.put(r.name(), r.description());
                } catch (CellscapeException e) {
                    // reported by the batch below, with the job that fails
                }
            }
            List<BatchPlan.Job> jobs = BatchPlan.plan(List.of(fromPresets), base, List.of(), "{preset}");
            List<Batch.Result> results;
            try (Backend b = backend.open(err)) {
                RenderSettings how = RenderSettings.builder().threads(backend.threads()).build();
                results = new Batch(new Batch.Options(rendersDir, overwrite, true, true, false, how), BatchCommand.renderWith(b),
                        (p, s) -> Degeneracy.check(p, b, Degeneracy.DEFAULT_BUDGET), o).run(jobs);
            }
            Batch.summary(o, results);
            failed = Batch.anyFailed(results);
            for (Batch.Result r : results)
                if (r.status() == Batch.Status.DONE || r.status() == Batch.Status.SKIPPED) images.add(r.output());
            List<String> b = new ArrayList<>(List.of("batch", fromPresets.toString()));
            for (Setting s : base) b.add("--set=" + s.key() + "=" + s.value());
            b.addAll(List.of("--name", "{preset}", "--reject-degenerate", "--out", rendersDir.toString()));
            commands.add("# which is the same as:");
            commands.add("cellscape " + quote(b));
            if (models.isEmpty()) models.add(fromPresets.resolve("models"));
        } else {
            if (renders.isEmpty()) throw new CellscapeException(CellscapeException.USAGE, "give renders (images or folders) or --from-presets DIR");
            images = Gallery.images(renders);
            if (models.isEmpty()) models.add(org.cellscape.preset.PresetFolders.system().models());
        }
        if (fromPresets != null) {
            List<String> g = new ArrayList<>(List.of("gallery"));
            Path here = Path.of("").toAbsolutePath();
            images.forEach(p -> g.add(p.isAbsolute() && p.startsWith(here) ? here.relativize(p).toString() : p.toString()));
            g.addAll(List.of("--out", out.toString(), "--thumb", Integer.toString(thumb), "--crop", Integer.toString(crop)));
            commands.add("cellscape " + quote(g));
        }
        if (images.isEmpty()) throw CellscapeException.badInput("no renders for the gallery");
        HtmlExport.Options po = HtmlExport.Options.defaults().withSize(previewSize, previewSize);
        Gallery.PreviewWriter pw = noPreviews ? null : (m, page) -> HtmlExport.write(m, page, po);
        new Gallery(new Gallery.Options(thumb, crop, title, commands, models, descriptions, 20L << 20), pw, o).build(images, out);
        o.println("open " + out.resolve("index.html"));
        return failed ? CellscapeException.BATCH_FAILED : 0;
    }

    /** Arguments as a shell would need them typed. */
    static String quote(List<String> args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            if (!b.isEmpty()) b.append(' ');
            b.append(a.matches("[A-Za-z0-9_./:=,+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}
