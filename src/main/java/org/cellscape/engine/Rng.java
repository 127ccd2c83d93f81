package org.cellscape.engine;

/**
 * The only randomness in rendering: a counter-based hash of (seed, stream, level, step, global x, global y).
 * No sequential generator is used anywhere, so tiles, threads and devices draw identical numbers.
 * The exact definition is in docs/rng.md, with test vectors; keep the two in step.
 *
 * <pre>
 *   M(z)     = SplitMix64 finaliser: z ^= z>>>30; z *= 0xBF58476D1CE4E5B9; z ^= z>>>27; z *= 0x94D049BB133111EB; z ^= z>>>31
 *   G        = 0x9E3779B97F4A7C15
 *   stepKey  = M(M(M(seed ^ stream ^ G) + (level+1)*G) + (step+1)*G)   (64-bit wrapping arithmetic)
 *   rowKey   = M(stepKey + (y+1)*G)
 *   cellBits = M(rowKey + (x+1)*G)
 *   u24      = cellBits >>> 40                                    (24 uniform bits)
 *   fires    = u24 < ceil(fireRate * 2^24)                        (i.e. u24 * 2^-24 < fireRate, exactly)
 * </pre>
 */
public final class Rng {
    public static final long G = 0x9E3779B97F4A7C15L;
    /** Stream for the per-cell fire test. */
    public static final long FIRE = 0L;
    /** Stream for seeded-noise initial states (level = channel, step = 0). */
    public static final long NOISE = 0x6E6F697365L; // "noise"

    private Rng() {}

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static long stepKey(long seed, long stream, int level, int step) {
        return mix(mix(mix(seed ^ stream ^ G) + (level + 1L) * G) + (step + 1L) * G);
    }

    public static long rowKey(long stepKey, long y) {
        return mix(stepKey + (y + 1) * G);
    }

    public static long cellBits(long rowKey, long x) {
        return mix(rowKey + (x + 1) * G);
    }

    /** 24 uniform bits for a cell. */
    public static int u24(long rowKey, long x) {
        return (int) (cellBits(rowKey, x) >>> 40);
    }

    /** The integer threshold: a cell fires iff u24 &lt; threshold(fireRate). 0 never fires, 1 always. */
    public static int threshold(float fireRate) {
        return (int) Math.ceil(fireRate * 16777216.0);
    }

    /** Uniform in [-1, 1) for seeded-noise initial states. */
    public static float noise(long seed, int channel, long x, long y) {
        int u = u24(rowKey(stepKey(seed, NOISE, channel, 0), y), x);
        return u * 0x1p-23f - 1f;
    }
}
