package org.cellscape.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellscape.CellscapeException;
import org.cellscape.image.ImageWriters;
import org.cellscape.image.LockFile;
import org.cellscape.image.WritableFile;
import org.cellscape.zoom.DeepZoom;

/**
 * The files a render writes, claimed before any work: checked to be writable and distinct from each other and from
 * the input state, then locked (NAME.lock beside each) for the whole render, so that two renders never share an
 * output or its NAME.partial, whatever their scratch folders.
 */
final class OutputClaim implements AutoCloseable {
    private final List<LockFile> locks = new ArrayList<>();

    private OutputClaim() {}

    /** Refuses what can be refused without touching anything: outputs that are one file (exit 2), unwritable names (exit 4). */
    static void check(RenderSettings s) {
        if (s.out() == null) throw CellscapeException.invalid("no output image given");
        distinct(s.out(), "the output image", s.stateOut(), "the final state file");
        distinct(s.stateIn(), "the start state", s.stateOut(), "the final state file");
        distinct(s.stateIn(), "the start state", s.out(), "the output image");
        ImageWriters.checkWritable(s.out());
        if (s.stateOut() != null) WritableFile.check(s.stateOut(), "state file");
        if (s.deepZoom() != null) DeepZoom.checkFolder(s.deepZoom(), s.deepZoomForce());
        if (s.scratch() != null) WritableFile.checkFolder(s.scratch(), "scratch folder"); // /proc has "0 B free": say what is wrong
    }

    /** Checks, then locks the image and the state file; refuses (exit 4) when another render holds either. */
    static OutputClaim of(RenderSettings s) {
        check(s);
        OutputClaim c = new OutputClaim();
        try {
            c.lock(s.out());
            if (s.stateOut() != null) c.lock(s.stateOut());
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void lock(Path file) {
        locks.add(LockFile.acquire(file.resolveSibling(file.getFileName() + ".lock"), "another render is writing " + file + " (it holds "
                + file.getFileName() + ".lock); wait for it to finish or write another file"));
    }

    private static void distinct(Path a, String aWhat, Path b, String bWhat) {
        if (a != null && b != null && canonical(a).equals(canonical(b)))
            throw CellscapeException.invalid(aWhat + " " + a + " and " + bWhat + " " + b + " are the same file; give them different names");
    }

    /** The file a path names, through symbolic links and relative parts, whether or not it exists yet. */
    static Path canonical(Path p) {
        Path a = p.toAbsolutePath();
        try {
            return a.toRealPath();
        } catch (IOException e) {
            // not there (yet): resolve its folder, keep its name
        }
        Path parent = a.getParent(), name = a.getFileName();
        if (parent == null || name == null) return a.normalize();
        if (Files.isSymbolicLink(a)) return a.normalize(); // a dangling link is replaced, not followed, by a rename
        return canonical(parent).resolve(name);
    }

    @Override
    public void close() {
        for (LockFile l : locks) l.close();
        locks.clear();
    }
}
