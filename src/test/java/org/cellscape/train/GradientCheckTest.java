package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.SplittableRandom;
import org.cellscape.model.NcaModel;
import org.junit.jupiter.api.Test;

/**
 * Float64 finite differences against the hand-written backward passes, with fixed fire masks and projections and
 * a non-zero last layer. Loss: the patch loss of the final state's colours plus a random linear functional of all
 * channels (so the hidden channels' paths are checked too).
 */
class GradientCheckTest {
    static final double EPS = 1e-6;

    record Setup(NcaModel model, int w, int h, int steps, FireMask mask, double[] s0, double[] r, PatchLoss loss, PatchLoss.Target target,
                 double[] ctl) {}

    static Setup setup(int channels, int hidden, int w, int h, int steps, long seed) {
        return setup(channels, hidden, 0, w, h, steps, seed);
    }

    /** With {@code rules} control inputs: a random blend of rules per cell (not one-hot, so every column is live). */
    static Setup setup(int channels, int hidden, int rules, int w, int h, int steps, long seed) {
        NcaModel m = GradCheck.randomModel(channels, hidden, rules, seed, 1.5, 0.15);
        FireMask mask = FireMask.training(seed, 3, steps, 0.5f);
        Random rnd = new Random(seed);
        double[] s0 = new double[w * h * channels], r = new double[s0.length];
        for (int i = 0; i < s0.length; i++) {
            s0[i] = rnd.nextDouble() * 2 - 1;
            r[i] = rnd.nextGaussian() * 0.01;
        }
        PatchLoss.Config cfg = new PatchLoss.Config(2, 3, 6, 0.5, 4096);
        double[] ex = new double[3 * 24 * 24];
        for (int i = 0; i < ex.length; i++) ex[i] = rnd.nextDouble();
        PatchLoss loss = new PatchLoss(cfg, ex, 24, 24);
        double[] ctl = null;
        if (rules > 0) {
            ctl = new double[w * h * rules];
            for (int i = 0; i < ctl.length; i++) ctl[i] = rnd.nextDouble();
        }
        return new Setup(m, w, h, steps, mask, s0, r, loss, loss.target(new SplittableRandom(seed)), ctl);
    }

    /** Total loss of a rollout with the given parameters; when grad is not null, fills dL/d(final state). */
    static DoubleNca twin(Setup su) {
        DoubleNca d = new DoubleNca(su.model, NcaParams.of(su.model));
        d.ctl = su.ctl;
        return d;
    }

    static double loss(Setup su, DoubleNca d, double[] gradFinal, double[][] statesOut) {
        int C = su.model.channels(), n = su.w * su.h;
        double[][] st = statesOut != null ? statesOut : new double[su.steps + 1][n * C];
        st[0] = su.s0.clone();
        d.forward(st, su.w, su.h, su.mask);
        double[] fin = st[su.steps];
        double[] img = colour(fin, su.w, su.h, C);
        double[] gi = gradFinal == null ? null : new double[img.length];
        double l = su.loss.loss(img, su.w, su.h, su.target, gi).total();
        for (int i = 0; i < fin.length; i++) {
            l += su.r[i] * fin[i];
            if (gradFinal != null) gradFinal[i] = su.r[i];
        }
        if (gradFinal != null)
            for (int c = 0; c < 3; c++)
                for (int p = 0; p < n; p++) gradFinal[p * C + c] += 0.5 * gi[c * n + p];
        return l;
    }

