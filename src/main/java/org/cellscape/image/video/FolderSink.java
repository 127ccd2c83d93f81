package org.cellscape.image.video;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.cellscape.CellscapeException;
import org.cellscape.image.Images;

/** Numbered 8-bit PNG frames in NAME.partial/, renamed to NAME/ when finished; an existing non-empty NAME/ is refused. */
final class FolderSink implements FrameSink {
    private final Path target, partial;
    private final int width, height;
    private int written;
    private boolean finished;

    FolderSink(Path target, int width, int height) {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        this.width = width;
        this.height = height;
        refuseNonEmpty(target);
        try {
            deleteTree(partial);
            Files.createDirectories(partial);
        } catch (IOException e) {
            throw CellscapeException.io("cannot create frame folder " + partial + ": " + e.getMessage(), e);
        }
    }

    /** Refuses (exit 4) a frame folder that exists and holds files: frames are never mixed with others. */
    static void refuseNonEmpty(Path dir) {
        if (!Files.exists(dir)) return;
        if (!Files.isDirectory(dir)) throw CellscapeException.io("cannot write frame folder " + dir + ": a file of that name exists", null);
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isPresent()) throw CellscapeException.io("cannot write frame folder " + dir + ": it exists and is not empty", null);
        } catch (IOException e) {
            throw CellscapeException.io("cannot read frame folder " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(BufferedImage frame) {
        if (frame.getWidth() != width || frame.getHeight() != height)
            throw new IllegalArgumentException("frame is " + frame.getWidth() + "x" + frame.getHeight() + ", the film " + width + "x" + height);
        Images.write(frame, partial.resolve(FolderSource.name(written++)));
    }

    @Override
    public void finish() {
        try {
            Files.deleteIfExists(target); // empty, checked when opened
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CellscapeException.io("cannot rename " + partial + " to " + target.getFileName() + ": " + e.getMessage(), e);
        }
        finished = true;
    }

    @Override
    public void close() {
        if (finished) return;
        try {
            deleteTree(partial);
        } catch (IOException ignored) {
            // the failure that brought us here is the one to report
        }
    }

    /** Deletes a folder this sink made, with its frames. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
