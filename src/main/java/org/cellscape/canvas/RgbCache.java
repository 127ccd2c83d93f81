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
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.Tile;
import org.cellscape.image.RasterSink;

/**
 * The finished 16-bit RGB pixels of the final pass, in a scratch file (row-major, 6 bytes a pixel, 1/8 of a
 * 12-channel float32 state). Tiles land here in any order; complete row bands are then streamed to the sink from
 * here, in small row chunks. It is what makes the final pass resumable: image encoders cannot continue a stream, so
 * a resumed render re-encodes the finished rows from this file and computes only the rest.
 */
public final class RgbCache implements Closeable {
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Samples handed to the sink per call (about 16 MiB of heap). */
    public static final int CHUNK_SAMPLES = 8 << 20;

    private final Path file;
    private final FileChannel channel;
    private final long width, height, rowBytes;
    private short[] rowBuf = new short[0];

    private RgbCache(Path file, FileChannel channel, long width, long height) {
        this.file = file;
        this.channel = channel;
        this.width = width;
        this.height = height;
        this.rowBytes = width * 6;
    }

    public static long bytes(long width, long height) {
        return width * height * 6;
    }

    /** Opens or creates the cache; existing contents (finished tiles of an interrupted run) are kept. */
    public static RgbCache open(Path file, long width, long height) {
        if (width * 3 > Integer.MAX_VALUE - 16) throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "image width " + width + " is too large for one row buffer");
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = bytes(width, height);
            if (ch.size() > size) ch.truncate(size);
            if (ch.size() < size) ch.write(java.nio.ByteBuffer.wrap(new byte[1]), size - 1);
            return new RgbCache(file, ch, width, height);
        } catch (IOException e) {
            throw CellscapeException.io("cannot create scratch file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Colours the cells of {@code t} inside {@code region} (clipped to the image) and stores them, adding their bytes to {@code crc} (when not null). */
    public void write(Tile t, CellGrid.Rect region, ColourMap colours, Checksum crc) {
        long x1 = Math.min(region.endX(), width), y1 = Math.min(region.endY(), height);
        if (region.x() >= x1 || region.y() >= y1) return;
        int w = (int) (x1 - region.x()), rows = (int) (y1 - region.y());
        int lx = (int) (region.x() - t.originX()), ly = (int) (region.y() - t.originY());
        if (lx < 0 || ly < 0 || lx + w > t.width() || ly + rows > t.height()) throw new IllegalArgumentException("region is not inside the tile");
        short[] buf = row(w * 3);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = channel.map(FileChannel.MapMode.READ_WRITE, region.y() * rowBytes, rows * rowBytes, arena);
            for (int r = 0; r < rows; r++) {
                colours.toRgb16(t, lx, w, ly + r, ly + r + 1, buf, 0);
                MemorySegment.copy(buf, 0, seg, S16, r * rowBytes + region.x() * 6, w * 3);
                if (crc != null) crc.update(seg.asSlice(r * rowBytes + region.x() * 6, w * 6L).asByteBuffer());
            }
        } catch (IOException e) {
            throw CellscapeException.io("cannot map scratch file " + file + ": " + e.getMessage(), e);
        } catch (InternalError e) {
            throw CellscapeException.io("writing scratch file " + file + " failed (is the scratch disk full?)", e);
        }
    }

    /** Adds the stored bytes of {@code region} (clipped to the image), row by row, to {@code crc}: as {@link #write} does. */
    public void checksum(CellGrid.Rect region, Checksum crc) {
        long x1 = Math.min(region.endX(), width), y1 = Math.min(region.endY(), height);
        if (region.x() >= x1 || region.y() >= y1) return;
        long rows = y1 - region.y(), len = (x1 - region.x()) * 6;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = channel.map(FileChannel.MapMode.READ_ONLY, region.y() * rowBytes, rows * rowBytes, arena);
            for (long r = 0; r < rows; r++) crc.update(seg.asSlice(r * rowBytes + region.x() * 6, len).asByteBuffer());
        } catch (IOException e) {
            throw CellscapeException.io("cannot map scratch file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Hands image rows [y0, y1) to the sink, top to bottom, a few MiB at a time. */
    public void stream(long y0, long y1, RasterSink sink) throws IOException {
        int perRow = (int) (width * 3);
        int chunkRows = Math.max(1, CHUNK_SAMPLES / perRow);
        for (long y = y0; y < y1; ) {
            int n = (int) Math.min(chunkRows, y1 - y);
            short[] buf = row(n * perRow);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = channel.map(FileChannel.MapMode.READ_ONLY, y * rowBytes, n * rowBytes, arena);
                MemorySegment.copy(seg, S16, 0, buf, 0, n * perRow);
            }
            sink.writeRows(buf, n);
            y += n;
        }
    }

    private short[] row(int n) {
        if (rowBuf.length < n) rowBuf = new short[n];
        return rowBuf;
    }

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
