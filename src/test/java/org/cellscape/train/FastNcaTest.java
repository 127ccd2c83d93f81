package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.*;

import org.cellscape.engine.ReferenceStep;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastNcaTest {
    /** The trained forward pass must be the renderer's step: identical bits, with the renderer's fire masks. */
    /** Every block shape of the hidden layer ("8x2", "4x3"), whichever this machine's registers pick. */
    static int[] shape(String s) {
        return new int[]{s.charAt(0) - '0', s.charAt(2) - '0'};
    }

    @ParameterizedTest(name = "blocking {0}")
    @ValueSource(strings = {"8x2", "4x3"})
    void forwardIsTheReferenceStepBitForBit(String blocking) {
        NcaModel m = GradCheck.randomModel(12, 96, 7, 3.0, 0.3);
        int w = 23, h = 9, steps = 6, C = 12; // rows of up to 23 firing cells: full and partial blocks
        StepContext ctx = new StepContext(42, 0.5f);
        float[] ref = GradCheck.randomState(w * h * C, 3, 1.5);
        float[][] states = new float[steps + 1][];
        for (int s = 0; s <= steps; s++) states[s] = new float[ref.length];
        System.arraycopy(ref, 0, states[0], 0, ref.length);
        FastNca f = new FastNca(m, NcaParams.of(m), shape(blocking));
        f.forward(states, w, h, FireMask.renderer(ctx, 0, steps), f.work());
        Tile t = Tile.canvas(w, h, C);
        float[] a = ref.clone(), b = new float[ref.length];
        int clipped = 0;
        for (int s = 0; s < steps; s++) {
            ReferenceStep.step(m, ctx, 0, s, t, a, b, 0, 0, w, h);
            float[] tmp = a; a = b; b = tmp;
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(states[s + 1][i]), "step " + s + " value " + i);
                if (Math.abs(a[i]) == 2f) clipped++;
            }
        }
        assertTrue(clipped > 0, "the test should exercise the state clip");
    }

    /** With control inputs (R = 3, a blend per cell; one-hot halves would leave most terms zero): still bit for bit. */
    @ParameterizedTest(name = "blocking {0}")
    @ValueSource(strings = {"8x2", "4x3"})
    void forwardWithControlsIsTheReferenceStepBitForBit(String blocking) {
        int w = 23, h = 9, steps = 6, C = 12, R = 3;
        NcaModel m = GradCheck.randomModel(C, 96, R, 8, 3.0, 0.3);
        StepContext ctx = new StepContext(43, 0.5f);
        float[] ref = GradCheck.randomState(w * h * C, 3, 1.5), ctl = GradCheck.randomState(w * h * R, 9, 1.0);
        float[][] states = new float[steps + 1][ref.length];
        System.arraycopy(ref, 0, states[0], 0, ref.length);
        FastNca f = new FastNca(m, NcaParams.of(m), shape(blocking));
        f.forward(states, w, h, ctl, FireMask.renderer(ctx, 0, steps), f.work());
        Tile t = Tile.canvas(w, h, C);
        float[] a = ref.clone(), b = new float[ref.length], noCtl = ref.clone(), tmp2 = new float[ref.length];
        boolean differs = false;
        for (int s = 0; s < steps; s++) {
            ReferenceStep.step(m, ctx, 0, s, t, a, b, ctl, 0, 0, w, h);
            float[] tmp = a; a = b; b = tmp;
            ReferenceStep.step(m, ctx, 0, s, t, noCtl, tmp2, 0, 0, w, h);
            tmp = noCtl; noCtl = tmp2; tmp2 = tmp;
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(states[s + 1][i]), "step " + s + " value " + i);
                differs |= a[i] != noCtl[i];
            }
        }
        assertTrue(differs, "the controls should change the result, or the test proves nothing about them");
    }

    /** The float32 vectorised backward pass agrees with the float64 twin (itself checked by finite differences). */
    @ParameterizedTest(name = "blocking {0}")
    @ValueSource(strings = {"8x2", "4x3"})
    void backwardMatchesDoubleTwin(String blocking) {
        backwardMatchesDoubleTwin(blocking, 0);
    }

    @ParameterizedTest(name = "blocking {0}")
    @ValueSource(strings = {"8x2", "4x3"})
    void backwardWithControlsMatchesDoubleTwin(String blocking) {
        backwardMatchesDoubleTwin(blocking, 2);
    }

    static void backwardMatchesDoubleTwin(String blocking, int R) {
        NcaModel m = GradCheck.randomModel(12, 96, R, 11, 1.0, 0.05);
        int w = 7, h = 6, steps = 3, C = 12;
        float[] ctl = R == 0 ? null : GradCheck.randomState(w * h * R, 6, 1.0);
        FireMask mask = FireMask.training(5, 1, steps, 0.5f);
        float[] s0 = GradCheck.randomState(w * h * C, 4, 1.0);
        float[] gFinal = GradCheck.randomState(w * h * C, 5, 1.0);
        NcaParams p = NcaParams.of(m);
        FastNca f = new FastNca(m, p, shape(blocking));
        float[][] st = new float[steps + 1][w * h * C];
        st[0] = s0.clone();
        FastNca.Work wk = f.work();
        f.forward(st, w, h, ctl, mask, wk);
        float[] gs0 = f.backward(st, w, h, ctl, mask, gFinal.clone(), new float[s0.length], wk);
        NcaParams gf = wk.gradients();

        DoubleNca d = new DoubleNca(m, p);
        if (ctl != null) d.ctl = DoubleNca.toDouble(ctl);
        double[][] ds = new double[steps + 1][w * h * C];
        for (int i = 0; i < s0.length; i++) ds[0][i] = s0[i];
        d.forward(ds, w, h, mask);
        double[] g = new double[gFinal.length];
        for (int i = 0; i < g.length; i++) g[i] = gFinal[i];
        double[][] gd = d.backward(ds, w, h, mask, g);
        float[][] gft = gf.tensors();
        for (int t = 0; t < 4; t++) {
            double err = GradCheck.relError(DoubleNca.toDouble(gft[t]), gd[t]);
            assertTrue(GradCheck.norm(gd[t]) > 0, NcaParams.NAMES[t] + " gradient is zero");
            assertTrue(err < 1e-4, NcaParams.NAMES[t] + " relative error " + err);
        }
        // the gradient that went back through every step's perception, all the way to the first state
        double err = GradCheck.relError(DoubleNca.toDouble(gs0), d.stateGradient);
        assertTrue(err < 1e-5, "dL/d(state 0) relative error " + err);
    }

    /**
     * The block shapes change only which values share registers, never a chain's order: both give the same weight
     * gradients and dL/d(state 0), bit for bit (the 4x3 shape has its own W1-gradient kernel).
     */
    @Test
    void everyBlockShapeGivesTheSameGradientBits() {
        int C = 12, R = 2, w = 19, h = 11, steps = 8;
        NcaModel m = GradCheck.randomModel(C, 96, R, 17, 1.0, 0.05);
        float[] ctl = GradCheck.randomState(w * h * R, w, 1.0), s0 = GradCheck.randomState(w * h * C, h, 1.0);
        float[] gFinal = GradCheck.randomState(w * h * C, steps, 1.0);
        FireMask mask = FireMask.training(5, w, steps, 0.5f);
        float[][] a = rollout(new FastNca(m, NcaParams.of(m), shape("8x2")), null, w, h, steps, s0, ctl, gFinal, mask);
        float[][] b = rollout(new FastNca(m, NcaParams.of(m), shape("4x3")), null, w, h, steps, s0, ctl, gFinal, mask);
        assertSameBits(a, b, "");
    }

    /** One forward and backward pass (on the tape if given): {the weight gradients, flattened; dL/d(state 0)}. */
    private static float[][] rollout(FastNca f, Tape tape, int w, int h, int steps, float[] s0, float[] ctl, float[] gFinal, FireMask mask) {
        float[][] st = new float[steps + 1][s0.length];
        st[0] = s0.clone();
        FastNca.Work wk = tape == null ? f.work() : f.work(tape);
        f.forward(st, w, h, ctl, mask, wk);
        float[] gs0 = f.backward(st, w, h, ctl, mask, gFinal.clone(), new float[s0.length], wk).clone();
        float[][] t = wk.gradients().tensors();
        float[] grads = new float[t[0].length + t[1].length + t[2].length + t[3].length];
        for (int i = 0, o = 0; i < 4; o += t[i].length, i++) System.arraycopy(t[i], 0, grads, o, t[i].length);
        return new float[][] {grads, gs0};
    }

    private static void assertSameBits(float[][] a, float[][] b, String what) {
        for (int i = 0; i < a[0].length; i++)
            assertEquals(Float.floatToIntBits(a[0][i]), Float.floatToIntBits(b[0][i]), what + "weight gradient " + i);
        for (int i = 0; i < a[1].length; i++)
            assertEquals(Float.floatToIntBits(a[1][i]), Float.floatToIntBits(b[1][i]), what + "state gradient " + i);
    }

    /**
     * The tape changes where the backward pass gets its hidden and update values, never their bits: gradients and
     * dL/d(state 0) are the same with and without it, rollout after rollout on one reused tape of changing sizes.
     */
    @ParameterizedTest(name = "blocking {0}")
    @ValueSource(strings = {"8x2", "4x3"})
    void theTapeGivesTheSameGradientBits(String blocking) {
        int C = 12, R = 2;
        NcaModel m = GradCheck.randomModel(C, 96, R, 13, 1.0, 0.05);
        FastNca f = new FastNca(m, NcaParams.of(m), shape(blocking));
        Tape tape = f.tape(8, 19 * 11, 0.5);
        assertNotNull(tape);
        for (int[] run : new int[][] {{19, 11, 8}, {7, 5, 3}, {19, 11, 8}}) {
            int w = run[0], h = run[1], steps = run[2];
            float[] ctl = GradCheck.randomState(w * h * R, w, 1.0), s0 = GradCheck.randomState(w * h * C, h, 1.0);
            float[] gFinal = GradCheck.randomState(w * h * C, steps, 1.0);
            FireMask mask = FireMask.training(7, w, steps, 0.5f);
            float[][] plain = rollout(f, null, w, h, steps, s0, ctl, gFinal, mask), taped = rollout(f, tape, w, h, steps, s0, ctl, gFinal, mask);
            assertSameBits(plain, taped, w + "x" + h + " ");
            assertTrue(tape.has(steps - 1), "the tape kept the rollout");
        }
    }
}
