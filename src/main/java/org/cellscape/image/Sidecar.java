package org.cellscape.image;

import org.cellscape.CellscapeException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** The render parameters as pretty JSON beside an image: {@code poster.tif} gets {@code poster.json}. */
public final class Sidecar {
    private Sidecar() {}

    /** The sidecar path for an image: same folder and stem, extension .json. */
    public static Path pathFor(Path image) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return image.resolveSibling(stem + ".json");
    }

    /** Writes the sidecar (via NAME.partial and an atomic rename) and returns its path. */
    public static Path write(Path image, Map<String, String> params) {
        Path json = pathFor(image);
        Path partial = PartialFileSink.partialOf(json);
        try {
            Files.writeString(partial, ParamsJson.pretty(params), StandardCharsets.UTF_8);
            try {
                Files.move(partial, json, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, json, StandardCopyOption.REPLACE_EXISTING);
            }
            return json;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the write failure is the one to report
            }
            throw CellscapeException.io("cannot write " + json + ": " + PartialFileSink.oneLine(e), e);
        }
    }
}
