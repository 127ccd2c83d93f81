package org.cellscape.canvas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.cellscape.image.LockFile;

/**
 * The one owner of a render's scratch folder: the names of the files in it, the lock that keeps a second render
 * out, and the clean-up that removes what this program made (and nothing else).
 */
public final class ScratchFolder implements AutoCloseable {
    static final String RGB = "rgb.bin", LOCK = "lock";

    private final Path dir;
    private LockFile lock;
    private boolean deleteOnClose;

    private ScratchFolder(Path dir) {
        this.dir = dir;
    }

    /** Creates the folder if needed and locks it; refuses (exit 4) when another render holds it. */
    public static ScratchFolder lock(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw CellscapeException.io("cannot create scratch folder " + dir + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(dir)) throw CellscapeException.io("scratch folder " + dir + " is not writable", null);
        ScratchFolder f = new ScratchFolder(dir);
        f.lock = LockFile.acquire(dir.resolve(LOCK), "another render is using scratch folder " + dir);
        return f;
    }

    public Path dir() {
        return dir;
    }

    /** Scratch store {@code i} (0 or 1): pass p writes store p % 2 and reads the other. */
    public Path store(int i) {
        return dir.resolve("state-" + i + ".bin");
    }

    /** The final level's colours, kept until the image is written. */
    public Path rgb() {
        return dir.resolve(RGB);
    }

    /** Makes {@link #close} delete this program's files and the folder (if then empty). */
    public void deleteOnClose() {
        deleteOnClose = true;
    }

    /** Releases the lock; the files stay unless {@link #deleteOnClose} was called (they go while the lock is held). */
    @Override
    public void close() {
        if (lock == null) return;
        if (deleteOnClose) deleteFiles(dir);
        lock.close();
        lock = null;
        if (deleteOnClose) deleteIfEmpty(dir);
    }

    /** Deletes the checkpoint (the state files are rewritten from the start); true when there was one. */
    public boolean discardCheckpoint() {
        try {
            Files.deleteIfExists(dir.resolve(Checkpoint.FILE + ".tmp"));
            return Files.deleteIfExists(dir.resolve(Checkpoint.FILE));
        } catch (IOException e) {
            throw CellscapeException.io("cannot discard the checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Bytes of the scratch files a resumed render reuses (they count as free disk for it). */
    public static long reusableBytes(Path dir) {
        long n = 0;
        for (String f : new String[]{"state-0.bin", "state-1.bin", RGB}) {
            try {
                n += Files.size(dir.resolve(f));
            } catch (IOException e) {
                // absent
            }
        }
        return n;
    }

    /** Deletes the data files this program makes in a scratch folder (not the lock: its owner removes it). */
    private static void deleteFiles(Path dir) {
        try {
            for (String f : new String[]{Checkpoint.FILE, Checkpoint.FILE + ".tmp", "state-0.bin", "state-1.bin", RGB})
                Files.deleteIfExists(dir.resolve(f));
        } catch (IOException e) {
            // leaving scratch behind is not worth failing a finished render for
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try (var left = Files.list(dir)) {
            if (left.findAny().isEmpty()) Files.delete(dir);
        } catch (IOException e) {
            // another render may have taken the folder meanwhile: it stays
        }
    }
}