    static double[] colour(double[] s, int w, int h, int C) {
        int n = w * h;
        double[] img = new double[3 * n];
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < n; p++) img[c * n + p] = s[p * C + c] * 0.5 + 0.5;
        return img;
    }

    /** Analytical vs central-difference gradients of sampled entries of each tensor; returns the relative errors. */
    static double[] check(Setup su, int samples, double corrupt) {
        DoubleNca d = twin(su);
        int C = su.model.channels();
        double[][] st = new double[su.steps + 1][su.w * su.h * C];
        double[] g = new double[su.w * su.h * C];
        loss(su, d, g, st);
        double[][] an = d.backward(st, su.w, su.h, su.mask, g);
        if (corrupt != 0) an[0][an[0].length / 2] += corrupt * Math.abs(an[0][an[0].length / 2]) + corrupt * 1e-3;
        double[][] tens = d.tensors();
        double[] errs = new double[4];
        Random r = new Random(99);
        for (int t = 0; t < 4; t++) {
            int k = Math.min(samples, tens[t].length);
            double[] fd = new double[k], a = new double[k];
            for (int s = 0; s < k; s++) {
                int i = k == tens[t].length ? s : r.nextInt(tens[t].length);
                if (t == 0 && s == 0 && corrupt != 0) i = an[0].length / 2;
                double old = tens[t][i];
                tens[t][i] = old + EPS;
                double lp = loss(su, d, null, null);
                tens[t][i] = old - EPS;
                double lm = loss(su, d, null, null);
                tens[t][i] = old;
                fd[s] = (lp - lm) / (2 * EPS);
                a[s] = an[t][i];
            }
            assertTrue(GradCheck.norm(fd) > 1e-8, NcaParams.NAMES[t] + ": finite differences are all zero, the check would be vacuous");
            errs[t] = GradCheck.relError(fd, a);
        }
        return errs;
    }

    @Test
    void tinyModelEveryTensor() {
        double[] e = check(setup(4, 8, 8, 8, 3, 1), 400, 0);
        for (int t = 0; t < 4; t++) assertTrue(e[t] < 1e-5, NcaParams.NAMES[t] + " relative error " + e[t]);
    }

    @Test
    void realShapeEveryTensor() {
        double[] e = check(setup(12, 96, 6, 6, 2, 2), 60, 0);
        for (int t = 0; t < 4; t++) assertTrue(e[t] < 1e-5, NcaParams.NAMES[t] + " relative error " + e[t]);
    }

    /** The control columns of w1 (the last R inputs of each hidden unit) alone, every entry. */
    @Test
    void controlColumnsOfW1() {
        Setup su = setup(4, 8, 3, 8, 8, 3, 4);
        assertTrue(controlColumnError(su, 0) < 1e-5);
        assertTrue(controlColumnError(su, 0.2) > 1e-4, "a corrupted control-column gradient went unnoticed");
        double[] e = check(su, 400, 0);
        for (int t = 0; t < 4; t++) assertTrue(e[t] < 1e-5, NcaParams.NAMES[t] + " relative error " + e[t]);
    }

    @Test
    void controlColumnsRealShape() {
        assertTrue(controlColumnError(setup(12, 96, 2, 6, 6, 2, 5), 0) < 1e-5);
    }

    /** Relative error of the analytical w1 gradient's control columns against central differences; corrupt one entry. */
    static double controlColumnError(Setup su, double corrupt) {
        DoubleNca d = twin(su);
        int C = su.model.channels(), IN = su.model.inputs(), R = su.model.extraInputs(), H = su.model.hidden();
        double[][] st = new double[su.steps + 1][su.w * su.h * C];
        double[] g = new double[su.w * su.h * C];
        loss(su, d, g, st);
        double[] an = d.backward(st, su.w, su.h, su.mask, g)[0];
        double[] fd = new double[H * R], a = new double[H * R];
        for (int j = 0; j < H; j++)
            for (int r = 0; r < R; r++) {
                int i = j * IN + IN - R + r;
                double old = d.w1[i];
                d.w1[i] = old + EPS;
                double lp = loss(su, d, null, null);
                d.w1[i] = old - EPS;
                double lm = loss(su, d, null, null);
                d.w1[i] = old;
                fd[j * R + r] = (lp - lm) / (2 * EPS);
                a[j * R + r] = an[i];
            }
        if (corrupt != 0) a[a.length / 2] += corrupt * Math.abs(a[a.length / 2]) + corrupt * 1e-3;
        assertTrue(GradCheck.norm(fd) > 1e-8, "control columns: finite differences are all zero, the check would be vacuous");
        return GradCheck.relError(fd, a);
    }

    /** The check can fail: a gradient with one wrong entry is caught. */
    @Test
    void wrongGradientIsDetected() {
        double[] e = check(setup(4, 8, 8, 8, 3, 1), 400, 0.2);
        assertTrue(e[0] > 1e-4, "a corrupted w1 gradient went unnoticed: " + e[0]);
    }

    /** The patch loss alone, with respect to every pixel of the generated image. */
    @Test
    void patchLossWrtImage() {
        patchLossWrtImage(false, 16, 12);
    }

    /**
     * A region that is not a torus (a mixed sample's half), 11 wide: odd level widths, and its coarsest level (2 wide)
     * holds no patch and is skipped. The loss has kinks where two sorted projections swap; this size and seed cross
     * none at EPS (some others do, and then differ by ~1e-4 at a few pixels).
     */
    @Test
    void patchLossInsideARegionWrtImage() {
        patchLossWrtImage(true, 11, 16);
    }

    static void patchLossWrtImage(boolean inside, int w, int h) {
        Random rnd = new Random(5);
        double[] ex = new double[3 * 32 * 32];
        for (int i = 0; i < ex.length; i++) ex[i] = rnd.nextDouble();
        PatchLoss loss = new PatchLoss(new PatchLoss.Config(3, 3, 8, 0.7, 4096), ex, 32, 32);
        PatchLoss.Target t = loss.target(new SplittableRandom(3));
        double[] img = new double[3 * w * h];
        for (int i = 0; i < img.length; i++) img[i] = rnd.nextDouble() * 1.2 - 0.1;
        double[] g = new double[img.length];
        double l0 = inside ? loss.lossInside(img, w, h, t, g).total() : loss.loss(img, w, h, t, g).total();
        assertTrue(Double.isFinite(l0));
        double[] fd = new double[img.length];
        for (int i = 0; i < img.length; i++) {
            double old = img[i];
            img[i] = old + EPS;
            double lp = inside ? loss.lossInside(img, w, h, t, null).total() : loss.loss(img, w, h, t, null).total();
            img[i] = old - EPS;
            double lm = inside ? loss.lossInside(img, w, h, t, null).total() : loss.loss(img, w, h, t, null).total();
            img[i] = old;
            fd[i] = (lp - lm) / (2 * EPS);
        }
        double err = GradCheck.relError(fd, g);
        assertTrue(GradCheck.norm(fd) > 1e-6);
        assertTrue(err < 1e-5, "relative error " + err);
        g[7] *= 1.5;
        assertTrue(GradCheck.relError(fd, g) > 1e-4, "a wrong pixel gradient went unnoticed");
    }
}
