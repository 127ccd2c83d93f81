package org.cellscape.canvas;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.cellscape.CellscapeException;

/**
 * The one owner of a render's scratch folder: the names of the files in it, the lock that keeps a second render
 * out, and the clean-up that removes what this program made (and nothing else).
 */
public final class ScratchFolder implements AutoCloseable {
    static final String RGB = "rgb.bin", LOCK = "lock";

    private final Path dir;
    private FileChannel lockFile;
    private FileLock lock;

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
        try {
            f.lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                f.lock = f.lockFile.tryLock();
            } catch (OverlappingFileLockException e) {
                // held by this JVM: the same answer as another process
            }
            if (f.lock == null) {
                f.lockFile.close();
                throw CellscapeException.io("another render is using scratch folder " + dir, null);
            }
        } catch (IOException e) {
            throw CellscapeException.io("scratch folder " + dir + ": " + e.getMessage(), e);
        }
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

    /** Releases the lock; the files stay. */
    @Override
    public void close() {
        try {
            if (lock != null) lock.release();
            if (lockFile != null) lockFile.close();
        } catch (IOException e) {
            // the lock goes with the channel in any case
        }
        lock = null;
        lockFile = null;
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

    /** Deletes the files this program makes in a scratch folder, then the folder if empty. */
    public static void delete(Path dir) {
        try {
            for (String f : new String[]{Checkpoint.FILE, Checkpoint.FILE + ".tmp", "state-0.bin", "state-1.bin", RGB, LOCK})
                Files.deleteIfExists(dir.resolve(f));
            try (var left = Files.list(dir)) {
                if (left.findAny().isEmpty()) Files.delete(dir);
            }
        } catch (IOException e) {
            // leaving scratch behind is not worth failing a finished render for
        }
    }
}
