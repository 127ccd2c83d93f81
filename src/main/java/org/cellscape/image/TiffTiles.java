package org.cellscape.image;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * How {@link TiffWriter} encodes one tile of an image (or of a pyramid level) of {@code width} x {@code height}
 * pixels: samples in file order, edges padded by repeating the last column and row, Predictor 2, one zlib stream.
 * A tile depends only on its own pixels, so it can be encoded anywhere (a cluster's executors) and appended later
 * with {@link TiffWriter#writeEncodedTile}; the writer encodes its own tiles through this same code.
 *
 * @param tile           tile width and height
 * @param bytesPerSample 2 (16-bit) or 1 (dithered 8-bit)
 * @param level          zlib level
 */
public record TiffTiles(long width, long height, int tile, int bytesPerSample, int level) implements Serializable {
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    public int tilesAcross() {
        return Math.toIntExact(Math.ceilDiv(width, tile));
    }

    public int tilesDown() {
        return Math.toIntExact(Math.ceilDiv(height, tile));
    }

    /**
     * The tile whose top-left pixel is (x0, y0): {@code rows[r][offset..]} holds the RGB samples of image row y0 + r
     * from column x0 on, for the tile's rows inside the image.
     */
    public byte[] encode(short[][] rows, int offset, long x0, long y0) {
        int rowBytes = tile * 3 * bytesPerSample, pixelBytes = 3 * bytesPerSample;
        int n = (int) Math.min(tile, height - y0), valid = (int) Math.min(tile, width - x0);
        byte[] raw = new byte[rowBytes * tile];
        for (int r = 0; r < n; r++) {
            short[] src = rows[r];
            int o = r * rowBytes;
            if (bytesPerSample == 2) {
                for (int i = 0; i < valid * 3; i++) SHORT_LE.set(raw, o + 2 * i, src[offset + i]);
            } else {
                Dither.row(src, offset, raw, o, valid, x0, y0 + r);
            }
            int last = o + (valid - 1) * pixelBytes;
            for (int p = valid; p < tile; p++) System.arraycopy(raw, last, raw, o + p * pixelBytes, pixelBytes);
        }
        for (int r = n; r < tile; r++) System.arraycopy(raw, (n - 1) * rowBytes, raw, r * rowBytes, rowBytes);
        for (int r = 0; r < tile; r++) predict(raw, r * rowBytes, tile * 3);
        return Deflate.zlib(raw, raw.length, level, bytesPerSample);
    }

    /** Predictor 2: each sample minus the same channel of the pixel to its left, in 16- or 8-bit arithmetic. */
    private void predict(byte[] raw, int off, int samples) {
        if (bytesPerSample == 2) {
            for (int i = samples - 1; i >= 3; i--) {
                int p = off + 2 * i;
                SHORT_LE.set(raw, p, (short) ((short) SHORT_LE.get(raw, p) - (short) SHORT_LE.get(raw, p - 6)));
            }
        } else {
            for (int i = off + samples - 1; i >= off + 3; i--) raw[i] = (byte) (raw[i] - raw[i - 3]);
        }
    }
}
