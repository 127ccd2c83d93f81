package org.cellscape.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cellscape.model.Kernels;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cellscape models ...}: inspect, import and write model files. */
@Command(name = "models", description = "Inspect and import NCA model files (safetensors).",
        subcommands = {ModelsCommand.Show.class})
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
            out.printf("model      %s%n", m.name());
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
            m.metadata().forEach((key, v) -> out.printf("meta       %s = %s%n", key, v));
            return 0;
        }

        private static String clip(float v) {
            return Float.isNaN(v) ? "none" : "±" + v;
        }
    }
}
