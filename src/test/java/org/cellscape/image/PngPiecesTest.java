package org.cellscape.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Adler32;

import static org.junit.jupiter.api.Assertions.*;

class PngPiecesTest {
    @TempDir
    Path dir;

    private static int adler(byte[] a, int off, int len) {
        Adler32 x = new Adler32();
        x.update(a, off, len);
        return (int) x.getValue();
    }

    @Test
    void combinedAdlersAreThoseOfTheConcatenation() {
        Random rnd = new Random(5);
        // lengths past 65521 and 5552 (zlib's reduction interval), all-0xFF runs that push the sums hardest
        int[] lengths = {0, 1, 2, 100, 5552, 65520, 65521, 65522, 200_000};
        for (int l1 : lengths) {
            for (int l2 : lengths) {
                byte[] a = new byte[l1 + l2];
                if (rnd.nextBoolean()) rnd.nextBytes(a);
                else java.util.Arrays.fill(a, (byte) 0xFF);
                int want = adler(a, 0, a.length);
                assertEquals(want, PngPieces.combine(adler(a, 0, l1), adler(a, l1, l2), l2), l1 + " + " + l2 + " bytes");
            }
        }
    }

    @Test
    void piecesEncodedApartAndAppendedMakeTheWritersFile() throws Exception {
        int w = 37, h = 29, chunkBytes = 1000;
        for (int bits : new int[] {16, 8}) {
            short[] data = TestImages.mixed(w, h, bits);
            Path local = dir.resolve("local" + bits + ".png"), pieced = dir.resolve("pieced" + bits + ".png");
            try (var sink = new PngWriter(local, TestImages.spec(w, h, bits), WriterOptions.defaults().withThreads(2), chunkBytes, true)) {
                TestImages.writeInBands(sink, data, w, h, 3, 7);
                sink.finish();
            }
            try (var sink = new PngWriter(pieced, TestImages.spec(w, h, bits), WriterOptions.defaults(), chunkBytes, true)) {
                PngPieces codec = sink.pieces();
                assertTrue(codec.count() > 3, "several pieces");
                PngPieces.Piece[] pieces = new PngPieces.Piece[codec.count()];
                for (int k = codec.count() - 1; k >= 0; k--) { // encoded out of order, as a cluster may
                    long y0 = codec.firstRow(k);
                    short[][] rows = new short[codec.rows(k)][];
                    for (int r = 0; r < rows.length; r++) rows[r] = row(data, w, y0 + r);
                    pieces[k] = codec.encode(y0 == 0 ? null : row(data, w, y0 - 1), rows, rows.length, y0);
                }
                for (int k = 0; k < codec.count(); k++) sink.writeEncodedPiece(pieces[k]);
                sink.finish();
            }
            assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(pieced), bits + "-bit");
        }
    }

    private static short[] row(short[] data, int w, long y) {
        return java.util.Arrays.copyOfRange(data, (int) y * w * 3, (int) (y + 1) * w * 3);
    }
}
