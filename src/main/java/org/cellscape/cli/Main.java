package org.cellscape.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cellscape.CellscapeException;
import org.cellscape.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code cellscape} command. Subcommands are listed here, one class each; each returns its exit code.
 * Exit codes are defined once, in {@link CellscapeException#EXIT_CODES}; help footers and README.md follow it.
 */
@Command(name = "cellscape", mixinStandardHelpOptions = true, versionProvider = Main.VersionLines.class,
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
                ScoreCommand.class,
                ExportHtmlCommand.class,
                PyramidCommand.class,
                DeepZoomCommand.class,
                VideoCommand.class,
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

    /** The one mapping from exceptions to exit codes: a {@link CellscapeException} carries its own; anything else is a bug. */
    static final CommandLine.IExitCodeExceptionMapper EXIT_CODES = t -> {
        if (t instanceof CellscapeException ce) return ce.exitCode();
        if (t instanceof java.io.UncheckedIOException || t instanceof java.io.IOException) return CellscapeException.IO;
        return CellscapeException.INTERNAL;
    };

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(EXIT_CODES);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            PrintWriter err = line.getErr();
            int code = EXIT_CODES.getExitCode(ex);
            if (ex instanceof CellscapeException) {
                err.println("cellscape: " + ex.getMessage());
            } else if (code == CellscapeException.IO) {
                err.println("cellscape: I/O error: " + ex.getMessage());
            } else {
                err.println("cellscape: internal error (a bug; please report it with the stack trace below): " + ex);
                ex.printStackTrace(err);
            }
            return code;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine line = ex.getCommandLine();
            line.getErr().println("cellscape: " + ex.getMessage());
            String name = line.getCommandSpec().qualifiedName();
            line.getErr().println("see '" + name + " --help'");
            return CellscapeException.USAGE;
        });
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        addExitCodeFooters(cl);
        HelpStyle.apply(cl);
        return cl;
    }

    /** Every command's help ends with the exit codes, from the one table in {@link CellscapeException}. */
    private static void addExitCodeFooters(CommandLine cl) {
        List<String> lines = new ArrayList<>(List.of("", "Exit codes:"));
        for (CellscapeException.ExitCode c : CellscapeException.EXIT_CODES)
            if (c.code() < CellscapeException.NO_JDK) lines.add(String.format(Locale.ROOT, "  %2d  %s", c.code(), c.meaning().replace("%", "%%")));
        for (CommandLine sub : cl.getSubcommands().values()) {
            List<String> footer = new ArrayList<>(List.of(sub.getCommandSpec().usageMessage().footer()));
            footer.addAll(lines);
            sub.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
        }
    }

    /** What {@code --version} prints. */
    public static final class VersionLines implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return Version.lines();
        }
    }
}
