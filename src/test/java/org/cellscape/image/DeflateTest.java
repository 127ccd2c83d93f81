package org.cellscape.image;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** Level 1 codes with Huffman codes alone, and again with LZ77 only where that left a small output. */
class DeflateTest {
    @Test
    void noisySamplesAreHuffmanCodedAndInflateBack() throws Exception {
        byte[] data = noise(200_000, 40);
        byte[] z = Deflate.zlib(data, data.length, 1, 2);
        assertArrayEquals(data, inflate(z, data.length, false));
        assertArrayEquals(withStrategy(data, Deflater.HUFFMAN_ONLY, false), z, "level 1 on noisy samples is Huffman-only");
    }

    @Test
    void smoothSamplesKeepTheSmallerOfBothCodings() throws Exception {
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i % 6 == 0 ? 5 : i % 6 == 2 ? 1 : 0); // a gradient's differences
        byte[] huffman = withStrategy(data, Deflater.HUFFMAN_ONLY, false), lz = withStrategy(data, Deflater.DEFAULT_STRATEGY, false);
        assertTrue(lz.length < huffman.length / 4, "LZ77 finds the pattern: " + lz.length + " vs " + huffman.length);
        byte[] z = Deflate.zlib(data, data.length, 1, 2);
        assertArrayEquals(lz, z);
        assertArrayEquals(data, inflate(z, data.length, false));
    }

    @Test
    void otherLevelsAreZlibsOwn() {
        byte[] data = noise(50_000, 255);
        Deflater d = new Deflater(6, false);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[data.length * 2];
        int n = d.deflate(buf);
        d.end();
        assertArrayEquals(Arrays.copyOf(buf, n), Deflate.zlib(data, data.length, 6, 2));
    }

    @Test
    void rawPiecesConcatenateIntoOneStream() throws Exception {
        byte[] a = noise(30_000, 30), b = new byte[30_000]; // a noisy piece, then a flat one (coded again with LZ77)
        byte[] pa = Deflate.rawPiece(a, a.length, 1, 1, false), pb = Deflate.rawPiece(b, b.length, 1, 1, true);
        byte[] both = new byte[pa.length + pb.length];
        System.arraycopy(pa, 0, both, 0, pa.length);
        System.arraycopy(pb, 0, both, pa.length, pb.length);
        byte[] want = new byte[a.length + b.length];
        System.arraycopy(a, 0, want, 0, a.length);
        assertArrayEquals(want, inflate(both, want.length, true));
    }

    private static byte[] noise(int n, int range) {
        SplittableRandom r = new SplittableRandom(7);
        byte[] d = new byte[n];
        for (int i = 0; i < n; i++) d[i] = (byte) (r.nextInt(range) - range / 2);
        return d;
    }

    private static byte[] withStrategy(byte[] data, int strategy, boolean nowrap) {
        Deflater d = new Deflater(1, nowrap);
        d.setStrategy(strategy);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[data.length * 2 + 64];
        int n = 0;
        while (!d.finished()) n += d.deflate(buf, n, buf.length - n);
        d.end();
        return Arrays.copyOf(buf, n);
    }

    private static byte[] inflate(byte[] z, int size, boolean nowrap) throws Exception {
        Inflater inf = new Inflater(nowrap);
        inf.setInput(z);
        byte[] out = new byte[size];
        int n = 0;
        while (n < size && !inf.finished()) n += inf.inflate(out, n, size - n);
        inf.end();
        assertEquals(size, n);
        return out;
    }
}
