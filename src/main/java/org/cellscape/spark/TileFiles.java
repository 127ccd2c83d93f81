package org.cellscape.spark;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.CellGrid;
import org.cellscape.canvas.Precision;
import org.cellscape.engine.Tile;
import org.cellscape.render.TileWork;

/**
 * A pass's state on shared storage, one file per tile core (no file is written by two tasks, so any store of
 * Hadoop's FileSystem API will do, with no random writes): a 32-byte header (magic, core origin and size, channels,
 * bytes a value), the cells row-major HWC little-endian (float32, float16, or 16-bit RGB for the last pass), then
 * CRC32Cs: one a row for colours (a PNG piece's task reads a few rows), one every {@link #SEGMENT} cells of each row
 * for state. A file appears
 * under its final name only complete (written aside, then renamed), so a retried or duplicated task is harmless:
 * both write the same bytes.
 */
final class TileFiles {
    static final int HEADER = 32, MAGIC = 0x4353_5431; // "CST1"

    private TileFiles() {}

    static Path passDir(Path root, int pass) {
        return new Path(root, "pass-" + pass);
    }

    static Path file(Path root, int pass, int tile) {
        return new Path(passDir(root, pass), "tile-" + tile);
    }

    /**
     * The core {@code r} of {@code t} in the given precision; instead of one CRC, a CRC32C for every {@link #SEGMENT}
     * cells of each row, so a halo read checks what it reads (rounded out to whole segments).
     */
    static byte[] state(Tile t, CellGrid.Rect r, Precision p) {
        int C = t.channels(), count = r.width() * C, rowBytes = count * p.bytes, segBytes = SEGMENT * C * p.bytes;
        int segs = Math.ceilDiv(r.width(), SEGMENT);
        ByteBuffer b = start(r, C, p.bytes, (long) count * r.height(), (long) segs * r.height() * 4);
        int lx = (int) (r.x() - t.originX()), ly = (int) (r.y() - t.originY());
        float[] d = t.data();
        for (int y = 0; y < r.height(); y++) {
            int at = ((ly + y) * t.width() + lx) * C;
            if (p == Precision.FLOAT32) b.asFloatBuffer().put(d, at, count);
            else for (int i = 0; i < count; i++) b.putShort(b.position() + 2 * i, Float.floatToFloat16(d[at + i]));
            b.position(b.position() + rowBytes);
        }
        CRC32C crc = new CRC32C();
        for (int y = 0; y < r.height(); y++) {
            for (int k = 0; k < segs; k++) {
                crc.reset();
                crc.update(b.array(), HEADER + y * rowBytes + k * segBytes, Math.min(segBytes, rowBytes - k * segBytes));
                b.putInt((int) crc.getValue());
            }
        }
        return b.array();
    }

    /** Cells of a state file's row one CRC covers: a halo strip (32 cells by default) reads one or two of them a row. */
    static final int SEGMENT = 64;

    /** 16-bit RGB of the image area {@code r}, one array a row, as the colour map makes it, and a CRC32C a row. */
    static byte[] rgb(short[][] rows, CellGrid.Rect r) {
        ByteBuffer b = start(r, 3, 2, r.cells() * 3, 4L * r.height());
        for (short[] row : rows) {
            b.asShortBuffer().put(row);
            b.position(b.position() + row.length * 2);
        }
        CRC32C crc = new CRC32C();
        int rowBytes = r.width() * 6;
        for (int y = 0; y < r.height(); y++) {
            crc.reset();
            crc.update(b.array(), HEADER + y * rowBytes, rowBytes);
            b.putInt((int) crc.getValue());
        }
        return b.array();
    }

    private static ByteBuffer start(CellGrid.Rect r, int channels, int bytes, long values, long trailer) {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(HEADER + values * bytes + trailer)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putLong(r.x()).putLong(r.y()).putInt(r.width()).putInt(r.height()).putShort((short) channels).putShort((short) bytes);
        return b;
    }

