package org.cellscape.cli;

import java.io.PrintWriter;
import org.cellscape.CellscapeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cellscape} command. Subcommands are listed here, one class each; each returns its exit code.
 * Exit codes are documented in README.md and defined in {@link CellscapeException}.
 */
@Command(name = "cellscape", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Grows poster-size and gigapixel fractal landscapes from Neural Cellular Automata.",
        subcommands = {
                RenderCommand.class,
                PlanCommand.class,
                PresetsCommand.class,
                BatchCommand.class,
                TuneCommand.class,
                GalleryCommand.class,
                ModelsCommand.class,
                TrainCommand.class,
                ExportHtmlCommand.class,
                BenchCommand.class,
                DevicesCommand.class,
                CompletionCommand.class,
                CommandLine.HelpCommand.class,
        },
        footer = {"", "Run 'cellscape COMMAND --help' for the options and examples of each command."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI with the given streams; tests call this in-process. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            PrintWriter err = line.getErr();
            if (ex instanceof CellscapeException ce) {
                err.println("cellscape: " + ce.getMessage());
                return ce.exitCode();
            }
            if (ex instanceof IllegalArgumentException) {
                err.println("cellscape: " + ex.getMessage());
                return CellscapeException.USAGE;
            }
            if (ex instanceof java.io.UncheckedIOException || ex instanceof java.io.IOException) {
                err.println("cellscape: I/O error: " + ex.getMessage());
                return CellscapeException.IO;
            }
            err.println("cellscape: internal error: " + ex);
            ex.printStackTrace(err);
            return CellscapeException.INTERNAL;
        });
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        HelpStyle.apply(cl);
        return cl;
    }
}
