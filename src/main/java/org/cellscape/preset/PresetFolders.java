package org.cellscape.preset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cellscape.CellscapeException;

/**
 * Where presets are found by name ({@code cellscape render lichen}), whatever the working folder: the working
 * folder's {@code presets/}, the user's folder ({@code $XDG_CONFIG_HOME/cellscape/presets}, by default
 * {@code ~/.config/cellscape/presets}), then the project's own {@code presets/} (beside the jar's target folder).
 */
public final class PresetFolders {
    private final Map<String, String> env;
    private final Path project;

    PresetFolders(Map<String, String> env, Path project) {
        this.env = env;
        this.project = project;
    }

    /** The folders of this process: its environment and the project the program runs from. */
    public static PresetFolders system() {
        return new PresetFolders(System.getenv(), projectRoot());
    }

    /** The folders to look in, in order, existing or not. */
    public List<Path> folders() {
        Set<Path> f = new LinkedHashSet<>();
        f.add(Path.of("presets").toAbsolutePath().normalize());
        f.add(userFolder());
        if (project != null) f.add(project.resolve("presets").toAbsolutePath().normalize());
        return new ArrayList<>(f);
    }

    /** The user's preset folder. */
    public Path userFolder() {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return config.resolve("cellscape").resolve("presets").toAbsolutePath().normalize();
    }

    /** The project's models (for live previews), or the working folder's when there is no project. */
    public Path models() {
        for (Path f : List.of(Path.of("presets"), project == null ? Path.of("presets") : project.resolve("presets")))
            if (Files.isDirectory(f.resolve("models"))) return f.resolve("models");
        return Path.of("presets", "models");
    }

    /** The folders that exist, for listing. */
    public List<Path> existing() {
        return folders().stream().filter(Files::isDirectory).toList();
    }

    /** Whether {@code arg} reads as a preset name (a word, no folder, no extension) rather than a path. */
    public static boolean isName(String arg) {
        return arg.matches("[A-Za-z0-9][A-Za-z0-9_.+-]*") && !arg.toLowerCase(java.util.Locale.ROOT).matches(".*\\.ya?ml");
    }

    /**
     * A preset argument as a file: an existing path as it is; a name looked up in {@link #folders()}; else the
     * one-line refusal (exit 3) that says where it looked and the nearest name.
     */
    public Path find(Path arg) {
        if (Files.exists(arg) || !isName(arg.toString())) return arg;
        String name = arg.toString();
        List<String> known = new ArrayList<>();
        for (Path dir : existing()) {
            for (String ext : List.of(".yaml", ".yml")) {
                Path p = dir.resolve(name + ext);
                if (Files.isRegularFile(p)) return p;
            }
            for (Path p : Presets.list(dir)) known.add(Presets.stem(p));
        }
        throw CellscapeException.badInput("no preset '" + name + "': no such file, nor " + name + ".yaml in "
                + String.join(", ", folders().stream().map(Path::toString).toList()) + Suggest.hint(name, known));
    }

    /** The default preset: default.yaml in the first folder that has one, or null. */
    public Path defaultPreset() {
        for (Path dir : folders()) {
            Path p = dir.resolve("default.yaml");
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    /** The project the program runs from (the jar or classes are in its target/ folder), or null. */
    static Path projectRoot() {
        try {
            Path code = Path.of(PresetFolders.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path p = code.getParent() == null ? null : code.getParent().getParent();
            return p != null && Files.isDirectory(p.resolve("presets")) ? p : null;
        } catch (Exception e) {
            return null; // no code location (an unusual class loader): only the other folders are looked at
        }
    }
}