    /** Numbers 0..count-1 with no file {@code prefix + number} in {@code dir}: the tasks still to run. */
    static List<Integer> missing(FileSystem fs, Path dir, String prefix, int count) throws IOException {
        boolean[] have = new boolean[count];
        if (fs.exists(dir)) {
            for (FileStatus f : fs.listStatus(dir)) {
                String n = f.getPath().getName();
                if (!n.startsWith(prefix)) continue;
                int i = Integer.parseInt(n.substring(prefix.length()));
                if (i < have.length) have[i] = true;
            }
        }
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < have.length; i++) if (!have[i]) todo.add(i);
        return todo;
    }

    /** Writes {@code bytes} aside and renames them to {@code to}; a file already there (a duplicate task's) is kept. */
    static void write(FileSystem fs, Path to, byte[] bytes) throws IOException {
        Path tmp = new Path(to.getParent(), "." + to.getName() + "." + UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
        }
        if (!fs.rename(tmp, to)) {
            fs.delete(tmp, false);
            if (!fs.exists(to)) throw new IOException("cannot rename " + tmp + " to " + to);
        }
    }

    /** The 16-bit RGB samples of a last-pass tile file, checked against its header and CRCs. */
    static short[] readRgb(FileSystem fs, Path f, CellGrid.Rect r) {
        return readRgb(fs, f, r, 0, r.height());
    }

    /** Rows {@code y0 .. y0 + n - 1} (of the area) of a last-pass tile file, each checked against its CRC. */
    static short[] readRgb(FileSystem fs, Path f, CellGrid.Rect r, int y0, int n) {
        int rowBytes = r.width() * 6;
        long cells = HEADER + r.cells() * 6;
        byte[] head = new byte[HEADER], rows = new byte[Math.multiplyExact(n, rowBytes)], crcs = new byte[4 * n];
        try (FSDataInputStream in = fs.open(f)) {
            if (fs.getFileStatus(f).getLen() != cells + 4L * r.height()) throw damaged(f, "it is not " + (cells + 4L * r.height()) + " bytes long");
            in.readFully(0, head);
            in.readFully(HEADER + (long) y0 * rowBytes, rows);
            in.readFully(cells + 4L * y0, crcs);
        } catch (FileNotFoundException e) {
            throw invisible(f);
        } catch (java.io.EOFException e) {
            throw damaged(f, "truncated");
        } catch (IOException e) {
            throw CellscapeException.io("cannot read scratch tile " + f + ": " + e.getMessage(), e);
        }
        checkHeader(f, ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN), r, 3, 2);
        ByteBuffer want = ByteBuffer.wrap(crcs).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        for (int y = 0; y < n; y++) {
            crc.reset();
            crc.update(rows, y * rowBytes, rowBytes);
            if ((int) crc.getValue() != want.getInt(4 * y)) throw damaged(f, "its cells in row " + (y0 + y) + " do not match their checksum");
        }
        short[] s = new short[n * r.width() * 3];
        ByteBuffer.wrap(rows).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    private static void checkHeader(Path f, ByteBuffer b, CellGrid.Rect r, int channels, int bytes) {
        if (b.getInt(0) != MAGIC || b.getLong(4) != r.x() || b.getLong(12) != r.y() || b.getInt(20) != r.width() || b.getInt(24) != r.height()
                || b.getShort(28) != channels || b.getShort(30) != bytes)
            throw damaged(f, "its header is not that of tile " + r);
    }

    static CellscapeException damaged(Path f, String why) {
        return new CellscapeException(CellscapeException.RESUME_MISMATCH, "scratch tile " + f + " is damaged (" + why
                + "); delete the scratch folder to start over");
    }

    /** Not there where the driver said it is: the executor does not see the driver's scratch storage. */
    static CellscapeException invisible(Path f) {
        return CellscapeException.io("scratch tile " + f + " is not there on executor host " + host()
                + ": the scratch folder must be storage every executor sees (hdfs://, s3a://, a shared mount)", null);
    }

    static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "(unknown)";
        }
    }

    /** The cells of a stored pass, read with torus wrap: any rectangle, from the tile files it overlaps. */
    static final class Reader implements TileWork.Source, Closeable {
        private final FileSystem fs;
        private final Path root;
        private final int pass, channels;
        private final CellGrid grid;
        private final Precision precision;
        private final Map<Integer, FSDataInputStream> open = new HashMap<>();
        private byte[] row = new byte[0], crcs = new byte[0];
        private final CRC32C crc = new CRC32C();

        Reader(FileSystem fs, Path root, int pass, CellGrid grid, int channels, Precision precision) {
            this.fs = fs;
            this.root = root;
            this.pass = pass;
            this.grid = grid;
            this.channels = channels;
            this.precision = precision;
        }

        @Override
        public void read(Tile t) {
            long W = grid.canvasWidth(), H = grid.canvasHeight();
            if (t.canvasWidth() != W || t.canvasHeight() != H || t.channels() != channels)
                throw new IllegalArgumentException("tile of a " + t.canvasWidth() + "x" + t.canvasHeight() + " canvas, pass " + pass + " is " + W + "x" + H);
            for (int y = 0; y < t.height(); ) {
                long gy = Math.floorMod(t.originY() + y, H);
                int ny = (int) Math.min(t.height() - y, H - gy);
                for (int x = 0; x < t.width(); ) {
                    long gx = Math.floorMod(t.originX() + x, W);
                    int nx = (int) Math.min(t.width() - x, W - gx);
                    copy(t, x, y, gx, gy, nx, ny);
                    x += nx;
                }
                y += ny;
            }
        }

        /** Global cells [gx, gx + nx) x [gy, gy + ny), inside the canvas, to the tile at (x, y). */
        private void copy(Tile t, int x, int y, long gx, long gy, int nx, int ny) {
            int ts = grid.tileSize();
            int c0 = grid.isUntiled() ? 0 : (int) (gx / ts), c1 = grid.isUntiled() ? 0 : (int) ((gx + nx - 1) / ts);
            int r0 = grid.isUntiled() ? 0 : (int) (gy / ts), r1 = grid.isUntiled() ? 0 : (int) ((gy + ny - 1) / ts);
            for (int r = r0; r <= r1; r++) {
                for (int c = c0; c <= c1; c++) {
                    int i = r * grid.tilesX() + c;
                    CellGrid.Rect core = grid.core(i);
                    long x0 = Math.max(gx, core.x()), x1 = Math.min(gx + nx, core.endX());
                    long y0 = Math.max(gy, core.y()), y1 = Math.min(gy + ny, core.endY());
                    if (x0 >= x1 || y0 >= y1) continue;
                    FSDataInputStream in = stream(i, core);
                    int cell = channels * precision.bytes, segs = Math.ceilDiv(core.width(), SEGMENT);
                    int k0 = (int) (x0 - core.x()) / SEGMENT, k1 = (int) Math.ceilDiv(x1 - core.x(), SEGMENT);
                    int from = k0 * SEGMENT, len = (Math.min(k1 * SEGMENT, core.width()) - from) * cell;
                    if (row.length < len) row = new byte[len];
                    if (crcs.length < (k1 - k0) * 4) crcs = new byte[(k1 - k0) * 4];
                    long index = HEADER + core.cells() * cell;
                    for (long cy = y0; cy < y1; cy++) {
                        long ry = cy - core.y();
                        try {
                            in.readFully(HEADER + (ry * core.width() + from) * cell, row, 0, len);
                            in.readFully(index + (ry * segs + k0) * 4, crcs, 0, (k1 - k0) * 4);
                        } catch (IOException e) {
                            throw damaged(file(root, pass, i), "cannot read its cells: " + e.getMessage());
                        }
                        check(i, row, len, ry, k0, k1);
                        int at = (int) (((y + cy - gy) * t.width() + x + (x0 - gx)) * channels);
                        decode(row, (int) (x0 - core.x() - from) * cell, t.data(), at, (int) (x1 - x0) * channels);
                    }
                }
            }
        }

        /** The segments k0..k1 of row {@code ry} of tile {@code i}, read into {@code row}, against their CRCs. */
        private void check(int i, byte[] row, int len, long ry, int k0, int k1) {
            int segBytes = SEGMENT * channels * precision.bytes;
            ByteBuffer want = ByteBuffer.wrap(crcs).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = k0; k < k1; k++) {
                crc.reset();
                int off = (k - k0) * segBytes;
                crc.update(row, off, Math.min(segBytes, len - off));
                if ((int) crc.getValue() != want.getInt((k - k0) * 4))
                    throw damaged(file(root, pass, i), "its cells in row " + ry + " do not match their checksum");
            }
        }

        private void decode(byte[] src, int from, float[] dst, int at, int count) {
            ByteBuffer b = ByteBuffer.wrap(src).order(ByteOrder.LITTLE_ENDIAN);
            if (precision == Precision.FLOAT32) b.position(from).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, at, count);
            else for (int i = 0; i < count; i++) dst[at + i] = Float.float16ToFloat(b.getShort(from + 2 * i));
        }

        private FSDataInputStream stream(int i, CellGrid.Rect core) {
            FSDataInputStream in = open.get(i);
            if (in != null) return in;
            Path f = file(root, pass, i);
            try {
                in = fs.open(f);
                byte[] h = new byte[HEADER];
                in.readFully(0, h);
                checkHeader(f, ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN), core, channels, precision.bytes);
                long want = HEADER + core.cells() * channels * precision.bytes + (long) Math.ceilDiv(core.width(), SEGMENT) * core.height() * 4;
                if (fs.getFileStatus(f).getLen() != want) throw damaged(f, "it is not " + want + " bytes long");
            } catch (FileNotFoundException e) {
                throw invisible(f);
            } catch (IOException e) {
                throw damaged(f, e.getMessage());
            }
            open.put(i, in);
            return in;
        }

        @Override
        public void close() {
            for (FSDataInputStream in : open.values()) {
                try {
                    in.close();
                } catch (IOException e) {
                    // read-only: nothing is lost
                }
            }
            open.clear();
        }
    }
}
