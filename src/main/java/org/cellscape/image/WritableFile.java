package org.cellscape.image;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.cellscape.CellscapeException;

/**
 * Checks, before any work, that a file can be written later: its name is not a folder and its folder exists and
 * takes new files. The last is tried for real (a file made and deleted at once): permission bits say nothing for
 * root, and pseudo file systems such as /proc look writable but take no files.
 */
public final class WritableFile {
    private WritableFile() {}

    /** Refuses (exit 4) when {@code file} (a {@code what}, e.g. "image") cannot be written. */
    public static void check(Path file, String what) {
        if (Files.isDirectory(file)) throw CellscapeException.io("cannot write " + what + " " + file + ": it is a folder", null);
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder))
            throw CellscapeException.io("cannot write " + what + " " + file + ": folder " + folder + " does not exist", null);
        probe(folder, "cannot write " + what + " " + file);
    }

    /** Refuses (exit 4) a folder (made later if missing) whose nearest existing ancestor takes no new files. */
    public static void checkFolder(Path dir, String what) {
        Path a = dir.toAbsolutePath();
        while (a != null && !Files.exists(a)) a = a.getParent();
        if (a == null) return;
        if (!Files.isDirectory(a)) throw CellscapeException.io("cannot make " + what + " " + dir + ": " + a + " is not a folder", null);
        probe(a, "cannot make " + what + " " + dir);
    }

    private static void probe(Path folder, String failure) {
        try {
            Files.delete(Files.createTempFile(folder, ".cellscape-", ".probe"));
        } catch (IOException e) {
            throw CellscapeException.io(failure + ": folder " + folder + " takes no new files (" + reason(e) + ")", e);
        }
    }

    /** A file-system failure in a few words. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or folder";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return PartialFileSink.oneLine(e);
    }
}
