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

    @Test
    void scalingAveragesAreasAndInterpolatesUpwards() {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(4, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);
        int[] v = {0, 40, 80, 120, 160, 200, 240, 20};
        for (int i = 0; i < 8; i++) img.setRGB(i % 4, i / 4, v[i] << 16 | v[i] << 8 | v[i]);
        Exemplar e = Exemplar.of("t", img), half = e.scaled(0.5);
        assertEquals(2, half.width());
        assertEquals(1, half.height());
        assertEquals((0 + 40 + 160 + 200) / 4.0 / 255, half.rgb()[0], 1e-12);
        assertEquals((80 + 120 + 240 + 20) / 4.0 / 255, half.rgb()[1], 1e-12);
        Exemplar third = e.scaled(0.75); // 3x2: fractional coverage, weights sum to one
        assertEquals((0 + 40 / 3.0) / (4 / 3.0) / 255, third.rgb()[0], 1e-12);
        Exemplar twice = e.scaled(2);
        assertEquals(8, twice.width());
        assertEquals(0.75 * 0 + 0.25 * 40 / 255.0, twice.rgb()[1], 1e-12); // x = 1: centre 0.25 in old pixels
        assertSame(e, e.scaled(1));
        assertTrue(half.notes().getLast().contains("scaled by 0.5 from 4x2 to 2x1"), half.notes().toString());
    }

    @Test
    void autoScaleFitsTheShorterSideToOneAndAHalfGrids() {
        assertEquals(96 / 156.0, Exemplar.fitScale(156, 64, 80), 1e-12);
        assertEquals(1, Exemplar.fitScale(96, 64, 80));
        assertEquals(1, Exemplar.fitScale(82, 64, 80), "never enlarges");
        assertEquals(100 / 200.0, Exemplar.fitScale(200, 64, 100), 1e-12, "never below the loss's smallest exemplar");
    }

    @Test
    void aConfigWithoutTheNewSettingsReadsBackAsTheDefaults() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        TrainConfig cfg = new TrainConfig("x", 10, 16, 4, 8, 16, 16, 2e-3, 2e-4, 3, 6, 16, 0.5f, 2, 2, 3, 16, 1.0, 10);
        String text = json.writeValueAsString(cfg);
        assertFalse(text.contains("scale") || text.contains("seedNoise") || text.contains("replaceWorst"), text);
        assertEquals(cfg, json.readValue(text, TrainConfig.class));
        TrainConfig levers = cfg.withLevers(0.5, 0.1f, true);
        assertEquals(levers, json.readValue(json.writeValueAsString(levers), TrainConfig.class));
        assertFalse(levers.sameRun(cfg));
    }
}
