package org.cellscape.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellscape.CellscapeException;
import org.cellscape.TerminalText;
import org.cellscape.model.GoogleImport;
import java.util.concurrent.Callable;
import org.cellscape.model.Kernels;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cellscape models ...}: inspect, import and write model files. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Inspect and import NCA model files (safetensors).",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Show.class, ModelsCommand.Sheet.class, ModelsCommand.Import.class})
public final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a model's family, channels, kernels, sizes and metadata.",
            footer = {"", "Examples:", "  cellscape models show presets/models/lichen.safetensors",
                    "  cellscape models show presets/models/lichen.safetensors --json"})
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "A .safetensors model file.")
        Path file;

        @CommandLine.Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        @Override
        public Integer call() {
            NcaModel m = ModelIO.read(file);
            var out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, ModelFacts.of(m, file));
                return 0;
            }
            out.printf("model      %s%n", TerminalText.escape(m.name()));
            out.printf("file       %s%n", file);
            out.printf("hash       %s%n", ModelIO.hash(m));
            out.printf("family     %s%n", m.family().id());
            out.printf("channels   %d (colour = channels 0..2 * %s + %s)%n", m.channels(), m.colourScale(), m.colourOffset());
            StringBuilder k = new StringBuilder();
            for (int i = 0; i < m.kernelCount(); i++) k.append(i > 0 ? ", " : "").append(Kernels.describe(m.kernel(i)));
            out.printf("kernels    %d: %s%n", m.kernelCount(), k);
            out.printf("extra in   %d%s%n", m.extraInputs(), m.rules().isEmpty() ? "" : " (control rules: " + String.join(", ", m.rules()) + ")");
            out.printf("mlp        %d -> %d (ReLU) -> %d, %s second bias%n", m.inputs(), m.hidden(), m.channels(), m.hasBias2() ? "with" : "no");
            out.printf("parameters %d%n", m.w1().length + m.b1().length + m.w2().length + (m.hasBias2() ? m.channels() : 0));
            out.printf("fire rate  %s%n", m.fireRate());
            out.printf("clipping   perception %s, hidden %s, update %s, state %s%n", clip(m.clipPerception()), clip(m.clipHidden()), clip(m.clipUpdate()), clip(m.clipState()));
            m.metadata().forEach((key, v) -> out.printf("meta       %s = %s%n", TerminalText.escape(key), TerminalText.escape(v)));
            return 0;
        }

        private static String clip(float v) {
            return Float.isNaN(v) ? "none" : "±" + v;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the models of a folder: name, family, channels/hidden, rules, file and hash (as 'models show' prints it).",
            footer = {"", "Examples:", "  cellscape models list presets/models", "  cellscape models list models/google --json"})
    static final class ListModels implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "A folder of .safetensors files.")
        Path dir;

        @CommandLine.Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            List<Object> facts = new java.util.ArrayList<>();
            List<String[]> rows = new java.util.ArrayList<>();
            rows.add(new String[]{"NAME", "FAMILY", "CH/HIDDEN", "RULES", "FILE", "HASH"});
            int bad = 0;
            for (Path f : org.cellscape.tune.ModelSheet.files(dir)) {
                try {
                    ModelFacts m = ModelFacts.of(ModelIO.read(f), f);
                    facts.add(m);
                    rows.add(new String[]{m.name(), m.family(), m.channels() + "/" + m.hidden(), m.rules(), f.toString(), m.hash()});
                } catch (CellscapeException e) {
                    bad++;
                    facts.add(java.util.Map.of("file", f.toString(), "error", e.getMessage()));
                    rows.add(new String[]{f.getFileName().toString(), "-", "-", "-", f.toString(), "ERROR: " + e.getMessage()});
                }
            }
            if (json) Json.print(out, facts);
            else org.cellscape.preset.TextTable.print(out, rows);
            if (bad > 0) {
                spec.commandLine().getErr().println("cellscape: " + bad + " model file(s) in " + dir + " cannot be read");
                return CellscapeException.BAD_INPUT;
            }
            return 0;
        }
    }

    @Command(name = "sheet", mixinStandardHelpOptions = true,
            description = {"Render every model of a folder small and lay them out on one labelled contact sheet (8-bit PNG or JPEG).",
                    "Each is what 'cellscape render --model M --size PX' would make: the same schedule, seed and colours."},
            footer = {"", "Examples:", "  cellscape models sheet presets/models --out sheet.png",
                    "  cellscape models sheet models/google --size 96 --out google.jpg"})
    static final class Sheet implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "A folder of .safetensors files.")
        Path dir;

        @CommandLine.Option(names = "--out", required = true, paramLabel = "FILE", description = "The sheet: .png or .jpg.")
        Path out;

        @CommandLine.Option(names = "--size", paramLabel = "PX", defaultValue = "128", description = "Side of each render in pixels (default: ${DEFAULT-VALUE}).")
        int size;

        @CommandLine.Mixin
        BackendMixin backend;


        @CommandLine.Option(names = "--quiet", description = "No line per model.")
        boolean quiet;

        @Override
        public Integer call() {
            if (size < 8 || size > 2048) throw new CellscapeException(CellscapeException.USAGE, "--size must be 8-2048 pixels, got " + size);
            List<Path> files = org.cellscape.tune.ModelSheet.files(dir);
            if (files.isEmpty()) throw CellscapeException.badInput("no .safetensors files in " + dir);
            org.cellscape.image.ImageWriters.checkWritable(out.resolveSibling(out.getFileName() + ".png"));
            var err = spec.commandLine().getErr();
            org.cellscape.tune.ModelSheet.Sheet sheet;
            try (org.cellscape.engine.Backend b = backend.open(err)) {
                sheet = org.cellscape.tune.ModelSheet.render(files.size() + " models in " + dir, files, size, b, err, quiet);
            }
            org.cellscape.image.Images.write(sheet.image(), out);
            spec.commandLine().getOut().printf("wrote %s (%d models, %d x %d px)%n", out, files.size(), sheet.image().getWidth(), sheet.image().getHeight());
            if (sheet.failed() > 0) {
                err.println("cellscape: " + sheet.failed() + " model(s) could not be rendered (see above)");
                return CellscapeException.BAD_INPUT;
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import Google's texture-NCA atlas (the WebGL demo's models.json) as one safetensors file per texture."},
            footer = {"", "Example:", "  cellscape models import ../shared/data/google-texture-ca/models.json --out models/google",
                    "  cellscape models import models.json --out models/google --only dots,mondrian"})
    static final class Import implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "MODELS_JSON", description = "The atlas file (models.json).")
        Path atlas;

        @CommandLine.Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the .safetensors files (created if missing).")
        Path out;

        @CommandLine.Option(names = "--only", split = ",", paramLabel = "NAME", description = "Import only these textures (comma-separated names).")
        List<String> only;

        @Override
        public Integer call() {
            List<GoogleImport.Entry> entries = GoogleImport.read(atlas);
            if (only != null) {
                for (String n : only)
                    if (entries.stream().noneMatch(e -> e.name().equals(n)))
                        throw new CellscapeException(CellscapeException.USAGE, "no texture named '" + n + "' in " + atlas);
                entries = entries.stream().filter(e -> only.contains(e.name())).toList();
            }
            try {
                Files.createDirectories(out);
            } catch (java.io.IOException e) {
                throw CellscapeException.io("cannot create " + out + ": " + e.getMessage(), e);
            }
            for (GoogleImport.Entry e : entries) ModelIO.write(e.model(), out.resolve(e.name() + ".safetensors"));
            spec.commandLine().getOut().printf("imported %d models into %s%n", entries.size(), out);
            return 0;
        }
    }
}
