package org.cellscape.image;

import java.io.Serializable;
import java.util.zip.Adler32;

/**
 * How {@link PngWriter} cuts its zlib stream: pieces of {@code rowsPerPiece} rows (a function of the width alone),
 * each filtered with the previous piece's last row as reference and deflated on its own (a sync flush ends it, the
 * final block the last). A piece depends only on its rows and the row above, so it can be encoded anywhere (a
 * cluster's executors) and appended later with {@link PngWriter#writeEncodedPiece}; the writer encodes its own
 * pieces through this same code.
 *
 * @param bytesPerSample 2 (16-bit) or 1 (dithered 8-bit)
 * @param level          zlib level
 * @param adaptive       false writes every row with filter None
 */
public record PngPieces(long width, long height, int bytesPerSample, int level, int rowsPerPiece, boolean adaptive) implements Serializable {
    /** A deflated piece, the Adler-32 of its filtered bytes and how many there were. */
    public record Piece(byte[] compressed, int adler, long filteredLength) {}

    public int count() {
        return Math.toIntExact(Math.ceilDiv(height, rowsPerPiece));
    }

    public long firstRow(int piece) {
        return (long) piece * rowsPerPiece;
    }

    public int rows(int piece) {
        return (int) Math.min(rowsPerPiece, height - firstRow(piece));
    }

    int rowBytes() {
        return Math.toIntExact(width * 3 * bytesPerSample);
    }

    /**
     * Converts, filters and deflates rows {@code y0 .. y0 + n - 1} ({@code rows[0..n)}, RGB samples), with
     * {@code prev} the row above (null for the first row of the image).
     */
    public Piece encode(short[] prev, short[][] rows, int n, long y0) {
        int rowBytes = rowBytes();
        byte[] up = new byte[rowBytes];
        if (prev != null) toBytes(prev, up, y0 - 1);
        byte[] cur = new byte[rowBytes];
        byte[] filtered = new byte[n * (rowBytes + 1)];
        PngFilter filter = new PngFilter(3 * bytesPerSample, rowBytes);
        for (int r = 0; r < n; r++) {
            toBytes(rows[r], cur, y0 + r);
            filter.filter(cur, up, filtered, r * (rowBytes + 1), adaptive);
            byte[] t = up;
            up = cur;
            cur = t;
        }
        Adler32 a = new Adler32();
        a.update(filtered);
        return new Piece(Deflate.rawPiece(filtered, filtered.length, level, bytesPerSample, y0 + n == height), (int) a.getValue(), filtered.length);
    }

    /** Samples of row y as PNG stores them: 16-bit big-endian, or dithered 8-bit. */
    private void toBytes(short[] row, byte[] out, long y) {
        if (bytesPerSample == 2) {
            for (int i = 0; i < row.length; i++) {
                out[2 * i] = (byte) (row[i] >>> 8);
                out[2 * i + 1] = (byte) row[i];
            }
        } else {
            Dither.row(row, 0, out, 0, row.length / 3, 0, y);
        }
    }

    private static final int BASE = 65521;

    /**
     * The Adler-32 of a concatenation from those of its parts. With A = 1 + the sum of the bytes and B = the sum of
     * A after each byte (both mod 65521): appending n bytes of sums (A2, B2) to (A1, B1) adds A2 - 1 to A, and to B
     * both B2 and A1 - 1 for each of the n bytes.
     */
    public static int combine(int adler1, int adler2, long len2) {
        long a1 = adler1 & 0xFFFF, b1 = (adler1 >>> 16) & 0xFFFF, a2 = adler2 & 0xFFFF, b2 = (adler2 >>> 16) & 0xFFFF;
        long a = (a1 + a2 + BASE - 1) % BASE;
        long b = (b1 + b2 + (len2 % BASE) * ((a1 + BASE - 1) % BASE)) % BASE;
        return (int) (b << 16 | a);
    }
}
