package org.cellscape.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.cellscape.CellscapeException;

/** A small text file written whole: to NAME.partial, then renamed, so no reader sees half of it. */
public final class TextFile {
    private TextFile() {}

    public static void write(Path file, String text) {
        Path partial = PartialFileSink.partialOf(file);
        try {
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the write failure is the one to report
            }
            throw CellscapeException.io("cannot write " + file + ": " + PartialFileSink.oneLine(e), e);
        }
    }
}
