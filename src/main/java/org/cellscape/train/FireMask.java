package org.cellscape.train;

import org.cellscape.engine.Rng;

/**
 * Which cells fire at each step of one training rollout: the engine's own counter-based test
 * ({@link Rng#u24} below a threshold), keyed per step. The renderer's masks are one instance
 * (keys = {@code StepContext.stepKey(level, step)}), which is what the equivalence tests use; training draws
 * its keys from its own seed.
 */
public record FireMask(long[] stepKeys, int threshold) {
    /** The keys the renderer would use for steps 0..steps-1 of a level, so rollouts can be compared with it. */
    public static FireMask renderer(org.cellscape.engine.StepContext ctx, int level, int steps) {
        long[] k = new long[steps];
        for (int s = 0; s < steps; s++) k[s] = ctx.stepKey(level, s);
        return new FireMask(k, ctx.threshold());
    }

    /** Training masks: one stream per (seed, rollout id), never repeating across rollouts. */
    public static FireMask training(long seed, long rollout, int steps, float fireRate) {
        long base = Rng.mix(Rng.mix(seed ^ 0x747261696EL) + rollout * Rng.G);
        long[] k = new long[steps];
        for (int s = 0; s < steps; s++) k[s] = Rng.mix(base + (s + 1) * Rng.G);
        return new FireMask(k, Rng.threshold(fireRate));
    }

    public int steps() {
        return stepKeys.length;
    }

    public long rowKey(int step, int y) {
        return Rng.rowKey(stepKeys[step], y);
    }

    public boolean fires(long rowKey, int x) {
        return Rng.u24(rowKey, x) < threshold;
    }
}
