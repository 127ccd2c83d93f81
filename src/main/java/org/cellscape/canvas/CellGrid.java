package org.cellscape.canvas;

/**
 * All tile, halo and grid arithmetic of the tiled renderer, in one immutable place (compare ImgLib2's CellGrid).
 *
 * <p>A grid covers the region [0, regionWidth) x [0, regionHeight) of a torus canvas of canvasWidth x canvasHeight
 * cells with square cores of {@code tile} cells (the last column and row of cores are narrower). Tiles are numbered
 * row-major. Each core is grown by a halo of {@code halo} cells on every side; halo coordinates may leave the canvas
 * (negative, or past its size): they are read modulo the canvas size, because the canvas is a torus.
 * An {@link #untiled} grid is one torus tile: the whole canvas, no halo.
 */
public final class CellGrid {
    /** A rectangle in global canvas coordinates; x and y may lie outside the canvas (they wrap). */
    public record Rect(long x, long y, int width, int height) {
        public Rect {
            if (width < 1 || height < 1) throw new IllegalArgumentException("empty rectangle " + width + "x" + height);
        }

        public long cells() { return (long) width * height; }
        public long endX() { return x + width; }
        public long endY() { return y + height; }

        public Rect grow(int m) {
            return new Rect(x - m, y - m, width + 2 * m, height + 2 * m);
        }
    }

    private final long canvasWidth, canvasHeight, regionWidth, regionHeight;
    private final int tile, halo;
    private final boolean untiled;
    private final int tilesX, tilesY;

    private CellGrid(long cw, long ch, long rw, long rh, int tile, int halo, boolean untiled) {
        if (cw < 1 || ch < 1) throw new IllegalArgumentException("canvas must be at least 1x1");
        if (rw < 1 || rh < 1 || rw > cw || rh > ch) throw new IllegalArgumentException("region " + rw + "x" + rh + " is not inside the canvas " + cw + "x" + ch);
        if (tile < 1) throw new IllegalArgumentException("tile size must be positive, got " + tile);
        if (halo < 0) throw new IllegalArgumentException("halo must be >= 0, got " + halo);
        this.canvasWidth = cw;
        this.canvasHeight = ch;
        this.regionWidth = rw;
        this.regionHeight = rh;
        this.tile = tile;
        this.halo = halo;
        this.untiled = untiled;
        long tx = Math.ceilDiv(rw, tile), ty = Math.ceilDiv(rh, tile);
        if (tx * ty > Integer.MAX_VALUE) throw new IllegalArgumentException("too many tiles: " + tx + "x" + ty);
        this.tilesX = (int) tx;
        this.tilesY = (int) ty;
    }

    /** Tiles of {@code tile} cells covering a region (top-left crop) of the canvas, each with a halo. */
    public static CellGrid tiled(long canvasWidth, long canvasHeight, long regionWidth, long regionHeight, int tile, int halo) {
        return new CellGrid(canvasWidth, canvasHeight, regionWidth, regionHeight, tile, halo, false);
    }

    /** The whole canvas as one torus tile. */
    public static CellGrid untiled(long canvasWidth, long canvasHeight) {
        if (canvasWidth > Integer.MAX_VALUE || canvasHeight > Integer.MAX_VALUE) throw new IllegalArgumentException("canvas too large to hold untiled");
        return new CellGrid(canvasWidth, canvasHeight, canvasWidth, canvasHeight, (int) Math.max(canvasWidth, canvasHeight), 0, true);
    }

    public boolean isUntiled() { return untiled; }
    public long canvasWidth() { return canvasWidth; }
    public long canvasHeight() { return canvasHeight; }
    public long regionWidth() { return regionWidth; }
    public long regionHeight() { return regionHeight; }
    public int tileSize() { return tile; }
    public int halo() { return halo; }
    public int tilesX() { return tilesX; }
    public int tilesY() { return tilesY; }
    public int count() { return tilesX * tilesY; }

    /** The cells tile {@code i} is responsible for (inside the region). */
    public Rect core(int i) {
        if (i < 0 || i >= count()) throw new IndexOutOfBoundsException("tile " + i + " of " + count());
        if (untiled) return new Rect(0, 0, (int) canvasWidth, (int) canvasHeight);
        long x = (long) (i % tilesX) * tile, y = (long) (i / tilesX) * tile;
        return new Rect(x, y, (int) Math.min(tile, regionWidth - x), (int) Math.min(tile, regionHeight - y));
    }

    /** The core grown by the halo: what a pass loads and advances. */
    public Rect withHalo(int i) {
        return core(i).grow(halo);
    }

    /** Tile row of tile i. */
    public int row(int i) {
        return i / tilesX;
    }

    /** True when tile i is the last of its tile row (its row band of the region is then complete). */
    public boolean endsRow(int i) {
        return i % tilesX == tilesX - 1;
    }

    /** Region rows [first, end) covered by tile row r. */
    public long rowStart(int r) {
        return untiled ? 0 : (long) r * tile;
    }

    public long rowEnd(int r) {
        return untiled ? canvasHeight : Math.min((long) (r + 1) * tile, regionHeight);
    }

    /** The largest halo rectangle (for buffer sizing): a full tile plus halo, or the canvas when untiled. */
    public long maxTileCells() {
        if (untiled) return canvasWidth * canvasHeight;
        long w = Math.min(tile, regionWidth) + 2L * halo, h = Math.min(tile, regionHeight) + 2L * halo;
        return w * h;
    }

    /**
     * Cell updates the backend performs for this grid over {@code steps} steps, counting the shrinking halo
     * (step i of a halo tile computes the tile less i+1 cells on each side): what the time estimate needs.
     */
    public long computedCellUpdates(int steps) {
        if (untiled) return canvasWidth * canvasHeight * steps;
        long total = 0;
        // Only four distinct core sizes exist: full, last column, last row, corner.
        long lastW = regionWidth - (long) (tilesX - 1) * tile, lastH = regionHeight - (long) (tilesY - 1) * tile;
        long[][] kinds = {{tile, tile, (long) (tilesX - 1) * (tilesY - 1)}, {lastW, tile, tilesY - 1L},
                {tile, lastH, tilesX - 1L}, {lastW, lastH, 1}};
        for (long[] k : kinds) {
            if (k[2] == 0) continue;
            long per = 0;
            for (int s = 0; s < steps; s++) {
                long m = steps - s - 1; // cells each side still needed after this step
                per += (k[0] + 2 * m) * (k[1] + 2 * m);
            }
            total += per * k[2];
        }
        return total;
    }

    /**
     * The coarse cells an upsample by {@code factor} reads to fill {@code fine}: the source cells of every
     * fine cell plus one on each side (bilinear reads a neighbour pair; nearest needs no more than that).
     */
    public static Rect coarseCover(Rect fine, int factor) {
        long x0 = Math.floorDiv(fine.x(), factor) - 1, y0 = Math.floorDiv(fine.y(), factor) - 1;
        long x1 = Math.floorDiv(fine.endX() - 1, factor) + 2, y1 = Math.floorDiv(fine.endY() - 1, factor) + 2;
        return new Rect(x0, y0, Math.toIntExact(x1 - x0), Math.toIntExact(y1 - y0));
    }

    @Override
    public String toString() {
        return untiled ? "untiled " + canvasWidth + "x" + canvasHeight
                : tilesX + "x" + tilesY + " tiles of " + tile + " (halo " + halo + ") over " + regionWidth + "x" + regionHeight + " of " + canvasWidth + "x" + canvasHeight;
    }
}
