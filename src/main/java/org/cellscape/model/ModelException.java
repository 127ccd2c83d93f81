package org.cellscape.model;

import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.cellscape.TerminalText;

/** A model file that cannot be used. The message is one line naming the file and the problem (its text escaped: names come from the file). */
public class ModelException extends CellscapeException {
    public ModelException(Path file, String problem) {
        super(BAD_INPUT, (file == null ? "model" : file.toString()) + ": " + TerminalText.escape(problem));
    }

    public ModelException(Path file, String problem, Throwable cause) {
        super(BAD_INPUT, (file == null ? "model" : file.toString()) + ": " + TerminalText.escape(problem), cause);
    }
}
