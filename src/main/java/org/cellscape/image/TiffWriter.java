package org.cellscape.image;

import org.cellscape.CellscapeException;

import java.io.IOException;
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
    private static final long CLASSIC_LIMIT = 0xFFFF_FFFFL;
    /** Header, IFD entries and small values: far below this. */
    private static final long FIXED_MARGIN = 1 << 20;
    /** The JDK's own sRGB ICC profile (a few KiB), embedded so print software need not guess the colour space. */
    private static final byte[] SRGB_ICC = java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData();

    private final int tile;
    private final int bytesPerSample;
    private final int level;
    private final boolean big;
    private final String description;
    /** Level 0 is the image; with a pyramid, each next level is half the size, down to one tile. */
    private final Level[] levels;
    /** Makes the reduced levels from level 0's rows as they pass; null without a pyramid. */
    private final BoxReducer reducer;
    private long position;
    /** Tiles appended already encoded ({@link #writeEncodedTile}); such a file takes no rows. */
    private int encodedTiles;
    private boolean rowsGiven;

    /** One resolution level: its tile table and the band of tile rows being filled, reused band after band. */
    private final class Level {
        final long width, height;
        final TiffTiles codec;
        final int tilesAcross, tilesDown;
        final long[] tileOffsets, tileByteCounts;
        final short[][] band = new short[tile][];
        int bandRows;

        Level(long width, long height) {
            this.width = width;
            this.height = height;
            this.codec = new TiffTiles(width, height, tile, bytesPerSample, level);
            long across = ceilDiv(width, tile), down = ceilDiv(height, tile);
            if (across * down > Integer.MAX_VALUE - 16)
                throw new CellscapeException(CellscapeException.DOES_NOT_FIT,
                        target + ": " + across * down + " tiles of " + tile + " pixels are too many; use larger tiles");
            this.tilesAcross = (int) across;
            this.tilesDown = (int) down;
            this.tileOffsets = new long[tilesAcross * tilesDown];
            this.tileByteCounts = new long[tileOffsets.length];
        }

        void add(short[] rgb, int off, long y) throws IOException {
            int n = (int) (width * 3);
            if (band[bandRows] == null) band[bandRows] = new short[n];
            System.arraycopy(rgb, off, band[bandRows], 0, n);
            bandRows++;
            if (bandRows == tile || y == height - 1) flushBand(this, y + 1 - bandRows);
        }
    }

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
            int reductions = opts.pyramid() ? BoxReducer.levelsUntil(spec.width(), spec.height(), tile) : 0;
            this.levels = new Level[reductions + 1];
            long tiles = 0;
            for (int k = 0; k <= reductions; k++) {
                levels[k] = new Level(BoxReducer.size(spec.width(), k), BoxReducer.size(spec.height(), k));
                tiles += levels[k].tileOffsets.length;
            }
            this.reducer = reductions == 0 ? null
                    : new BoxReducer(spec.width(), spec.height(), reductions, (k, row, y) -> levels[k].add(row, 0, y));
            this.description = ParamsJson.compact(spec.parameters(), true);
            this.big = opts.forceBigTiff() || worstCase(tiles, bytesPerSample, tile, tile, description.length() + 1L) > CLASSIC_LIMIT;
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
        long tiles = ceilDiv(width, tileWidth) * ceilDiv(height, tileHeight);
        return worstCase(tiles, bytesPerSample, tileWidth, tileHeight, textBytes) > CLASSIC_LIMIT;
    }

    /** {@link #needsBigTiff} for a pyramid of square tiles: the tiles of every level count. */
    public static boolean needsBigTiffPyramid(long width, long height, int bytesPerSample, int tile, long textBytes) {
        return worstCase(pyramidTiles(width, height, tile), bytesPerSample, tile, tile, textBytes) > CLASSIC_LIMIT;
    }

    /** Tiles of the image and of its reduced levels down to one tile. */
    static long pyramidTiles(long width, long height, int tile) {
        long tiles = 0;
        for (int k = 0; k <= BoxReducer.levelsUntil(width, height, tile); k++)
            tiles += ceilDiv(BoxReducer.size(width, k), tile) * ceilDiv(BoxReducer.size(height, k), tile);
        return tiles;
    }

    /** The largest a file of this many tiles can get (see {@link #needsBigTiff}). */
    private static double worstCase(long tiles, int bytesPerSample, int tileWidth, int tileHeight, long textBytes) {
        double raw = (double) tiles * tileWidth * tileHeight * 3 * bytesPerSample;
        return raw * 1.002 + tiles * (64.0 + 8 + 8) + FIXED_MARGIN + textBytes;
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
        if (encodedTiles > 0) throw new IllegalStateException(target + ": rows after encoded tiles");
        rowsGiven = true;
        for (int r = 0; r < rows; r++) {
            levels[0].add(rgb, r * rowSamples, firstRow + r);
            if (reducer != null) reducer.push(rgb, r * rowSamples, firstRow + r);
        }
    }

    /** Compresses the tiles of a level's band starting at row y0 in parallel and appends them in order. */
    private void flushBand(Level lv, long y0) throws IOException {
        int tileRow = (int) (y0 / tile);
        List<Future<byte[]>> tiles = new ArrayList<>(lv.tilesAcross);
        for (int tx = 0; tx < lv.tilesAcross; tx++) {
            int col = tx;
            tiles.add(pool.submit(() -> lv.codec.encode(lv.band, col * tile * 3, (long) col * tile, y0)));
        }
        for (int tx = 0; tx < lv.tilesAcross; tx++) append(lv, tileRow * lv.tilesAcross + tx, await(tiles.get(tx)));
        lv.bandRows = 0;
    }

    private void append(Level lv, int index, byte[] data) throws IOException {
        lv.tileOffsets[index] = position;
        lv.tileByteCounts[index] = data.length;
        writeFully(ByteBuffer.wrap(data), position);
        position += data.length;
        if (!big && position > CLASSIC_LIMIT) // cannot happen given needsBigTiff's bound; refuse rather than corrupt
            throw new IOException("classic TIFF passed 4 GiB; use BigTIFF");
    }

    /** How this file's tiles are encoded, for encoding them elsewhere; null with a pyramid (its pages need the rows). */
    public TiffTiles tiles() {
        return reducer == null ? levels[0].codec : null;
    }

    /**
     * Appends the next tile (row-major) as {@link #tiles()} encoded it, instead of rows: a file is written either from
     * rows or from encoded tiles. The last tile of a tile row counts its rows as written.
     */
    public void writeEncodedTile(byte[] data) throws IOException {
        Level lv = levels[0];
        if (reducer != null || rowsGiven) throw new IllegalStateException(target + ": encoded tiles need a file without a pyramid, from no rows");
        if (encodedTiles == lv.tileOffsets.length) throw new IllegalStateException(target + ": all " + encodedTiles + " tiles are written");
        int index = encodedTiles;
        long rows = (index + 1) % lv.tilesAcross != 0 ? 0 : Math.min(tile, lv.height - (long) (index / lv.tilesAcross) * tile);
        accept(rows, () -> append(lv, index, data));
        encodedTiles++;
    }

    @Override
    protected void complete() throws IOException {
        long ifdAt = position + (position & 1); // IFDs start on a word boundary
        long first = ifdAt;
        // successive pages, each pointing on to the next: the layout libvips and OpenSlide read as a pyramid
        for (int k = 0; k < levels.length; k++) {
            TiffIfd ifd = buildIfd(k);
            long size = ifd.serialize(ifdAt, 0).capacity();
            long next = k + 1 < levels.length ? ifdAt + size + (size & 1) : 0;
            writeFully(ifd.serialize(ifdAt, next), ifdAt);
            ifdAt = next;
        }
        ByteBuffer ptr = ByteBuffer.allocate(big ? 8 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (big) ptr.putLong(first);
        else ptr.putInt((int) first);
        ptr.flip();
        writeFully(ptr, big ? 8 : 4);
    }

    private TiffIfd buildIfd(int k) {
        Level lv = levels[k];
        int bps = spec.bits();
        TiffIfd ifd = new TiffIfd(big);
        if (k > 0) ifd.longs(254, 1); // NewSubfileType: a reduced-resolution version of page 0
        ifd.longs(256, lv.width);
        ifd.longs(257, lv.height);
        ifd.shorts(258, bps, bps, bps);
        ifd.shorts(259, 8);            // Adobe deflate
        ifd.shorts(262, 2);            // RGB
        if (k == 0) ifd.ascii(270, description);   // ImageDescription: the parameters as JSON
        ifd.shorts(277, 3);
        long[] r = rational(spec.effectiveDpi() / (1L << k)); // same print size at every level
        ifd.rational(282, r[0], r[1]);
        ifd.rational(283, r[0], r[1]);
        ifd.shorts(284, 1);            // chunky
        ifd.shorts(296, 2);            // inch
        ifd.ascii(305, "Cellscape");
        ifd.shorts(317, 2);            // horizontal differencing
        ifd.longs(322, tile);
        ifd.longs(323, tile);
        ifd.offsets(324, lv.tileOffsets);
        ifd.offsets(325, lv.tileByteCounts);
        ifd.shorts(339, 1, 1, 1);      // unsigned integer samples
        ifd.undefined(34675, SRGB_ICC); // ICC profile: the samples are sRGB
        return ifd;
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
}
