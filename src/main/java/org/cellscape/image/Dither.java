package org.cellscape.image;

/**
 * 16-bit to 8-bit reduction for quick-look output. Plain truncation (v >> 8) bands smooth gradients and is biased
 * low; instead each sample gets a threshold drawn from a hash of its position and channel, so
 * {@code out = floor((v + t) / 257)} with t uniform in 0..256. The result is v/257 rounded down or up, and is
 * unbiased: for v = 257k + r exactly r of the 257 thresholds round up.
 *
 * <p>The threshold depends only on (x, y, channel), never on banding, tiling or thread scheduling, so a file is
 * the same however the renderer delivers its rows. Both writers use this class.
 */
public final class Dither {
    private Dither() {}

    /** The 8-bit value for 16-bit sample {@code v} (0..65535) at pixel (x, y), channel c (0..2). */
    public static int to8(int v, long x, long y, int c) {
        return (v + threshold(x, y, c)) / 257;
    }

    /**
     * Dithers {@code pixels} RGB pixels of row {@code y} starting at column {@code x0}: reads {@code pixels * 3}
     * unsigned shorts from {@code src[srcOff..]} and writes as many bytes to {@code dst[dstOff..]}.
     */
    public static void row(short[] src, int srcOff, byte[] dst, int dstOff, int pixels, long x0, long y) {
        // threshold(x, y, c) with the row's and the channels' terms of the hash computed once (the same sums mod 2^64)
        long hy = y * KY;
        for (int i = 0, s = srcOff, d = dstOff; i < pixels; i++) {
            long hxy = (x0 + i) * KX + hy;
            for (int c = 0; c < 3; c++, s++, d++) dst[d] = (byte) (((src[s] & 0xFFFF) + mix(hxy + c * KC)) / 257);
        }
    }

    private static final long KX = 0x9E3779B97F4A7C15L, KY = 0xC2B2AE3D27D4EB4FL, KC = 0x165667B19E3779F9L;

    /** A threshold in 0..256, uniform and uncorrelated between neighbours (a 64-bit finaliser mix). */
    static int threshold(long x, long y, int c) {
        return mix(x * KX + y * KY + c * KC);
    }

    private static int mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        // top 32 bits scaled to 0..256 without modulo bias worth mentioning
        return (int) (((h >>> 32) * 257) >>> 32);
    }
}
