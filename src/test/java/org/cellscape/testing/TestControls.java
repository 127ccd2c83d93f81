package org.cellscape.testing;

import java.util.SplittableRandom;
import org.cellscape.model.Family;
import org.cellscape.model.NcaModel;
import org.cellscape.model.RandomWeights;

/** Control inputs for the tests: multi-rule random models and per-cell blends that are not trivial. */
public final class TestControls {
    private TestControls() {}

    /** Random weights with R extra inputs named r0, r1, ... */
    public static NcaModel multiRule(Family family, int channels, int hidden, int rules, long seed) {
        StringBuilder names = new StringBuilder();
        for (int r = 0; r < rules; r++) names.append(r == 0 ? "" : ",").append("r").append(r);
        return RandomWeights.create(family, channels, hidden, rules, seed).toBuilder().metadata(NcaModel.RULES, names.toString()).build();
    }

    /**
     * R weights a cell for {@code cells} cells: a mix of one-hot cells, blends summing to 1, exact zeros, a -0 and
     * a weight above 1 (the step takes controls as given, unclipped).
     */
    public static float[] blend(int cells, int rules, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] c = new float[cells * rules];
        for (int i = 0; i < cells; i++) {
            int kind = r.nextInt(4);
            double sum = 0;
            for (int k = 0; k < rules; k++) {
                double v = kind == 0 ? (k == r.nextInt(rules) ? 1 : 0) : kind == 1 ? 0 : r.nextDouble();
                c[i * rules + k] = (float) v;
                sum += v;
            }
            if (kind >= 2 && sum > 0) for (int k = 0; k < rules; k++) c[i * rules + k] = (float) (c[i * rules + k] / sum);
        }
        if (c.length > 2) {
            c[r.nextInt(c.length)] = -0f;
            c[r.nextInt(c.length)] = 1.5f;
        }
        return c;
    }
}
