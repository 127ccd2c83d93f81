package org.cellscape.engine;

/**
 * What a step needs besides the model and the cells: the render seed and the fire rate in force
 * (the model's, or the user's override).
 */
public record StepContext(long seed, float fireRate) {
    public StepContext {
        if (!(fireRate >= 0 && fireRate <= 1)) throw new IllegalArgumentException("fire rate must be in [0, 1], got " + fireRate);
    }

    public int threshold() {
        return Rng.threshold(fireRate);
    }

    public long stepKey(int level, int step) {
        return Rng.stepKey(seed, Rng.FIRE, level, step);
    }
}
