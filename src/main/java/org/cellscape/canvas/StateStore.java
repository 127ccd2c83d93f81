package org.cellscape.canvas;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.Checksum;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Tile;

/**
 * A canvas state off the heap: width x height cells of C channels in a file, row-major HWC little-endian (the
 * layout of a .npy state, so an .npy file is a store too), float32 or float16.
 *
 * <p>Every access maps only the rows it touches, through a confined {@link Arena} closed right after (munmap):
 * the process never keeps more of the file mapped than one tile band, so resident memory stays small however large
 * the canvas is, and the page cache does the buffering. Offsets are longs: files past 2 GiB are fine.
 */
public final class StateStore implements Closeable {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort F16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final FileChannel channel;
    private final long width, height, dataOffset, rowBytes;
    private final int channels;
    private final Precision precision;
    private final boolean writable;
    private short[] halfBuf = new short[0];

    private StateStore(Path file, FileChannel channel, long width, long height, int channels, Precision p, long dataOffset, boolean writable) {
        this.file = file;
        this.channel = channel;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.precision = p;
        this.dataOffset = dataOffset;
        this.rowBytes = width * channels * p.bytes;
        this.writable = writable;
    }

    /** Bytes a store of this size takes (without any header). */
    public static long bytes(long width, long height, int channels, Precision p) {
        return width * height * channels * p.bytes;
    }

