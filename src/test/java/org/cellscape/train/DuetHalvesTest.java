package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.junit.jupiter.api.Test;

/**
 * The shipped two-rule model does what its controls say: on a 128x128 grid with rule 0 (coral) on the left half and
 * rule 1 (lichen) on the right, grown from zeros, each half's mean colour is nearer its own exemplar's mean than the
 * other's. The forward is the trainer's, bit for bit the reference step with these controls (FastNcaTest).
 */
class DuetHalvesTest {
    static final Path MODELS = Path.of("presets/models");
    static final int SIZE = 128, STEPS = 400;

    @Test
    void eachHalfLooksLikeItsOwnRule() {
        NcaModel m = ModelIO.read(MODELS.resolve("duet.safetensors"));
        assertEquals("coral,lichen", m.metadata().get("rules"));
        assertEquals(2, m.extraInputs());
        double[][] d = distances(m, RunTracker.bands(SIZE, 2));
        assertTrue(d[0][0] < d[0][1], "left half (coral) is nearer lichen's mean colour: " + java.util.Arrays.toString(d[0]));
        assertTrue(d[1][1] < d[1][0], "right half (lichen) is nearer coral's mean colour: " + java.util.Arrays.toString(d[1]));
    }

    /** The check can fail: with the map mirrored (lichen left, coral right) both halves are nearer the other exemplar. */
    @Test
    void aMirroredMapFailsTheCheck() {
        NcaModel m = ModelIO.read(MODELS.resolve("duet.safetensors"));
        float[] ctl = RunTracker.bands(SIZE, 2);
        for (int i = 0; i < ctl.length; i += 2) {
            float t = ctl[i]; ctl[i] = ctl[i + 1]; ctl[i + 1] = t;
        }
        double[][] d = distances(m, ctl);
        assertTrue(d[0][0] > d[0][1] && d[1][1] > d[1][0], java.util.Arrays.deepToString(d));
    }

    /** d[half][rule]: distance of the half's mean colour from rule's exemplar mean colour. */
    static double[][] distances(NcaModel m, float[] ctl) {
        double[] img = Quality.colours(Quality.render(m, SIZE, STEPS, 3, ctl), SIZE, m, true);
        double[][] want = {Exemplar.read(MODELS.resolve("exemplars/coral.png")).meanColour(), Exemplar.read(MODELS.resolve("exemplars/lichen.png")).meanColour()};
        double[][] d = new double[2][2];
        int n = SIZE * SIZE, half = SIZE / 2;
        for (int h = 0; h < 2; h++) {
            double[] mean = new double[3];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < SIZE; y++)
                    for (int x = h * half; x < (h + 1) * half; x++) mean[c] += img[c * n + y * SIZE + x];
                mean[c] /= half * SIZE;
            }
            for (int r = 0; r < 2; r++) {
                double s = 0;
                for (int c = 0; c < 3; c++) s += (mean[c] - want[r][c]) * (mean[c] - want[r][c]);
                d[h][r] = Math.sqrt(s);
            }
        }
        return d;
    }
}
