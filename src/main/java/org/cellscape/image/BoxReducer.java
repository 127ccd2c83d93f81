package org.cellscape.image;

/**
 * Halves an image level after level as its rows pass: level k is the 2^k x 2^k box mean of level 0 (boxes clipped
 * at the right and bottom edges, so level k is ceil(W / 2^k) x ceil(H / 2^k)), rounded once to 16 bits. Each level
 * keeps one row of running sums of level-0 samples (longs: exact for any image below 2^47 pixels), so rounding
 * never compounds from level to level and memory is one row per level, never the image.
 */
public final class BoxReducer {
    /** Receives finished rows of the reduced levels, top to bottom, each level in order. */
    public interface Rows {
        /** Row {@code y} of level {@code level} (1..levels): width(level) * 3 samples; valid during the call only. */
        void row(int level, short[] rgb, long y) throws java.io.IOException;
    }

    private final long width, height;
    private final int levels;
    private final Rows out;
    /** sums[k]: level k's row being gathered (k >= 1), as sums of level-0 samples. */
    private final long[][] sums;
    private final short[][] rowOut;
    private final long[] nextRow;

    public BoxReducer(long width, long height, int levels, Rows out) {
        if (levels < 0 || levels > 40) throw new IllegalArgumentException("levels must be 0..40, got " + levels);
        this.width = width;
        this.height = height;
        this.levels = levels;
        this.out = out;
        this.sums = new long[levels + 1][];
        this.rowOut = new short[levels + 1][];
        this.nextRow = new long[levels + 1];
        for (int k = 1; k <= levels; k++) {
            sums[k] = new long[Math.toIntExact(size(width, k) * 3)];
            rowOut[k] = new short[sums[k].length];
        }
    }

    /** Side of level k for a level-0 side: ceil(side / 2^k). */
    public static long size(long side, int k) {
        return k >= 63 ? 1 : (side + (1L << k) - 1) >> k;
    }

    /** Halvings until both sides are at most {@code limit} (a tile: the pyramid TIFF's rule; 1: the DZI's). */
    public static int levelsUntil(long width, long height, long limit) {
        int k = 0;
        while (Math.max(size(width, k), size(height, k)) > limit) k++;
        return k;
    }

    public long width(int level) {
        return size(width, level);
    }

    public long height(int level) {
        return size(height, level);
    }

    /** Level-0 row {@code y} (rows must come in order): {@code width * 3} samples from {@code rgb[off..]}. */
    public void push(short[] rgb, int off, long y) throws java.io.IOException {
        if (levels == 0) return;
        long[] s = sums[1];
        int pairs = (int) (width >> 1);
        for (int d = 0, i = off; d < pairs * 3; d += 3, i += 6) { // two pixels into one sum: half the stores
            s[d] += (rgb[i] & 0xFFFF) + (rgb[i + 3] & 0xFFFF);
            s[d + 1] += (rgb[i + 1] & 0xFFFF) + (rgb[i + 4] & 0xFFFF);
            s[d + 2] += (rgb[i + 2] & 0xFFFF) + (rgb[i + 5] & 0xFFFF);
        }
        if ((width & 1) == 1) {
            int d = pairs * 3, i = off + (int) (width - 1) * 3;
            for (int c = 0; c < 3; c++) s[d + c] += rgb[i + c] & 0xFFFF;
        }
        if ((y & 1) == 1 || y == height - 1) finishRow(1);
    }

    /** Level k's gathered row is complete: round it out, and add its sums into level k+1. */
    private void finishRow(int k) throws java.io.IOException {
        long y = nextRow[k]++;
        long[] s = sums[k];
        short[] o = rowOut[k];
        long span = 1L << k;
        long rowCount = Math.min((y + 1) * span, height) - y * span;
        long w = width(k), whole = width >> k; // boxes [0, whole) are span wide
        if (rowCount == span) {
            // full boxes: the mean of 4^k samples rounded half up is an exact shift
            int shift = 2 * k;
            long half = 1L << (shift - 1);
            for (int p = 0, end = (int) (whole * 3); p < end; p++) o[p] = (short) ((s[p] + half) >> shift);
        } else {
            roundOut(s, o, 0, whole, rowCount, span);
        }
        roundOut(s, o, whole, w, rowCount, span);
        out.row(k, o, y);
        if (k < levels) {
            long[] t = sums[k + 1];
            int pairs = (int) (w >> 1);
            for (int d = 0, i = 0; d < pairs * 3; d += 3, i += 6) {
                t[d] += s[i] + s[i + 3];
                t[d + 1] += s[i + 1] + s[i + 4];
                t[d + 2] += s[i + 2] + s[i + 5];
            }
            if ((w & 1) == 1) for (int c = 0; c < 3; c++) t[pairs * 3 + c] += s[(int) (w - 1) * 3 + c];
            java.util.Arrays.fill(s, 0);
            if ((y & 1) == 1 || y == height(k) - 1) finishRow(k + 1);
        } else {
            java.util.Arrays.fill(s, 0);
        }
    }

    /** Boxes x0..x1 of a row (any counts, edges clipped): sum / count rounded half up. */
    private void roundOut(long[] s, short[] o, long x0, long x1, long rowCount, long span) {
        for (long x = x0; x < x1; x++) {
            double count = rowCount * (Math.min((x + 1) * span, width) - x * span);
            int p = (int) (x * 3);
            for (int c = 0; c < 3; c++) o[p + c] = (short) (long) Math.floor(s[p + c] / count + 0.5);
        }
    }
}
