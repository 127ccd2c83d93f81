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
@Command(name = "models", description = "Inspect and import NCA model files (safetensors).",
        subcommands = {ModelsCommand.Show.class, ModelsCommand.Import.class})
public final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a model's family, channels, kernels, sizes and metadata.",
            footer = {"", "Example:", "  cellscape models show presets/models/lichen.safetensors"})
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "A .safetensors model file.")
        Path file;

        @Override
        public Integer call() {
            NcaModel m = ModelIO.read(file);
            var out = spec.commandLine().getOut();
            out.printf("model      %s%n", TerminalText.escape(m.name()));
            out.printf("file       %s%n", file);
            out.printf("hash       %s%n", ModelIO.hash(m));
            out.printf("family     %s%n", m.family().id());
            out.printf("channels   %d (colour = channels 0..2 * %s + %s)%n", m.channels(), m.colourScale(), m.colourOffset());
            StringBuilder k = new StringBuilder();
            for (int i = 0; i < m.kernelCount(); i++) k.append(i > 0 ? ", " : "").append(Kernels.describe(m.kernel(i)));
            out.printf("kernels    %d: %s%n", m.kernelCount(), k);
            out.printf("extra in   %d%n", m.extraInputs());
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
