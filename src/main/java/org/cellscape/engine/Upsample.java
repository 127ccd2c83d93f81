package org.cellscape.engine;

import java.util.Locale;

/**
 * Upsampling between levels by an integer factor f, on the torus. Defined on global coordinates, so a tile of the
 * output computes the same values as the whole canvas would.
 *
 * <p>Output cell X takes source i = floorDiv(X, f), r = floorMod(X, f).
 * <ul>
 *   <li>nearest: source cell i.
 *   <li>bilinear (cell centres aligned): the offset o = (2r + 1 - f) / (2f) lies in (-1/2, 1/2); if o &lt; 0 the
 *       pair is (i-1, i) with t = 1 + o, else (i, i+1) with t = o; t is computed in double and rounded to float.
 *       Value = lerp(lerp(a, b, tx), lerp(c, d, tx), ty) with lerp(a, b, t) = a + t * (b - a) in float32,
 *       no fused operations; source indices wrap (torus).
 * </ul>
 */
public final class Upsample {
    public enum Mode {
        NEAREST, BILINEAR;

        public String id() { return name().toLowerCase(Locale.ROOT); }

        public static Mode parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "nearest", "n" -> NEAREST;
                case "bilinear", "b", "linear" -> BILINEAR;
                default -> throw org.cellscape.CellscapeException.invalid("unknown upsample mode '" + org.cellscape.TerminalText.escape(s) + "' (nearest or bilinear)");
            };
        }
    }

    private Upsample() {}

    /** Left source offset of residue r: -1 or 0. */
    public static int leftOffset(int r, int f) {
        return 2 * r + 1 - f < 0 ? -1 : 0;
    }

    /** Interpolation weight of the right source for residue r. */
    public static float weight(int r, int f) {
        double o = (2.0 * r + 1 - f) / (2.0 * f);
        return (float) (o < 0 ? 1 + o : o);
    }

    public static float lerp(float a, float b, float t) {
        return a + t * (b - a);
    }

    /**
     * Fills {@code dst} (a tile of the upsampled canvas) from {@code src} (a tile of the coarse canvas). The source
     * tile must cover every source cell the destination needs (one extra on each side for bilinear), unless it is a
     * torus tile, in which case indices wrap.
     */
    public static void apply(Tile src, Tile dst, int f, Mode mode) {
        if (dst.channels() != src.channels()) throw new IllegalArgumentException("channel counts differ");
        if (dst.canvasWidth() != src.canvasWidth() * f || dst.canvasHeight() != src.canvasHeight() * f)
            throw new IllegalArgumentException("destination canvas is not the source canvas times " + f);
        final int C = src.channels(), sw = src.width(), sh = src.height(), dw = dst.width();
        final float[] s = src.data(), d = dst.data();
        final boolean wrap = src.isTorus();
        // Every row needs the same columns: their source offsets and weights once, not per row (each took two
        // 64-bit divisions and two index checks per output cell).
        final int[] left = new int[dw], right = new int[dw];
        final float[] wx = new float[dw];
        for (int x = 0; x < dw; x++) {
            long gx = dst.originX() + x;
            if (mode == Mode.NEAREST) {
                left[x] = index(Math.floorDiv(gx, f) - src.originX(), sw, wrap) * C;
                continue;
            }
            int rx = (int) Math.floorMod(gx, f);
            long x0 = Math.floorDiv(gx, f) + leftOffset(rx, f);
            wx[x] = weight(rx, f);
            left[x] = index(x0 - src.originX(), sw, wrap) * C;
            right[x] = index(x0 + 1 - src.originX(), sw, wrap) * C;
        }
        final RowLerps rows = mode == Mode.NEAREST ? null : new RowLerps(s, C, sw, dw, left, right, wx);
        for (int y = 0; y < dst.height(); y++) {
            long gy = dst.originY() + y;
            long iy = Math.floorDiv(gy, f);
            int ry = (int) Math.floorMod(gy, f);
            if (mode == Mode.NEAREST) {
                int row = index(iy - src.originY(), sh, wrap) * sw * C;
                for (int x = 0; x < dw; x++) System.arraycopy(s, row + left[x], d, (y * dw + x) * C, C);
                continue;
            }
            long y0 = iy + leftOffset(ry, f);
            float ty = weight(ry, f);
            int r0 = index(y0 - src.originY(), sh, wrap), r1 = index(y0 + 1 - src.originY(), sh, wrap);
            float[] h0 = rows.get(r0, r1), h1 = rows.get(r1, r0);
            for (int i = 0, o = y * dw * C, n = dw * C; i < n; i++, o++) d[o] = lerp(h0[i], h1[i], ty);
        }
    }

    /**
     * The horizontal lerps of source rows along the output's columns, for the last two rows asked for: each source
     * row serves up to 2f output rows (as the upper or the lower row of two pairs), and its lerps are the same for
     * every one of them.
     */
    private static final class RowLerps {
        final float[] s;
        final int C, sw, dw;
        final int[] left, right;
        final float[] wx;
        final float[][] buf = new float[2][];
        final int[] row = {-1, -1};

        RowLerps(float[] s, int C, int sw, int dw, int[] left, int[] right, float[] wx) {
            this.s = s;
            this.C = C;
            this.sw = sw;
            this.dw = dw;
            this.left = left;
            this.right = right;
            this.wx = wx;
        }

        /** Source row r's lerps, kept or computed into the buffer that does not hold row {@code keep}. */
        float[] get(int r, int keep) {
            for (int k = 0; k < 2; k++) if (row[k] == r) return buf[k];
            int k = row[0] == keep ? 1 : 0;
            if (buf[k] == null) buf[k] = new float[dw * C];
            float[] h = buf[k];
            int base = r * sw * C;
            for (int x = 0, o = 0; x < dw; x++) {
                float tx = wx[x];
                int a = base + left[x], b = base + right[x];
                for (int ch = 0; ch < C; ch++, o++) h[o] = lerp(s[a + ch], s[b + ch], tx);
            }
            row[k] = r;
            return h;
        }
    }

    private static int index(long i, int n, boolean wrap) {
        if (wrap) return (int) Math.floorMod(i, n);
        if (i < 0 || i >= n) throw new IllegalArgumentException("source tile does not cover source cell offset " + i + " (size " + n + ")");
        return (int) i;
    }
}
