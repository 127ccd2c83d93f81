package org.cellscape.image;

/**
 * Encoder knobs shared by the writers.
 *
 * @param deflateLevel  zlib level 0..9; 1 by default, which the writers run as Huffman coding alone (see Deflate):
 *                      faster than zlib's level 1 and smaller on predicted NCA images
 * @param threads       compression threads (tiles of a TIFF band, row chunks of a PNG are deflated in parallel)
 * @param tileSize      TIFF tile width and height; a multiple of 16 as the TIFF spec requires
 * @param forceBigTiff  write BigTIFF even when a classic TIFF would do (BigTIFF is otherwise chosen automatically)
 * @param pyramid       TIFF only: add reduced-resolution pages, each half the size, down to one tile
 */
public record WriterOptions(int deflateLevel, int threads, int tileSize, boolean forceBigTiff, boolean pyramid) {
    public static final int DEFAULT_DEFLATE_LEVEL = 1;
    public static final int DEFAULT_TILE_SIZE = 256;
    /** Tiles above this would make per-tile buffers (tileSize^2 * 6 bytes) needlessly large. */
    public static final int MAX_TILE_SIZE = 4096;

    public WriterOptions {
        if (deflateLevel < 0 || deflateLevel > 9)
            throw new IllegalArgumentException("deflate level must be 0..9, got " + deflateLevel);
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        if (tileSize < 16 || tileSize > MAX_TILE_SIZE || tileSize % 16 != 0)
            throw new IllegalArgumentException("TIFF tile size must be a multiple of 16 between 16 and "
                    + MAX_TILE_SIZE + ", got " + tileSize);
    }

    public WriterOptions(int deflateLevel, int threads, int tileSize, boolean forceBigTiff) {
        this(deflateLevel, threads, tileSize, forceBigTiff, false);
    }

    /** Level 1, one thread per available processor, 256x256 tiles, BigTIFF only when needed. */
    public static WriterOptions defaults() {
        return new WriterOptions(DEFAULT_DEFLATE_LEVEL, Runtime.getRuntime().availableProcessors(), DEFAULT_TILE_SIZE, false);
    }

    public WriterOptions withDeflateLevel(int level) {
        return new WriterOptions(level, threads, tileSize, forceBigTiff, pyramid);
    }

    public WriterOptions withThreads(int n) {
        return new WriterOptions(deflateLevel, n, tileSize, forceBigTiff, pyramid);
    }

    public WriterOptions withTileSize(int size) {
        return new WriterOptions(deflateLevel, threads, size, forceBigTiff, pyramid);
    }

    public WriterOptions withForceBigTiff(boolean force) {
        return new WriterOptions(deflateLevel, threads, tileSize, force, pyramid);
    }

    public WriterOptions withPyramid(boolean p) {
        return new WriterOptions(deflateLevel, threads, tileSize, forceBigTiff, p);
    }
}
