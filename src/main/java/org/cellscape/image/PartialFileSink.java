package org.cellscape.image;

import org.cellscape.CellscapeException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of {@link RasterSink} both writers share: the NAME.partial file and its rename, row accounting
 * (strictly top to bottom, never more than the height, all of them before finish), the compression pool,
 * and turning low-level I/O failures into one-line {@link CellscapeException}s that name the file.
 */
abstract class PartialFileSink implements RasterSink {
    protected final Path target;
    protected final Path partial;
    protected final ImageSpec spec;
    protected final FileChannel channel;
    protected final ExecutorService pool;
    /** Samples per row (width * 3), checked to fit one Java array. */
    protected final int rowSamples;

    private long rowsDone;
    private boolean finished;
    private boolean closed;
    private boolean broken;

    protected PartialFileSink(Path target, ImageSpec spec, WriterOptions opts) {
        this.target = target;
        this.partial = partialOf(target);
        this.spec = spec;
        if (spec.width() * 3 > Integer.MAX_VALUE - 16)
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT,
                    target + ": width " + spec.width() + " is too large for one row buffer (at most "
                            + (Integer.MAX_VALUE - 16) / 3 + " pixels)");
        this.rowSamples = (int) (spec.width() * 3);
        try {
            this.channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw CellscapeException.io("cannot create " + partial + ": " + oneLine(e), e);
        }
        this.pool = newPool(opts.threads());
    }

    static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    /** Consumes {@code rows} rows starting at image row {@code firstRow}; rgb is only valid during the call. */
    protected abstract void acceptRows(short[] rgb, int rows, long firstRow) throws IOException;

    /** Called once every row was accepted: flush what is pending and write the trailing structures. */
    protected abstract void complete() throws IOException;

    @Override
    public final void writeRows(short[] rgb, int rows) throws IOException {
        checkOpen();
        if (rows < 0) throw new IllegalArgumentException("negative row count " + rows);
        if (rows == 0) return;
        if ((long) rows * rowSamples > rgb.length)
            throw new IllegalArgumentException(rows + " rows of " + spec.width() + " pixels need "
                    + (long) rows * rowSamples + " samples, got " + rgb.length);
        long first = rowsDone;
        accept(rows, () -> acceptRows(rgb, rows, first));
    }

    /** Something that writes to the file. */
    protected interface Write {
        void run() throws IOException;
    }

    /**
     * Runs {@code write}, which completes the next {@code rows} rows (0: none yet), with the checks and failure handling
     * of {@link #writeRows}: the way for data that comes already encoded.
     */
    protected final void accept(long rows, Write write) throws IOException {
        checkOpen();
        if (rowsDone + rows > spec.height())
            throw fail(new IllegalStateException(target + ": " + (rowsDone + rows) + " rows written but the image has "
                    + spec.height()));
        try {
            write.run();
        } catch (IOException e) {
            throw fail(CellscapeException.io("writing " + partial + " failed: " + oneLine(e), e));
        } catch (RuntimeException e) {
            throw fail(e);
        }
        rowsDone += rows;
    }

    @Override
    public final void finish() throws IOException {
        checkOpen();
        if (rowsDone != spec.height())
            throw fail(new IllegalStateException(target + ": finished after " + rowsDone + " of " + spec.height() + " rows"));
        try {
            complete();
            channel.force(false);
            channel.close();
        } catch (IOException e) {
            throw fail(CellscapeException.io("writing " + partial + " failed: " + oneLine(e), e));
        } catch (RuntimeException e) {
            throw fail(e);
        }
        try {
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw fail(CellscapeException.io("cannot rename " + partial + " to " + target.getFileName() + ": " + oneLine(e), e));
        }
        finished = true;
    }

    @Override
    public final void close() throws IOException {
        if (closed) return;
        closed = true;
        pool.shutdownNow();
        if (!finished) {
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException(target + ": sink already closed");
        if (finished) throw new IllegalStateException(target + ": sink already finished");
        if (broken) throw new IllegalStateException(target + ": an earlier write failed");
    }

    /** Marks the sink unusable (only close remains) and returns the exception for throwing. */
    private <E extends RuntimeException> E fail(E e) {
        broken = true;
        return e;
    }

    /** Writes all of {@code data} at {@code position}. */
    protected final void writeFully(ByteBuffer data, long position) throws IOException {
        while (data.hasRemaining()) position += channel.write(data, position);
    }

    /** Waits for a compression task; its failures surface as they were thrown. */
    protected static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            if (c instanceof IOException io) throw io;
            throw new IllegalStateException(c);
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static ExecutorService newPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cellscape-deflate-" + n.incrementAndGet());
            t.setDaemon(true); // never keep the JVM alive for an abandoned writer
            return t;
        });
    }
}
