package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.*;

import org.cellscape.train.exemplars.Exemplars;
import org.junit.jupiter.api.Test;

class TrainerTest {
    /**
     * A short run on a small grid must lower the patch term well below where it started (the loop learns at all).
     * The overflow term spikes now and then on such short rollouts, so the patch term is compared.
     */
    @Test
    void lossFallsOnATinyRun() {
        Exemplar ex = Exemplars.generate("spots", 48, 1);
        TrainConfig cfg = new TrainConfig("spots", 60, 16, 4, 8, 16, 16, 2e-3, 2e-4, 3, 12, 96, 0.5f, 2, 2, 3, 16, 1.0, 10);
        double first = 0, last = 0;
        try (Trainer tr = new Trainer(cfg, ex, 2)) {
            for (int i = 0; i < 60; i++) {
                double l = tr.step().patches();
                if (i == 0) first = l; // the untrained (all-grey) output
                if (i >= 50) last += l / 10;
            }
        }
        assertTrue(last < 0.6 * first, "loss went from " + first + " to " + last);
    }

    @Test
    void learningRateDecaysFromLrToLrFinal() {
        TrainConfig cfg = new TrainConfig("x", 101, 16, 4, 8, 16, 16, 2e-3, 2e-4, 3, 6, 16, 0.5f, 2, 2, 3, 16, 1.0, 10);
        assertEquals(2e-3, cfg.learningRate(0), 1e-12);
        assertEquals(1.1e-3, cfg.learningRate(50), 1e-12);
        assertEquals(2e-4, cfg.learningRate(100), 1e-12);
    }
}
