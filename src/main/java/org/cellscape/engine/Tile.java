package org.cellscape.engine;

/**
 * A rectangle of cells on the heap: width x height cells of C float32 channels, interleaved
 * (index = (y * width + x) * C + c, the same "HWC" layout as .npy state files).
 *
 * <p>A tile knows where it lies on the canvas: cell (0, 0) is global cell (originX, originY), taken modulo the
 * canvas size (the canvas is a torus), so the random numbers of a cell never depend on how it was tiled.
 * A {@link #isTorus() torus} tile IS the whole canvas and its neighbours wrap inside it. Any other tile carries
 * a halo: after k steps only the cells at least k away from its border are correct (see docs/tiling.md).
 */
public final class Tile {
    private final int width, height, channels;
    private final long originX, originY, canvasWidth, canvasHeight;
    private float[] data;
    /** Control inputs per cell ({@code (y * width + x) * R + r}), or null: all zero. */
    private float[] control;

    public Tile(int width, int height, int channels, long originX, long originY, long canvasWidth, long canvasHeight, float[] data) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("tile must be at least 1x1: " + width + "x" + height);
        if ((long) width * height * channels > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("tile " + width + "x" + height + "x" + channels + " is too large for one array; tile the canvas");
        if (data.length != width * height * channels) throw new IllegalArgumentException("data length " + data.length + " != " + width + "*" + height + "*" + channels);
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.originX = originX;
        this.originY = originY;
        this.canvasWidth = canvasWidth;
        this.canvasHeight = canvasHeight;
        this.data = data;
    }

    /** A whole canvas held in memory, zero-filled. */
    public static Tile canvas(int width, int height, int channels) {
        return new Tile(width, height, channels, 0, 0, width, height, new float[width * height * channels]);
    }

    public int width() { return width; }
    public int height() { return height; }
    public int channels() { return channels; }
    public long originX() { return originX; }
    public long originY() { return originY; }
    public long canvasWidth() { return canvasWidth; }
    public long canvasHeight() { return canvasHeight; }
    public float[] data() { return data; }

    /** Replaces the cell array (backends ping-pong between two buffers). */
    public void setData(float[] d) {
        if (d.length != data.length) throw new IllegalArgumentException("buffer size changed");
        this.data = d;
    }

    /** The cells' control inputs, laid out like the state with R floats a cell; null when there are none. */
    public float[] control() { return control; }

    /** Attaches control inputs: R floats per cell, R = {@code control.length / (width * height)}. */
    public void setControl(float[] c) {
        if (c != null && (c.length == 0 || c.length % (width * height) != 0))
            throw new IllegalArgumentException("control has " + c.length + " floats, not a whole number per cell of " + width + "x" + height);
        this.control = c;
    }

    /** True when this tile is the whole canvas: neighbours wrap inside the tile. */
    public boolean isTorus() {
        return originX == 0 && originY == 0 && width == canvasWidth && height == canvasHeight;
    }

    public float get(int x, int y, int c) {
        return data[(y * width + x) * channels + c];
    }

    /** Global column of tile column x, in [0, canvasWidth). */
    public long globalX(int x) {
        return Math.floorMod(originX + x, canvasWidth);
    }

    public long globalY(int y) {
        return Math.floorMod(originY + y, canvasHeight);
    }
}
