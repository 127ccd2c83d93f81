package org.cellscape.spark;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.cellscape.canvas.CellGrid;
import org.cellscape.image.TiffTiles;
import org.cellscape.image.TiffWriter;
import org.cellscape.render.PassPlan;
import org.cellscape.render.RenderJob;

/**
 * A last-pass tile file that holds its image area's TIFF tiles already encoded, so the driver only appends them: a
 * 32-byte header (magic, area origin and size, the encoding's fingerprint), the tile count, each tile's length and
 * CRC32C, the CRC32C of all that, then the tiles row-major. The driver reads one TIFF tile at a time.
 */
final class EncodedTiles {
    static final int MAGIC = 0x4353_5454; // "CSTT"

    private EncodedTiles() {}

    /** Whether the last pass's grid cuts the image along TIFF tile edges, so each task can encode whole tiles. */
    static boolean fits(CellGrid grid, TiffTiles codec) {
        return grid.isUntiled() || grid.tileSize() % codec.tile() == 0;
    }

    /** Identifies the encoding (size, tile, bits, level): a file of another one is not used. */
    static int fingerprint(TiffTiles codec) {
        CRC32C crc = new CRC32C();
        crc.update(codec.toString().getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    /** The first TIFF tile column and row of image area {@code r}, and how many across and down. */
    private static int[] span(CellGrid.Rect r, int t) {
        int c0 = (int) (r.x() / t), r0 = (int) (r.y() / t);
        return new int[] {c0, r0, (int) ((r.endX() - 1) / t) - c0 + 1, (int) ((r.endY() - 1) / t) - r0 + 1};
    }

    /** The file for image area {@code r} of a tile: its 16-bit RGB rows {@code rows} encoded as {@code codec}'s TIFF tiles. */
    static byte[] encode(short[][] rows, CellGrid.Rect r, TiffTiles codec) {
        int t = codec.tile();
        int[] s = span(r, t);
        byte[][] tiles = new byte[s[2] * s[3]][];
        long total = 0;
        for (int j = 0; j < s[3]; j++) {
            long y0 = (long) (s[1] + j) * t;
            short[][] band = java.util.Arrays.copyOfRange(rows, (int) (y0 - r.y()), (int) Math.min(y0 + t - r.y(), r.height()));
            for (int i = 0; i < s[2]; i++) {
                long x0 = (long) (s[0] + i) * t;
                total += (tiles[j * s[2] + i] = codec.encode(band, (int) (x0 - r.x()) * 3, x0, y0)).length;
            }
        }
        int indexEnd = TileFiles.HEADER + 4 + 8 * tiles.length;
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(indexEnd + 4 + total)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putLong(r.x()).putLong(r.y()).putInt(r.width()).putInt(r.height()).putInt(fingerprint(codec));
        b.putInt(tiles.length);
        for (byte[] d : tiles) b.putInt(d.length).putInt(crc(d, 0, d.length));
        b.putInt(crc(b.array(), 0, indexEnd));
        for (byte[] d : tiles) b.put(d);
        return b.array();
    }

    /**
     * Appends the last pass's encoded TIFF tiles to the writer in file order (row-major TIFF tiles), one at a time:
     * per tile row of the pass, its files are open and each gives its part of every TIFF tile row.
     */
    static void stream(FileSystem fs, Path dir, PassPlan.Pass last, RenderJob job, TiffWriter sink, TiffTiles codec) throws IOException {
        CellGrid grid = last.grid();
        for (int r = 0; r < grid.tilesY(); r++) {
            List<Reader> row = new ArrayList<>();
            try {
                for (int c = 0; c < grid.tilesX(); c++) {
                    int i = r * grid.tilesX() + c;
                    CellGrid.Rect core = grid.core(i);
                    if (core.x() < job.outWidth() && core.y() < job.outHeight())
                        row.add(new Reader(fs, TileFiles.file(dir, last.index(), i), TileTask.imageArea(job, core), codec));
                }
                for (int j = 0; !row.isEmpty() && j < row.getFirst().rows(); j++)
                    for (Reader f : row)
                        for (int i = 0; i < f.across(); i++) sink.writeEncodedTile(f.tile(j, i));
            } finally {
                row.forEach(Reader::close);
            }
        }
    }

    private static int crc(byte[] a, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(a, off, len);
        return (int) c.getValue();
    }

    /** An encoded tile file opened for reading, its index checked against the area and the encoding. */
    static final class Reader implements Closeable {
        private final Path file;
        private final FSDataInputStream in;
        private final int[] span;
        private final long[] offsets;
        private final int[] lengths, crcs;

        Reader(FileSystem fs, Path file, CellGrid.Rect r, TiffTiles codec) {
            this.file = file;
            this.span = span(r, codec.tile());
            int n = span[2] * span[3], indexEnd = TileFiles.HEADER + 4 + 8 * n;
            byte[] head = new byte[indexEnd + 4];
            try {
                in = fs.open(file);
                in.readFully(0, head);
            } catch (FileNotFoundException e) {
                throw TileFiles.invisible(file);
            } catch (IOException e) {
                throw TileFiles.damaged(file, "cannot read its index: " + e.getMessage());
            }
            ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt(0) != MAGIC || b.getLong(4) != r.x() || b.getLong(12) != r.y() || b.getInt(20) != r.width() || b.getInt(24) != r.height()
                    || b.getInt(28) != fingerprint(codec) || b.getInt(TileFiles.HEADER) != n)
                throw fail("its header is not that of the TIFF tiles of " + r + " encoded as " + codec);
            if (crc(head, 0, indexEnd) != b.getInt(indexEnd)) throw fail("its index does not match its checksum");
            offsets = new long[n];
            lengths = new int[n];
            crcs = new int[n];
            long at = head.length;
            for (int k = 0; k < n; k++) {
                offsets[k] = at;
                lengths[k] = b.getInt(TileFiles.HEADER + 4 + 8 * k);
                crcs[k] = b.getInt(TileFiles.HEADER + 8 + 8 * k);
                at += lengths[k];
            }
        }

        /** TIFF tile rows and columns this file holds. */
        int rows() {
            return span[3];
        }

        int across() {
            return span[2];
        }

        /** The encoded tile at column {@code i} of this file's TIFF tile row {@code j}, checked against its CRC. */
        byte[] tile(int j, int i) {
            int k = j * span[2] + i;
            byte[] d = new byte[lengths[k]];
            try {
                in.readFully(offsets[k], d);
            } catch (IOException e) {
                throw fail("cannot read TIFF tile " + k + ": " + e.getMessage());
            }
            if (crc(d, 0, d.length) != crcs[k]) throw fail("its TIFF tile " + k + " does not match its checksum");
            return d;
        }

        private RuntimeException fail(String why) {
            close();
            return TileFiles.damaged(file, why);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // read-only: nothing is lost
            }
        }
    }
}
