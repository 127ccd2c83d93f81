package org.cellscape.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What to tell the user when a finished training run did not learn its texture, and what to change. */
public final class Advice {
    /** Below this score the model is no better than its untrained start (0 = untrained, 1 = the exemplar itself). */
    static final double UNTRAINED = 0;
    /** Iterations under which "train longer" is the first thing to try when a run diverged. */
    static final int FEW_ITERATIONS = 400;
    /** What "train longer" suggests at least when the structures were not learned: the default, doubled. */
    static final int LONG_ITERATIONS = 2 * TrainConfig.DEFAULT_ITERATIONS;

    private Advice() {}

    /**
     * The structure measure's alarm: the render is this many times as far from the exemplar as a crop of the exemplar
     * (the measure's own noise) is. Blob fields that satisfy the patch loss sit at 2-6 times; learned stones near 1.5.
     */
    static final double STRUCTURE_ALARM = 2;

    /** Warnings (one line each, without a prefix) for a run's quality report; empty when the model learned. */
    public static List<String> after(Quality.Report q, TrainConfig cfg) {
        return after(q, cfg, 0);
    }

    /**
     * As {@link #after(Quality.Report, TrainConfig)}, knowing the exemplar's shorter side as trained ({@code 0}:
     * unknown), so a picture much larger than the training grid is told about --scale.
     */
    public static List<String> after(Quality.Report q, TrainConfig cfg, int exemplarSide) {
        List<String> w = new ArrayList<>();
        double sm = q.structureModel().total(), sc = q.structureCrop().total();
        if (q.score() >= UNTRAINED && sc > 0 && sm > STRUCTURE_ALARM * sc) {
            // What the photo benchmark (docs/training.md) found: longer training from noise seeds grows the larger
            // structures; shrinking the exemplar makes them fit the grid but blurs them at the photo's scale.
            List<String> tries = new ArrayList<>();
            tries.add("training longer (--iterations " + Math.max(2 * cfg.iterations(), LONG_ITERATIONS) + ")");
            if (cfg.seedNoise() == 0) tries.add("growing the samples from noise as renders do (--seed-noise 0.1)");
            if (exemplarSide > 2 * cfg.size())
                tries.add("then --scale auto (the exemplar is " + exemplarSide + " px across, the training grid " + cfg.size()
                        + " cells: structures that large do not fit it; they then come out smaller than in the photo)");
            w.add(String.format(Locale.ROOT, "the patch loss is met (score %.2f) but the structure measure puts the render at %.3f, "
                    + "%.1f times as far from the exemplar as a crop of it (%.3f): its large structures were probably not learned. Try %s.",
                    q.score(), sm, sm / sc, sc, String.join("; ", tries)));
        }
        if (!(q.score() < UNTRAINED)) return w;
        List<String> tries = new ArrayList<>();
        if (cfg.iterations() < FEW_ITERATIONS)
            tries.add("training longer (--iterations " + Math.max(FEW_ITERATIONS * 2, cfg.iterations() * 4) + "; this run had " + cfg.iterations() + ")");
        tries.add(String.format(Locale.ROOT, "a lower learning rate (--lr %s)", shortNumber(cfg.lr() / 2)));
        if (cfg.stepsMax() < 64) tries.add("more steps per iteration (--steps 32..64: the rule learns to hold the texture longer)");
        tries.add("another --seed");
        w.add(String.format(Locale.ROOT, "the trained model scores %.2f, worse than an untrained one (0; 1 = as good as the exemplar): "
                + "its renders will not look like the exemplar. Try %s.", q.score(), String.join("; ", tries)));
        return w;
    }

    private static String shortNumber(double d) {
        return String.format(Locale.ROOT, "%.2g", d).replaceFirst("\\.?0+(e|$)", "$1");
    }
}
