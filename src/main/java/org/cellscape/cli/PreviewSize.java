package org.cellscape.cli;

import java.util.Stack;
import picocli.CommandLine;

/**
 * {@code --preview [PX]}: takes the next argument only when it is a number, so {@code render --preview lichen}
 * reads lichen as the preset (picocli's optional values would try it as the size).
 */
final class PreviewSize implements CommandLine.IParameterConsumer {
    static final int DEFAULT = 512;

    @Override
    public void consumeParameters(Stack<String> args, CommandLine.Model.ArgSpec arg, CommandLine.Model.CommandSpec command) {
        arg.setValue(!args.isEmpty() && args.peek().matches("\\d{1,6}") ? Integer.parseInt(args.pop()) : DEFAULT);
    }
}
