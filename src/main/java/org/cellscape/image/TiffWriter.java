package org.cellscape.image;

import org.cellscape.CellscapeException;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Streaming tiled TIFF: RGB, 16 (or dithered 8) bits per sample, chunky (PlanarConfiguration 1), Adobe deflate
 * (Compression 8) after horizontal differencing (Predictor 2), little-endian.
 *
 * <p>Rows are gathered into one band of tileHeight rows; a full band is cut into tiles that are predicted and
 * deflated in parallel, then appended in order. Only that band is held, plus the tile offsets and byte counts.
 * The IFD goes at the end of the file and the header's first-IFD offset is patched at finish.
 *
 * <p>BigTIFF (version 43, 8-byte offsets) is chosen when {@link #needsBigTiff} says a classic file could pass
 * 4 GiB, or when forced. The decision has to be made before the first tile, and compressed sizes are unknown
 * then, so it is made from the uncompressed size with deflate's worst-case expansion.
 */
public final class TiffWriter extends PartialFileSink {
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long CLASSIC_LIMIT = 0xFFFF_FFFFL;
    /** Header, IFD entries and small values: far below this. */
    private static final long FIXED_MARGIN = 1 << 20;
    /** The JDK's own sRGB ICC profile (a few KiB), embedded so print software need not guess the colour space. */
    private static final byte[] SRGB_ICC = java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData();

    private final int tile;
    private final int bytesPerSample;
    private final int level;
    private final boolean big;
    private final int tilesAcross;
    private final int tilesDown;
    private final long[] tileOffsets;
    private final long[] tileByteCounts;
    private final String description;

    /** The band being filled: tile rows of width*3 samples each, reused band after band. */
    private final short[][] band;
    private int bandRows;
    private long position;

    /** Writes {@code target}.partial; {@link #finish()} renames it to {@code target}. */
    public TiffWriter(Path target, ImageSpec spec, WriterOptions opts) {
        super(target, spec, opts);
        boolean ok = false;
        try {
            this.tile = opts.tileSize();
            this.bytesPerSample = spec.bits() / 8;
            this.level = opts.deflateLevel();
            if (spec.width() > CLASSIC_LIMIT || spec.height() > CLASSIC_LIMIT)
                throw new CellscapeException(CellscapeException.DOES_NOT_FIT,
                        target + ": TIFF width and height must be below 2^32, got " + spec.width() + "x" + spec.height());
            long across = ceilDiv(spec.width(), tile);
            long down = ceilDiv(spec.height(), tile);
            if (across * down > Integer.MAX_VALUE - 16)
                throw new CellscapeException(CellscapeException.DOES_NOT_FIT,
                        target + ": " + across * down + " tiles of " + tile + " pixels are too many; use larger tiles");
            this.tilesAcross = (int) across;
            this.tilesDown = (int) down;
            this.tileOffsets = new long[tilesAcross * tilesDown];
            this.tileByteCounts = new long[tileOffsets.length];
            this.description = ParamsJson.compact(spec.parameters(), true);
            this.big = opts.forceBigTiff() || needsBigTiff(spec.width(), spec.height(), bytesPerSample, tile, tile,
                    description.length() + 1L);
            this.band = new short[tile][];
            writeHeader();
            ok = true;
        } catch (IOException e) {
            throw CellscapeException.io("writing " + partial + " failed: " + oneLine(e), e);
        } finally {
            if (!ok) closeQuietly();
        }
    }

    /**
     * Whether a classic TIFF of this image could pass the 4 GiB offset limit. Counts every tile at full size
     * (edge tiles are padded), deflate's worst-case expansion of incompressible data (zlib's bound is about
     * 0.03%; we allow 0.2%) plus the zlib wrapper per tile, and a margin for header, IFD and text.
     *
     * @param textBytes bytes of embedded text (ImageDescription) beyond the fixed margin
     */
    public static boolean needsBigTiff(long width, long height, int bytesPerSample, int tileWidth, int tileHeight,
                                       long textBytes) {
        long across = ceilDiv(width, tileWidth);
        long down = ceilDiv(height, tileHeight);
        long tiles = across * down;
        double raw = (double) tiles * tileWidth * tileHeight * 3 * bytesPerSample;
        double worst = raw * 1.002 + tiles * (64.0 + 8 + 8) + FIXED_MARGIN + textBytes;
        return worst > CLASSIC_LIMIT;
    }

    /** Whether this writer produces BigTIFF. */
    public boolean isBigTiff() {
        return big;
    }

    private void writeHeader() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(big ? 16 : 8).order(ByteOrder.LITTLE_ENDIAN);
        h.put((byte) 'I').put((byte) 'I');
        if (big) {
            h.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(0); // IFD offset patched at finish
        } else {
            h.putShort((short) 42).putInt(0);
        }
        h.flip();
        writeFully(h, 0);
        position = h.capacity();
    }

    @Override
    protected void acceptRows(short[] rgb, int rows, long firstRow) throws IOException {
        for (int r = 0; r < rows; r++) {
            if (band[bandRows] == null) band[bandRows] = new short[rowSamples];
            System.arraycopy(rgb, r * rowSamples, band[bandRows], 0, rowSamples);
            bandRows++;
            long y = firstRow + r;
            if (bandRows == tile || y == spec.height() - 1) flushBand(y + 1 - bandRows);
        }
    }

    /** Compresses the tiles of the band starting at image row y0 in parallel and appends them in order. */
    private void flushBand(long y0) throws IOException {
        int tileRow = (int) (y0 / tile);
        int rows = bandRows;
        List<Future<byte[]>> tiles = new ArrayList<>(tilesAcross);
        for (int tx = 0; tx < tilesAcross; tx++) {
            int col = tx;
            tiles.add(pool.submit(() -> encodeTile(col, y0, rows)));
        }
        for (int tx = 0; tx < tilesAcross; tx++) {
            byte[] data = await(tiles.get(tx));
            int index = tileRow * tilesAcross + tx;
            tileOffsets[index] = position;
            tileByteCounts[index] = data.length;
            writeFully(ByteBuffer.wrap(data), position);
            position += data.length;
        }
        if (!big && position > CLASSIC_LIMIT) // cannot happen given needsBigTiff's bound; refuse rather than corrupt
            throw new IOException("classic TIFF passed 4 GiB; use BigTIFF");
        bandRows = 0;
    }

    /** One tile: samples in file order, edges padded by repeating the last column/row, predicted, deflated. */
    private byte[] encodeTile(int tx, long y0, int rows) {
        int rowBytes = tile * 3 * bytesPerSample;
        byte[] raw = new byte[rowBytes * tile];
        long x0 = (long) tx * tile;
        int valid = (int) Math.min(tile, spec.width() - x0);
        int srcOff = (int) (x0 * 3);
        int pixelBytes = 3 * bytesPerSample;
        for (int r = 0; r < rows; r++) {
            short[] src = band[r];
            int o = r * rowBytes;
            if (bytesPerSample == 2) {
                for (int i = 0; i < valid * 3; i++) SHORT_LE.set(raw, o + 2 * i, src[srcOff + i]);
            } else {
                Dither.row(src, srcOff, raw, o, valid, x0, y0 + r);
            }
            int last = o + (valid - 1) * pixelBytes;
            for (int p = valid; p < tile; p++) System.arraycopy(raw, last, raw, o + p * pixelBytes, pixelBytes);
        }
        for (int r = rows; r < tile; r++) System.arraycopy(raw, (rows - 1) * rowBytes, raw, r * rowBytes, rowBytes);
        for (int r = 0; r < tile; r++) predict(raw, r * rowBytes, tile * 3);
        return Deflate.zlib(raw, raw.length, level);
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

    @Override
    protected void complete() throws IOException {
        long ifdAt = position + (position & 1); // IFDs start on a word boundary
        ByteBuffer ifd = buildIfd(ifdAt);
        writeFully(ifd, ifdAt);
        ByteBuffer ptr = ByteBuffer.allocate(big ? 8 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (big) ptr.putLong(ifdAt);
        else ptr.putInt((int) ifdAt);
        ptr.flip();
        writeFully(ptr, big ? 8 : 4);
    }

    private ByteBuffer buildIfd(long at) {
        int bps = spec.bits();
        Ifd ifd = new Ifd(big);
        ifd.longs(256, spec.width());
        ifd.longs(257, spec.height());
        ifd.shorts(258, bps, bps, bps);
        ifd.shorts(259, 8);            // Adobe deflate
        ifd.shorts(262, 2);            // RGB
        ifd.ascii(270, description);   // ImageDescription: the parameters as JSON
        ifd.shorts(277, 3);
        long[] r = rational(spec.effectiveDpi());
        ifd.rational(282, r[0], r[1]);
        ifd.rational(283, r[0], r[1]);
        ifd.shorts(284, 1);            // chunky
        ifd.shorts(296, 2);            // inch
        ifd.ascii(305, "Cellscape");
        ifd.shorts(317, 2);            // horizontal differencing
        ifd.longs(322, tile);
        ifd.longs(323, tile);
        ifd.offsets(324, tileOffsets);
        ifd.offsets(325, tileByteCounts);
        ifd.shorts(339, 1, 1, 1);      // unsigned integer samples
        ifd.undefined(34675, SRGB_ICC); // ICC profile: the samples are sRGB
        return ifd.serialize(at);
    }

    /** dpi as an unsigned 32-bit fraction: exact for whole numbers, otherwise to 1/1000. */
    static long[] rational(double dpi) {
        if (dpi == Math.rint(dpi) && dpi <= CLASSIC_LIMIT) return new long[] {(long) dpi, 1};
        long den = 1000;
        long num = Math.round(dpi * den);
        while (num > CLASSIC_LIMIT) {
            den /= 10;
            num = Math.round(dpi * den);
            if (den == 1) break;
        }
        return new long[] {Math.min(num, CLASSIC_LIMIT), den};
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // reporting the original failure matters more
        }
    }

    /**
     * An IFD under construction. Entries must be added in ascending tag order (the TIFF spec requires sorted
     * entries). Values that fit the entry's value field (4 bytes classic, 8 BigTIFF) are stored inline, the
     * rest after the entry table.
     */
    private static final class Ifd {
        private static final int SHORT = 3, LONG = 4, RATIONAL = 5, ASCII = 2, UNDEFINED = 7, LONG8 = 16;
        private record Entry(int tag, int type, long count, byte[] value) {}

        private final boolean big;
        private final List<Entry> entries = new ArrayList<>();

        Ifd(boolean big) {
            this.big = big;
        }

        void shorts(int tag, int... values) {
            ByteBuffer b = le(values.length * 2);
            for (int v : values) b.putShort((short) v);
            add(tag, SHORT, values.length, b);
        }

        void longs(int tag, long value) {
            add(tag, LONG, 1, le(4).putInt((int) value));
        }

        void rational(int tag, long num, long den) {
            add(tag, RATIONAL, 1, le(8).putInt((int) num).putInt((int) den));
        }

        void ascii(int tag, String s) {
            byte[] text = (s + "\0").getBytes(StandardCharsets.US_ASCII);
            add(tag, ASCII, text.length, ByteBuffer.wrap(text).position(text.length));
        }

        void undefined(int tag, byte[] bytes) {
            add(tag, UNDEFINED, bytes.length, ByteBuffer.wrap(bytes.clone()).position(bytes.length));
        }

        /** Tile offsets or byte counts: LONG in classic TIFF, LONG8 in BigTIFF. */
        void offsets(int tag, long[] values) {
            ByteBuffer b = le(values.length * (big ? 8 : 4));
            for (long v : values) {
                if (big) b.putLong(v);
                else b.putInt((int) v);
            }
            add(tag, big ? LONG8 : LONG, values.length, b);
        }

        private void add(int tag, int type, long count, ByteBuffer filled) {
            if (!entries.isEmpty() && entries.getLast().tag >= tag) throw new IllegalStateException("IFD tags out of order");
            entries.add(new Entry(tag, type, count, filled.array()));
        }

        ByteBuffer serialize(long at) {
            int inline = big ? 8 : 4;
            int entrySize = big ? 20 : 12;
            int tableSize = (big ? 8 : 2) + entries.size() * entrySize + (big ? 8 : 4);
            long extra = 0;
            for (Entry e : entries) if (e.value.length > inline) extra += e.value.length + (e.value.length & 1);
            ByteBuffer out = le(Math.toIntExact(tableSize + extra));
            if (big) out.putLong(entries.size());
            else out.putShort((short) entries.size());
            long valueAt = at + tableSize;
            int valuePos = tableSize;
            for (Entry e : entries) {
                out.putShort((short) e.tag).putShort((short) e.type);
                if (big) out.putLong(e.count);
                else out.putInt((int) e.count);
                if (e.value.length <= inline) {
                    out.put(e.value);
                    for (int i = e.value.length; i < inline; i++) out.put((byte) 0);
                } else {
                    if (big) out.putLong(valueAt);
                    else out.putInt((int) valueAt);
                    out.put(valuePos, e.value);
                    int padded = e.value.length + (e.value.length & 1); // keep values word-aligned
                    valueAt += padded;
                    valuePos += padded;
                }
            }
            if (big) out.putLong(0);
            else out.putInt(0); // no next IFD
            out.position(0).limit(out.capacity());
            return out;
        }

        private static ByteBuffer le(int size) {
            return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
