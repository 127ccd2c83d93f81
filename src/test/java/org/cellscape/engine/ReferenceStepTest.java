package org.cellscape.engine;

import static org.junit.jupiter.api.Assertions.*;

import org.cellscape.backend.ReferenceBackend;
import org.cellscape.model.Family;
import org.cellscape.model.NcaModel;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.Test;

class ReferenceStepTest {
    /**
     * 3 channels, 2 hidden units: h0 = relu(identity(ch0) + 0.5), h1 = relu(sobel_x(ch0)); ch0 += h0, ch1 += h1.
     * On a 3x3 torus with ch0 = x: sobel_x at x=0 sees left neighbour x=2 (wrap): (1 - 2) * 4 = -4 -> relu 0;
     * at x=1: (2 - 0) * 4 = 8; at x=2: right neighbour wraps to 0: (0 - 1) * 4 = -4 -> 0.
     */
    private static NcaModel handModel(Family f) {
        int in = 12;
        float[] w1 = new float[2 * in];
        w1[0] = 1f;          // h0 <- channel 0, kernel 0 (identity)
        w1[in + 1] = 1f;     // h1 <- channel 0, kernel 1 (sobel_x)
        float[] w2 = new float[3 * 2];
        w2[0] = 1f;          // ch0 <- h0
        w2[2 + 1] = 1f;      // ch1 <- h1
        return NcaModel.builder(f, 3, 2).weights(w1, new float[]{0.5f, 0f}, w2, new float[3]).fireRate(1f).build();
    }

    private static Tile ramp() {
        Tile t = Tile.canvas(3, 3, 3);
        for (int y = 0; y < 3; y++) for (int x = 0; x < 3; x++) t.data()[(y * 3 + x) * 3] = x;
        return t;
    }

