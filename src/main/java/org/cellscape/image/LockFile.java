package org.cellscape.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.cellscape.CellscapeException;

/**
 * An exclusive, non-blocking lock held through a small file for as long as one job owns what it guards (an output
 * image and its NAME.partial, a scratch folder). The file is deleted on release, so nothing is left beside finished
 * outputs. Deleting a lock file races with a process that opened it just before: the winner therefore checks that
 * the name still refers to the file it locked (same file key before the open and after the lock; an open file's key
 * cannot be reused), or else tries the name again. The check never opens the file a second time: closing any
 * descriptor of a file drops the process's POSIX locks on it.
 */
public final class LockFile implements AutoCloseable {
    private final Path file;
    private FileChannel channel;
    private FileLock lock;

    private LockFile(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock at {@code file}; refuses (exit 4) with {@code heldMessage} when another job holds it. */
    public static LockFile acquire(Path file, String heldMessage) {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close(); // no lock is held yet: closing is safe
                Object before = key(file);
                FileChannel ch;
                try {
                    ch = FileChannel.open(file, StandardOpenOption.WRITE);
                } catch (NoSuchFileException e) {
                    continue; // deleted by its owner meanwhile
                }
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null; // held by this JVM: the same answer as another process
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
                if (l == null) {
                    ch.close();
                    throw CellscapeException.io(heldMessage, null);
                }
                if (before != MISSING && Objects.equals(before, key(file))) return new LockFile(file, ch, l); // keys are null where the platform has none
                ch.close(); // we locked a file its owner deleted on release: try the name again
            } catch (IOException e) {
                throw CellscapeException.io("cannot lock " + file + " (" + WritableFile.reason(e) + ")", e);
            }
        }
        throw CellscapeException.io("cannot lock " + file + ": it keeps being replaced", null);
    }

    private static final Object MISSING = new Object();

    private static Object key(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return MISSING;
        }
    }

    public Path file() {
        return file;
    }

    /** Deletes the file while still holding the lock (so no one can take a lock on it being deleted), then releases it. */
    @Override
    public void close() {
        if (channel == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale lock file is harmless: the next job locks it again
        }
        try {
            lock.release();
        } catch (IOException e) {
            // released with the channel in any case
        }
        closeQuietly(channel);
        channel = null;
        lock = null;
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
