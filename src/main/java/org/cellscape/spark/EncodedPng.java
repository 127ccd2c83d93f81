package org.cellscape.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.CellGrid;
import org.cellscape.image.PngPieces;
import org.cellscape.image.PngWriter;
import org.cellscape.render.PassPlan;
import org.cellscape.render.RenderJob;

/**
 * A cluster PNG's zlib stream made on the executors: after the last pass, one task per piece of the local writer
 * (the same rows, so the same bytes) reads its rows and the row above from the colour tiles across, encodes them
 * with {@link PngPieces} and stores the piece; the driver appends the pieces in order, one in memory at a time. A
 * piece file: a 32-byte header (magic, piece, the encoding's fingerprint, Adler-32, filtered length, compressed
 * length), the compressed bytes, a CRC32C of all that. Pieces live in a folder named by the fingerprint, so a
 * restarted driver reuses those of the same encoding and never those of another.
 */
final class EncodedPng {
    static final int MAGIC = 0x4353_504E; // "CSPN"
    private static final int HEAD = 32;

    private EncodedPng() {}

    static Path dir(Path root, PngPieces codec) {
        return new Path(root, "png-" + Integer.toHexString(fingerprint(codec)));
    }

    static Path file(Path root, PngPieces codec, int piece) {
        return new Path(dir(root, codec), "piece-" + piece);
    }

    /** Encodes the missing pieces on the executors, then appends them all to {@code sink} in order. */
    static void run(JavaSparkContext sc, FileSystem fs, Path root, JobSpec spec, PassPlan.Pass last, PngWriter sink) throws IOException {
        PngPieces codec = sink.pieces();
        Path pd = dir(root, codec);
        for (FileStatus f : fs.listStatus(root)) // pieces of another encoding (a resume with other --bits) are not used
            if (f.getPath().getName().startsWith("png-") && !f.getPath().getName().equals(pd.getName())) fs.delete(f.getPath(), true);
        fs.mkdirs(pd);
        List<Integer> todo = missing(fs, pd, codec);
        int pass = last.index();
        if (!todo.isEmpty()) {
            // a task a run of pieces, a few runs a core: Spark's cost a task is more than a small piece's encoding
            int per = Math.ceilDiv(todo.size(), Math.min(todo.size(), 4 * sc.defaultParallelism()));
            List<List<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < todo.size(); i += per) runs.add(new ArrayList<>(todo.subList(i, Math.min(i + per, todo.size()))));
            sc.setJobDescription("PNG: " + todo.size() + " of " + codec.count() + " pieces in " + runs.size() + " tasks");
            sc.parallelize(runs, runs.size()).foreach(ks -> encode(spec, pass, codec, ks));
        }
        if (!missing(fs, pd, codec).isEmpty()) throw CellscapeException.io("the PNG stage finished without all its pieces in " + pd, null);
        for (int k = 0; k < codec.count(); k++) sink.writeEncodedPiece(read(fs, file(root, codec, k), codec, k));
    }

    /** Identifies the encoding (size, bits, level, rows a piece, filters). */
    static int fingerprint(PngPieces codec) {
        CRC32C crc = new CRC32C();
        crc.update(codec.toString().getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    private static List<Integer> missing(FileSystem fs, Path pd, PngPieces codec) throws IOException {
        return TileFiles.missing(fs, pd, "piece-", codec.count());
    }

    /**
     * One task, on an executor: pieces {@code ks} (ascending) from the colour tiles of pass {@code pass}, one at a
     * time, each piece's last row the next one's reference.
     */
    private static void encode(JobSpec spec, int pass, PngPieces codec, List<Integer> ks) {
        TileTask.Side side = TileTask.side(spec);
        PassPlan.Pass last = side.plan().passes().get(pass);
        Path root = new Path(spec.scratch());
        short[] prev = null;
        int after = -1; // the piece whose last row prev is
        for (int k : ks) {
            long y0 = codec.firstRow(k);
            int n = codec.rows(k);
            try {
                FileSystem fs = Scratch.fs(root);
                if (k > 0 && after != k - 1) prev = rows(fs, root, last, side.job(), y0 - 1, 1)[0];
                short[][] rows = rows(fs, root, last, side.job(), y0, n);
                TileFiles.write(fs, file(root, codec, k), bytes(codec.encode(k == 0 ? null : prev, rows, n, y0), codec, k));
                prev = rows[n - 1];
                after = k;
            } catch (IOException e) {
                throw CellscapeException.io("writing PNG piece " + file(root, codec, k) + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Image rows {@code from .. from + count - 1}, full width, from the last pass's colour tiles across. */
    private static short[][] rows(FileSystem fs, Path root, PassPlan.Pass last, RenderJob job, long from, int count) {
        int perRow = Math.toIntExact(job.outWidth() * 3);
        short[][] rows = new short[count][perRow];
        CellGrid grid = last.grid();
        for (int i = 0; i < grid.count(); i++) {
            CellGrid.Rect core = grid.core(i);
            if (core.x() >= job.outWidth() || core.y() >= job.outHeight()) continue;
            CellGrid.Rect area = TileTask.imageArea(job, core);
            long y0 = Math.max(from, area.y()), y1 = Math.min(from + count, area.endY());
            if (y0 >= y1) continue;
            short[] s = TileFiles.readRgb(fs, TileFiles.file(root, last.index(), i), area, (int) (y0 - area.y()), (int) (y1 - y0));
            int w = area.width() * 3;
            for (long y = y0; y < y1; y++) System.arraycopy(s, (int) (y - y0) * w, rows[(int) (y - from)], (int) area.x() * 3, w);
        }
        return rows;
    }

    private static byte[] bytes(PngPieces.Piece p, PngPieces codec, int k) {
        byte[] d = p.compressed();
        ByteBuffer b = ByteBuffer.allocate(HEAD + d.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(k).putInt(fingerprint(codec)).putInt(p.adler()).putLong(p.filteredLength()).putInt(d.length).putInt(0);
        b.put(d);
        b.putInt(crc(b.array(), b.position()));
        return b.array();
    }

    /** Piece {@code k}, checked against its header and CRC. */
    static PngPieces.Piece read(FileSystem fs, Path f, PngPieces codec, int k) {
        byte[] all;
        try (FSDataInputStream in = fs.open(f)) {
            long len = fs.getFileStatus(f).getLen();
            if (len < HEAD + 4 || len > Integer.MAX_VALUE - 16) throw TileFiles.damaged(f, "it is " + len + " bytes long");
            all = new byte[(int) len];
            in.readFully(0, all);
        } catch (FileNotFoundException e) {
            throw TileFiles.invisible(f);
        } catch (IOException e) {
            throw TileFiles.damaged(f, "cannot read it: " + e.getMessage());
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != MAGIC || b.getInt(4) != k || b.getInt(8) != fingerprint(codec) || b.getInt(24) != all.length - HEAD - 4)
            throw TileFiles.damaged(f, "its header is not that of PNG piece " + k + " encoded as " + codec);
        if (crc(all, all.length - 4) != b.getInt(all.length - 4)) throw TileFiles.damaged(f, "it does not match its checksum");
        return new PngPieces.Piece(java.util.Arrays.copyOfRange(all, HEAD, all.length - 4), b.getInt(12), b.getLong(16));
    }

    private static int crc(byte[] a, int len) {
        CRC32C c = new CRC32C();
        c.update(a, 0, len);
        return (int) c.getValue();
    }
}