    @Test
    void handCheckedStepUnclipped() {
        Tile t = ramp();
        new ReferenceBackend().advance(t, handModel(Family.PYTORCH), new StepContext(1, 1f), 0, 0, 1);
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 3; x++) {
                assertEquals(2 * x + 0.5f, t.get(x, y, 0), "ch0 at " + x + "," + y);
                assertEquals(x == 1 ? 8f : 0f, t.get(x, y, 1), "ch1 at " + x + "," + y);
                assertEquals(0f, t.get(x, y, 2));
            }
    }

    @Test
    void handCheckedStepClippedGoogleStyle() {
        // Google kernels are /8: sobel_x at x=1 gives 2*4/8 = 1 (no clip); identity 2 + 0.5 clips hidden at 2,
        // state 2 + 2 clips at 2.
        Tile t = ramp();
        new ReferenceBackend().advance(t, handModel(Family.GOOGLE), new StepContext(1, 1f), 0, 0, 1);
        assertEquals(0.5f, t.get(0, 0, 0));
        assertEquals(2f, t.get(1, 0, 0)); // 1 + 1.5 = 2.5 -> state clip 2
        assertEquals(2f, t.get(2, 1, 0)); // 2 + min(2.5, 2) = 4 -> state clip 2
        assertEquals(1f, t.get(1, 2, 1));
        assertEquals(0f, t.get(0, 2, 1));
    }

    /**
     * One control input (E = 1) wired to h0 with weight 3: a cell whose control is 1 gets 3 more on h0, hence on
     * ch0; a cell whose control is 0 computes exactly what the same model without controls computes.
     */
    @Test
    void controlInputFeedsTheHiddenLayerAsGivenAndZeroControlIsBitIdentical() {
        int in = 13;
        float[] w1 = new float[2 * in];
        w1[0] = 1f; w1[in + 1] = 1f; w1[12] = 3f;
        float[] w2 = new float[3 * 2];
        w2[0] = 1f; w2[2 + 1] = 1f;
        NcaModel m = NcaModel.builder(Family.PYTORCH, 3, 2).extraInputs(1)
                .weights(w1, new float[]{0.5f, 0f}, w2, new float[3]).fireRate(1f).build();
        Tile t = ramp();
        float[] ctl = new float[9];
        for (int y = 0; y < 3; y++) ctl[y * 3 + 1] = 1f;  // column x = 1 has control 1
        float[] dst = new float[t.data().length], plain = new float[t.data().length];
        StepContext ctx = new StepContext(1, 1f);
        ReferenceStep.step(m, ctx, 0, 0, t, t.data(), dst, ctl, 0, 0, 3, 3);
        ReferenceStep.step(m, ctx, 0, 0, t, t.data(), plain, null, 0, 0, 3, 3);
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 3; x++) {
                assertEquals(2 * x + 0.5f + (x == 1 ? 3f : 0f), dst[(y * 3 + x) * 3], "ch0 at " + x + "," + y);
                if (x != 1) for (int c = 0; c < 3; c++)
                    assertEquals(Float.floatToRawIntBits(plain[(y * 3 + x) * 3 + c]), Float.floatToRawIntBits(dst[(y * 3 + x) * 3 + c]));
            }
        assertThrows(IllegalArgumentException.class, () -> ReferenceStep.step(m, ctx, 0, 0, t, t.data(), dst, new float[8], 0, 0, 3, 3));
    }

    @Test
    void fireRateZeroChangesNothingAndRateOneChangesEveryCell() {
        NcaModel m = TestModels.random(Family.GOOGLE, 7);
        Tile t = new Tile(16, 16, 12, 0, 0, 16, 16, TestModels.noise(16, 16, 12, 0.5, 1));
        float[] before = t.data().clone();
        new ReferenceBackend().advance(t, m, new StepContext(3, 0f), 0, 0, 3);
        assertArrayEquals(before, t.data());
        new ReferenceBackend().advance(t, m, new StepContext(3, 1f), 0, 0, 1);
        for (int i = 0; i < 16 * 16; i++) {
            boolean changed = false;
            for (int c = 0; c < 12; c++) changed |= before[i * 12 + c] != t.data()[i * 12 + c];
            assertTrue(changed, "cell " + i + " did not update at fire rate 1");
        }
    }

    @Test
    void exactlyTheCellsTheRngPicksFire() {
        NcaModel m = TestModels.random(Family.GOOGLE, 8);
        int w = 32, h = 24;
        Tile t = new Tile(w, h, 12, 0, 0, w, h, TestModels.noise(w, h, 12, 0.5, 2));
        float[] before = t.data().clone();
        StepContext ctx = new StepContext(99, 0.5f);
        new ReferenceBackend().advance(t, m, ctx, 2, 5, 1);
        int fired = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                boolean fires = Rng.u24(Rng.rowKey(ctx.stepKey(2, 5), y), x) < ctx.threshold();
                boolean changed = false;
                for (int c = 0; c < 12; c++) changed |= before[(y * w + x) * 12 + c] != t.get(x, y, c);
                assertEquals(fires, changed, "cell " + x + "," + y);
                if (fires) fired++;
            }
        assertTrue(fired > w * h / 3 && fired < w * h * 2 / 3, "about half fire: " + fired);
    }

    @Test
    void haloTileMatchesTorusInItsValidInterior() {
        NcaModel m = TestModels.random(Family.GOOGLE, 9);
        int W = 20, H = 18, k = 3;
        Tile whole = new Tile(W, H, 12, 0, 0, W, H, TestModels.noise(W, H, 12, 0.5, 3));
        // a 10x9 tile at (7, 12) with a halo of k, wrapping around the canvas edge
        int tw = 10 + 2 * k, th = 9 + 2 * k;
        long ox = 7 - k, oy = 12 - k;
        float[] d = new float[tw * th * 12];
        for (int y = 0; y < th; y++)
            for (int x = 0; x < tw; x++)
                System.arraycopy(whole.data(), (int) ((Math.floorMod(oy + y, H) * W + Math.floorMod(ox + x, W)) * 12), d, (y * tw + x) * 12, 12);
        Tile tile = new Tile(tw, th, 12, ox, oy, W, H, d);
        StepContext ctx = new StepContext(5, 0.5f);
        new ReferenceBackend().advance(whole, m, ctx, 1, 0, k);
        new ReferenceBackend().advance(tile, m, ctx, 1, 0, k);
        for (int y = k; y < th - k; y++)
            for (int x = k; x < tw - k; x++)
                for (int c = 0; c < 12; c++)
                    assertEquals(whole.get((int) Math.floorMod(ox + x, W), (int) Math.floorMod(oy + y, H), c), tile.get(x, y, c));
    }
}
