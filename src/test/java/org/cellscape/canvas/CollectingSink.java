package org.cellscape.canvas;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.cellscape.image.RasterSink;

/** A test sink keeping every row in memory and checking the band contract (top to bottom, all rows, then finish). */
final class CollectingSink implements RasterSink {
    final int width, height;
    final short[] rgb;
    int rows;
    boolean finished, closed;

    CollectingSink(long width, long height) {
        this.width = (int) width;
        this.height = (int) height;
        this.rgb = new short[this.width * this.height * 3];
    }

    @Override
    public void writeRows(short[] data, int n) throws IOException {
        if (finished || closed) throw new IllegalStateException("sink already finished");
        if (rows + n > height) throw new IllegalStateException("too many rows: " + (rows + n) + " > " + height);
        System.arraycopy(data, 0, rgb, rows * width * 3, n * width * 3);
        rows += n;
    }

    @Override
    public void finish() {
        if (rows != height) throw new IllegalStateException("finish after " + rows + " of " + height + " rows");
        finished = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    String sha256() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (short s : rgb) { d.update((byte) s); d.update((byte) (s >> 8)); }
            return HexFormat.of().formatHex(d.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
