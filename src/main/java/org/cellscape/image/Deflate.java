package org.cellscape.image;

import java.util.Arrays;
import java.util.zip.Deflater;

/** Deflate helpers over java.util.zip (zlib underneath): whole zlib streams for TIFF tiles, raw pieces for PNG. */
final class Deflate {
    private Deflate() {}

    /**
     * At level 1, the writers' default, data is first coded with Huffman codes alone (zlib's HUFFMAN_ONLY strategy):
     * after the TIFF and PNG predictors, NCA images leave LZ77 almost nothing to match. On the tiles of an A0 render
     * that was 2.3x as fast as zlib's level 1 and smaller (16-bit: 0.794 of the raw bytes against 0.805; 8-bit: 0.396
     * against 0.462; docs/cpu-backend.md). Only where that leaves less than half the bytes of 16-bit samples, or a
     * quarter of 8-bit ones (flat or smooth areas, which LZ77 shrinks much further; NCA textures stay above), is the
     * data coded again at zlib's level 1, and the smaller kept: the choice depends on the data alone, so the bytes do
     * too. Levels 2-9 are zlib's own, 0 stores.
     */
    private static byte[] deflate(byte[] data, int len, int level, int bytesPerSample, boolean nowrap, int flush) {
        byte[] out = run(level, level == 1 ? Deflater.HUFFMAN_ONLY : Deflater.DEFAULT_STRATEGY, nowrap, data, len, flush);
        if (level != 1 || out.length >= (bytesPerSample == 2 ? len / 2 : len / 4)) return out;
        byte[] lz = run(level, Deflater.DEFAULT_STRATEGY, nowrap, data, len, flush); // a fresh stream, not a reset one
        return lz.length < out.length ? lz : out;
    }

    private static byte[] run(int level, int strategy, boolean nowrap, byte[] data, int len, int flush) {
        Deflater d = new Deflater(level, nowrap);
        try {
            d.setStrategy(strategy);
            d.setInput(data, 0, len);
            if (flush == Deflater.NO_FLUSH) d.finish();
            return drain(d, len, flush);
        } finally {
            d.end();
        }
    }

    /** A complete zlib stream (header, deflate data, Adler-32) of {@code data[0..len)}: one TIFF tile. */
    static byte[] zlib(byte[] data, int len, int level, int bytesPerSample) {
        return deflate(data, len, level, bytesPerSample, false, Deflater.NO_FLUSH);
    }

    /**
     * Raw deflate data for one piece of a larger stream. A middle piece ends with a sync flush (an empty stored
     * block that byte-aligns the output), the last with the final block, so pieces compressed independently
     * concatenate into one valid deflate stream.
     */
    static byte[] rawPiece(byte[] data, int len, int level, int bytesPerSample, boolean last) {
        return deflate(data, len, level, bytesPerSample, true, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
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
