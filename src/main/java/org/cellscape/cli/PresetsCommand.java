package org.cellscape.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Schedule;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.preset.PresetFolders;
import org.cellscape.preset.Presets;
import org.cellscape.preset.ResolvedPreset;
import org.cellscape.preset.Setting;
import org.cellscape.preset.TextTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cellscape presets list|show}: what the presets are, and exactly what a preset renders. */
@Command(name = "presets", mixinStandardHelpOptions = true, description = "List presets, or show one fully resolved.",
        subcommands = {PresetsCommand.ListPresets.class, PresetsCommand.Show.class})
public final class PresetsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the presets of a folder: name, size, model and description.",
            footer = {"", "Examples:", "  cellscape presets list presets/", "  cellscape presets list --json"})
    static final class ListPresets implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Parameters(paramLabel = "FOLDER", arity = "0..*", description = {"Folders or preset files (default: the preset folders: ./presets,",
                "$XDG_CONFIG_HOME/cellscape/presets or ~/.config/cellscape/presets, and the project's presets)."})
        List<Path> folders = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Path> files = new ArrayList<>();
            if (folders.isEmpty()) folders.addAll(PresetFolders.system().existing());
            for (Path f : folders) files.addAll(java.nio.file.Files.isDirectory(f) ? Presets.list(f) : List.of(f));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"NAME", "SIZE", "MODEL", "DESCRIPTION"});
            List<java.util.Map<String, Object>> entries = new ArrayList<>();
            int bad = 0;
            for (Path f : files) {
                java.util.Map<String, Object> e = new java.util.LinkedHashMap<>();
                try {
                    ResolvedPreset r = Presets.resolveWith(f, List.of());
                    String print = r.value("print");
                    String size = r.outputWidth() + "x" + r.outputHeight() + (print.equalsIgnoreCase("none") ? "" : " (" + print + ")");
                    rows.add(new String[]{r.name(), size, r.value("model"), r.description()});
                    e.put("name", r.name());
                    e.put("file", f.toString());
                    e.put("width", r.outputWidth());
                    e.put("height", r.outputHeight());
                    e.put("print", print.equalsIgnoreCase("none") ? null : print);
                    e.put("model", r.value("model"));
                    e.put("description", r.description());
                } catch (CellscapeException ex) {
                    bad++;
                    rows.add(new String[]{f.getFileName().toString(), "-", "-", "ERROR: " + ex.getMessage()});
                    e.put("file", f.toString());
                    e.put("error", ex.getMessage());
                }
                entries.add(e);
            }
            if (json) Json.print(out, entries);
            else TextTable.print(out, rows);
            if (bad > 0) {
                spec.commandLine().getErr().println("cellscape: " + bad + " preset(s) have errors");
                return CellscapeException.BAD_INPUT;
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print every setting of a preset, its value and where the value came from "
                    + "(default, preset file and line, or override), then what it will render.",
            footer = {"", "Example:", "  cellscape presets show presets/default.yaml --set seed=7 --set schedule.levels[2].steps=16"})
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "PRESET", description = "A preset file (.yaml) or name (lichen).")
        Path preset;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting (repeatable).")
        List<String> sets = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            preset = PresetFolders.system().find(preset);
            ResolvedPreset r = Presets.resolve(preset, sets, "--set");
            out.println("preset " + preset);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"KEY", "VALUE", "FROM"});
            for (Setting s : r.settings()) rows.add(new String[]{s.key(), s.value().strip().replaceAll("\\s+", " "), s.origin().describe()});
            TextTable.print(out, rows);
            NcaModel m = ModelIO.read(r.model());
            Schedule fitted = r.fittedSchedule();
            out.println();
            out.println("resolved");
            out.printf("  model      %s (%s, %d channels, hash %s)%n", r.model(), m.family().id(), m.channels(), ModelIO.hash(m));
            String inches = r.dpi() > 0 ? String.format(Locale.ROOT, ", %.2f x %.2f in at %s dpi", r.outputWidth() / r.dpi(), r.outputHeight() / r.dpi(), num(r.dpi())) : "";
            out.printf("  output     %d x %d px%s, %s %d-bit%n", r.outputWidth(), r.outputHeight(), inches, r.format(), r.bits());
            out.printf("  schedule   %s%n", fitted);
            out.printf("  canvas     %d x %d (crop to the output: %s)%n", fitted.finalWidth(), fitted.finalHeight(),
                    fitted.finalWidth() == r.outputWidth() && fitted.finalHeight() == r.outputHeight() ? "none" : "top-left");
            out.printf("  work       %,d cell updates%n", fitted.cellUpdates());
            out.printf("  fire rate  %s%n", Float.isNaN(r.fireRate()) ? m.fireRate() + " (the model's)" : num(r.fireRate()));
            out.printf("  colour     scale %s, offset %s%n",
                    Float.isNaN(r.colourScale()) ? m.colourScale() + " (the model's)" : num(r.colourScale()),
                    Float.isNaN(r.colourOffset()) ? m.colourOffset() + " (the model's)" : num(r.colourOffset()));
            org.cellscape.engine.ColourGrade grade = org.cellscape.engine.ColourGrade.of(r.lut(), r.gradient());
            if (grade != null) out.printf("  grade      %s%n", grade.describe());
            return 0;
        }

        private static String num(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }

        /** A float as written (0.7, not the 0.699999988079071 of its widening to double). */
        private static String num(float f) {
            return f == Math.rint(f) ? Long.toString((long) f) : Float.toString(f);
        }
    }
}