    /**
     * Opens {@code file} read-write as a store of the given size, creating it or changing its length as needed
     * (existing contents are kept where they fit: a resumed pass finds its finished tiles). {@code header}, when not
     * empty, is written at the start and the cells follow it.
     */
    public static StateStore openWritable(Path file, long width, long height, int channels, Precision p, byte[] header) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                long size = header.length + bytes(width, height, channels, p);
                if (ch.size() > size) ch.truncate(size);
                if (header.length > 0) ch.write(java.nio.ByteBuffer.wrap(header), 0);
                if (ch.size() < size) ch.write(java.nio.ByteBuffer.wrap(new byte[1]), size - 1); // sparse: extend
                return new StateStore(file, ch, width, height, channels, p, header.length, true);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw CellscapeException.io("cannot create scratch file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens a float32 store read-only (an .npy state file: the cells start at {@code dataOffset}). */
    public static StateStore openReadOnly(Path file, long width, long height, int channels, long dataOffset) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            long need = dataOffset + bytes(width, height, channels, Precision.FLOAT32);
            if (ch.size() < need) {
                ch.close();
                throw CellscapeException.badInput(file + ": truncated (" + ch.size() + " bytes, expected " + need + ")");
            }
            return new StateStore(file, ch, width, height, channels, Precision.FLOAT32, dataOffset, false);
        } catch (IOException e) {
            throw CellscapeException.badInput(file + ": " + e.getMessage());
        }
    }

    public long width() { return width; }
    public long height() { return height; }
    public int channels() { return channels; }
    public Precision precision() { return precision; }
    public Path file() { return file; }

    /**
     * Fills every cell of {@code t} from the store, reading global cell (floorMod(originX + x, width),
     * floorMod(originY + y, height)): halos wrap around the torus, as often as needed for tiles larger than the canvas.
     */
    public void read(Tile t) {
        check(t);
        int y = 0;
        while (y < t.height()) {
            long gy = Math.floorMod(t.originY() + y, height);
            int n = (int) Math.min(t.height() - y, height - gy);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = map(FileChannel.MapMode.READ_ONLY, gy, n, arena);
                for (int r = 0; r < n; r++) readRow(seg, r * rowBytes, t, y + r);
            }
            y += n;
        }
    }

    private void readRow(MemorySegment seg, long rowOffset, Tile t, int y) {
        float[] d = t.data();
        int x = 0, C = channels;
        while (x < t.width()) {
            long gx = Math.floorMod(t.originX() + x, width);
            int n = (int) Math.min(t.width() - x, width - gx);
            long off = rowOffset + gx * C * precision.bytes;
            int at = (y * t.width() + x) * C, count = n * C;
            if (precision == Precision.FLOAT32) {
                MemorySegment.copy(seg, F32, off, d, at, count);
            } else {
                short[] h = half(count);
                MemorySegment.copy(seg, F16, off, h, 0, count);
                for (int i = 0; i < count; i++) d[at + i] = Float.float16ToFloat(h[i]);
            }
            x += n;
        }
    }

    /**
     * Writes the cells of {@code t} that fall in {@code region} (global coordinates inside the store, no wrap) to the
     * store. The tile must contain the region; its canvas may be larger than the store (a top-left crop).
     */
    public void write(Tile t, CellGrid.Rect region) {
        write(t, region, null);
    }

    /** As {@link #write(Tile, CellGrid.Rect)}, adding the region's stored bytes, row by row, to {@code crc} (when not null). */
    public void write(Tile t, CellGrid.Rect region, Checksum crc) {
        if (!writable) throw new IllegalStateException(file + " is read-only");
        if (t.channels() != channels) throw new IllegalArgumentException("tile has " + t.channels() + " channels, store " + channels);
        long lx = region.x() - t.originX(), ly = region.y() - t.originY();
        if (region.x() < 0 || region.y() < 0 || region.endX() > width || region.endY() > height
                || lx < 0 || ly < 0 || lx + region.width() > t.width() || ly + region.height() > t.height())
            throw new IllegalArgumentException("region " + region + " is not inside both the tile and the canvas");
        int C = channels, count = region.width() * C;
        float[] d = t.data();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = map(FileChannel.MapMode.READ_WRITE, region.y(), region.height(), arena);
            for (int r = 0; r < region.height(); r++) {
                long off = r * rowBytes + region.x() * C * precision.bytes;
                int at = (int) (((ly + r) * t.width() + lx) * C);
                if (precision == Precision.FLOAT32) {
                    MemorySegment.copy(d, at, seg, F32, off, count);
                } else {
                    short[] h = half(count);
                    for (int i = 0; i < count; i++) h[i] = Float.floatToFloat16(d[at + i]);
                    MemorySegment.copy(h, 0, seg, F16, off, count);
                }
                if (crc != null) crc.update(seg.asSlice(off, (long) count * precision.bytes).asByteBuffer());
            }
        } catch (InternalError e) {
            // A write through a mapping into a sparse file whose disk is full faults (SIGBUS); the JVM reports it so.
            throw CellscapeException.io("writing scratch file " + file + " failed (is the scratch disk full?)", e);
        }
    }

    /** Adds the stored bytes of {@code region} (inside the store, no wrap), row by row, to {@code crc}: as {@link #write} does. */
    public void checksum(CellGrid.Rect region, Checksum crc) {
        if (region.x() < 0 || region.y() < 0 || region.endX() > width || region.endY() > height)
            throw new IllegalArgumentException("region " + region + " is not inside the canvas");
        if (region.width() <= 0 || region.height() <= 0) return;
        long len = (long) region.width() * channels * precision.bytes;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = map(FileChannel.MapMode.READ_ONLY, region.y(), region.height(), arena);
            for (int r = 0; r < region.height(); r++)
                crc.update(seg.asSlice(r * rowBytes + region.x() * channels * precision.bytes, len).asByteBuffer());
        }
    }

    private MemorySegment map(FileChannel.MapMode mode, long firstRow, int rows, Arena arena) {
        try {
            return channel.map(mode, dataOffset + firstRow * rowBytes, rows * rowBytes, arena);
        } catch (IOException e) {
            throw CellscapeException.io("cannot map scratch file " + file + ": " + e.getMessage(), e);
        }
    }

    private void check(Tile t) {
        if (t.channels() != channels) throw new IllegalArgumentException("tile has " + t.channels() + " channels, store " + channels);
        if (t.canvasWidth() != width || t.canvasHeight() != height)
            throw new IllegalArgumentException("tile of a " + t.canvasWidth() + "x" + t.canvasHeight() + " canvas, store is " + width + "x" + height);
    }

    private short[] half(int n) {
        if (halfBuf.length < n) halfBuf = new short[n];
        return halfBuf;
    }

    /** Flushes written cells to the disk (before a checkpoint records them). */
    public void force() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw CellscapeException.io("cannot flush scratch file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw CellscapeException.io("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
