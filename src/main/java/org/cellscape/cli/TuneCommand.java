package org.cellscape.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Backend;
import org.cellscape.preset.OutputNames;
import org.cellscape.preset.PresetFolders;
import org.cellscape.preset.Presets;
import org.cellscape.preset.Setting;
import org.cellscape.preset.Variants;
import org.cellscape.tune.TuneReport;
import org.cellscape.tune.Tuner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cellscape tune}: every combination of some settings, side by side, cheaply. */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Render variants of a preset for comparison: one labelled contact sheet (sheet.png) and an HTML page.",
                "Each variant shows the whole image (the coarsest level that fills the preview) and a crop of the final",
                "image at full resolution, both exactly as the full render would have them, without rendering it.",
                "Cheap variants come first; levels that variants share are computed once."},
        footer = {"", "Examples:",
                "  cellscape tune presets/default.yaml --vary seed=1..4 --vary schedule.levels[2].steps=16,32",
                "  cellscape tune presets/lichen.yaml --vary fire_rate=0.3..0.7:0.1 --preview 256 --out tune-lichen",
                "  cellscape tune presets/coral.yaml --vary 'schedule=auto:zeros:64, x2:32, x2:32|auto:noise:64, x4:32' --crop 0.2,0.8"})
public final class TuneCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PRESET", description = "The preset to vary: a file (.yaml) or a name (lichen).")
    Path preset;

    @Option(names = "--vary", paramLabel = "KEY=VALUES", description = {"Values to try for a setting: a list (16,32), ranges (1..8,",
            "0.3..0.7:0.1); '|' separates values that contain commas. Repeat for the cartesian product."})
    List<String> varies = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting for every variant (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--preview", defaultValue = "384", paramLabel = "PX", description = "Side of each picture in pixels (default: ${DEFAULT-VALUE}).")
    int preview;

    @Option(names = "--crop", defaultValue = "0.5,0.5", paramLabel = "X,Y", description = "Where the full-resolution crop lies, as fractions across and down (default: the centre).")
    String crop;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: tune-NAME).")
    Path out;

    @Mixin
    BackendMixin backend;

    @Option(names = "--cache", defaultValue = "1024", paramLabel = "MB", description = "Memory for shared level states (default: ${DEFAULT-VALUE} MB).")
    long cacheMb;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (preview < 16 || preview > 4096) throw new CellscapeException(CellscapeException.USAGE, "--preview must be 16..4096, got " + preview);
        double[] at = cropAt(crop);
        List<Setting> base = new ArrayList<>();
        for (String s : sets) base.add(Presets.parseSet(s, "--set"));
        List<Variants.Vary> vs = new ArrayList<>();
        for (String v : varies) vs.add(Variants.parse(v, "--vary"));
        preset = PresetFolders.system().find(preset);
        List<Tuner.Variant> variants = new ArrayList<>();
        List<String> renders = new ArrayList<>();
        for (List<Setting> combo : Variants.expand(vs)) {
            List<Setting> all = new ArrayList<>(base);
            all.addAll(combo);
            StringBuilder label = new StringBuilder();
            for (Setting s : combo) label.append(label.isEmpty() ? "" : " ").append(s.key().replaceFirst("^schedule\\.", "")).append('=').append(s.value());
            var p = Presets.resolveWith(preset, all);
            variants.add(new Tuner.Variant(variants.size(), label.isEmpty() ? p.name() : label.toString(), p));
            List<String> r = new ArrayList<>(List.of("render", preset.toString()));
            for (Setting s : all) r.add("--set=" + s.key() + "=" + s.value());
            String stem = label.isEmpty() ? p.name() : p.name() + "-" + label.toString().replaceAll("\\[(\\d+)]", "$1").replace("=", "").replace(' ', '-');
            r.addAll(List.of("--out", OutputNames.finish(stem) + p.extension()));
            renders.add("cellscape " + GalleryCommand.quote(r));
        }
        String name = variants.getFirst().preset().name();
        Path dir = out != null ? out : Path.of("tune-" + OutputNames.finish(name));
        o.printf(Locale.ROOT, "tuning %s: %d variant(s) at %d px into %s%n", name, variants.size(), preview, dir);
        o.flush();
        try (Backend b = backend.open(err)) {
            Tuner t = new Tuner(b, new Tuner.Options(preview, at[0], at[1], 0, cacheMb << 20), o);
            List<Tuner.Result> results = t.run(variants);
            // originalArgs are the whole command line, "tune" included
            String command = "cellscape " + GalleryCommand.quote(spec.commandLine().getParseResult().originalArgs());
            TuneReport.write(dir, results, preview, "Tuning " + name, command, renders, err);
            o.printf(Locale.ROOT, "wrote %s and %s (%,d cell updates, %d cache hit(s))%n",
                    dir.resolve("sheet.png"), dir.resolve("index.html"), t.cellUpdates(), t.cacheHits());
        }
        return 0;
    }

    private static double[] cropAt(String s) {
        String[] p = s.split(",");
        try {
            if (p.length != 2) throw new NumberFormatException();
            double x = Double.parseDouble(p[0].trim()), y = Double.parseDouble(p[1].trim());
            if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) throw new NumberFormatException();
            return new double[]{x, y};
        } catch (NumberFormatException e) {
            throw new CellscapeException(CellscapeException.USAGE, "--crop must be X,Y with fractions 0..1 (0.5,0.5 is the centre), got '" + s + "'");
        }
    }
}
