package org.cellscape.image;

import java.util.Arrays;
import java.util.zip.Deflater;

/** Deflate helpers over java.util.zip (zlib underneath): whole zlib streams for TIFF tiles, raw pieces for PNG. */
final class Deflate {
    private Deflate() {}

    /** A complete zlib stream (header, deflate data, Adler-32) of {@code data[0..len)}: one TIFF tile. */
    static byte[] zlib(byte[] data, int len, int level) {
        Deflater d = new Deflater(level, false);
        try {
            d.setInput(data, 0, len);
            d.finish();
            return drain(d, len, Deflater.NO_FLUSH);
        } finally {
            d.end();
        }
    }

    /**
     * Raw deflate data for one piece of a larger stream. A middle piece ends with a sync flush (an empty stored
     * block that byte-aligns the output), the last with the final block, so pieces compressed independently
     * concatenate into one valid deflate stream.
     */
    static byte[] rawPiece(byte[] data, int len, int level, boolean last) {
        Deflater d = new Deflater(level, true);
        try {
            d.setInput(data, 0, len);
            if (last) d.finish();
            return drain(d, len, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
        } finally {
            d.end();
        }
    }

    private static byte[] drain(Deflater d, int len, int flush) {
        // zlib's deflateBound is about len + len/1000 + a few bytes; start there, grow if ever needed
        byte[] out = new byte[len + (len >>> 9) + 64];
        int n = 0;
        while (true) {
            n += d.deflate(out, n, out.length - n, flush);
            boolean done = flush == Deflater.NO_FLUSH ? d.finished() : n < out.length && d.needsInput();
            if (done) return Arrays.copyOf(out, n);
            if (n == out.length) out = Arrays.copyOf(out, out.length * 2);
        }
    }

    /** The zlib header for a 32 KiB window; FLEVEL only informs decoders, chosen as zlib itself would. */
    static byte[] zlibHeader(int level) {
        int cmf = 0x78;
        int flevel = level <= 1 ? 0 : level <= 5 ? 1 : level == 6 ? 2 : 3;
        if (level == -1) flevel = 2;
        int flg = flevel << 6;
        flg += 31 - (cmf * 256 + flg) % 31;
        return new byte[] {(byte) cmf, (byte) flg};
    }
}
