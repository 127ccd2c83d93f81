package org.cellscape.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cellscape completion}: the shell completion script, generated from the commands themselves. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash (and zsh, through bashcompinit): commands, options and their values."},
        footer = {"", "Examples:",
                "  source <(./cellscape completion)        # in this shell",
                "  ./cellscape completion > ~/.local/share/bash-completion/completions/cellscape",
                "  zsh: autoload -U +X bashcompinit && bashcompinit && source <(./cellscape completion)"})
public final class CompletionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("cellscape", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
