package org.cellscape.image;


import java.nio.file.Path;
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
        TextFile.write(json, ParamsJson.pretty(params));
        return json;
    }
}
