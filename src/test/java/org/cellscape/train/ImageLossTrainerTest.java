package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.cellscape.nets.Vgg16;
import org.cellscape.train.exemplars.Exemplars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's seam for image losses: weights, gradients and values reach the step; the style loss trains deterministically. */
class ImageLossTrainerTest {
    @TempDir
    Path tmp;

    static TrainConfig tiny() {
        return new TrainConfig("spots", 10, 16, 4, 4, 8, 8, 2e-3, 2e-4, 3, 6, 16, 0.5f, 2, 2, 3, 8, 1.0, 10);
    }

    /** sum(r * img): a loss whose gradient is r, recording what it was given. */
    record Linear(double weight, double[] r) implements ImageLoss {
        public String name() { return "linear"; }

        public double lossAndGradient(double[] img, int w, int h, long key, double[] grad) {
            double s = 0;
            for (int i = 0; i < img.length; i++) {
                s += r[i] * img[i];
                grad[i] += weight * r[i];
            }
            return s;
        }
    }

    static double[] random(int n) {
        SplittableRandom g = new SplittableRandom(5);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = g.nextGaussian() * 0.01;
        return r;
    }

    static float[][] gradient(TrainConfig cfg, List<ImageLoss> losses, Trainer.Metrics[] m) {
        try (Trainer tr = new Trainer(cfg, List.of(Exemplars.generate("spots", 32, 1)), 2, losses)) {
            m[0] = tr.step(); // the first: the same rollout with and without (Adam's normalisation is not exactly linear)
            return tr.lastGradient.tensors();
        }
    }

    @Test
    void anImageLossAddsItsWeightedGradientAndValue() {
        double[] r = random(3 * 16 * 16);
        Trainer.Metrics[] plain = new Trainer.Metrics[1], one = new Trainer.Metrics[1], two = new Trainer.Metrics[1], with = new Trainer.Metrics[1];
        TrainConfig alone = tiny().withStyle(0, null);
        float[][] g1 = gradient(alone, List.of(new Linear(1, r)), one), g2 = gradient(alone, List.of(new Linear(2, r)), two);
        boolean live = false;
        for (int t = 0; t < g1.length; t++)
            for (int i = 0; i < g1[t].length; i++) {
                assertEquals(2 * g1[t][i], g2[t][i], "twice the weight, twice the gradient (exactly: a power of two)");
                live |= g1[t][i] != 0;
            }
        assertTrue(live, "the image loss's gradient reaches the weights");
        assertEquals(0, one[0].patches(), "patch weight 0: no patch loss");
        float[][] gp = gradient(tiny(), List.of(), plain), gw = gradient(tiny(), List.of(new Linear(2, r)), with);
        assertEquals(1, with[0].images().length);
        assertEquals(plain[0].patches(), with[0].patches(), "the first iteration: the same rollout");
        assertEquals(plain[0].loss() + 2 * with[0].images()[0], with[0].loss(), 1e-9, "the total adds the weighted value");
        assertFalse(java.util.Arrays.equals(gp[2], gw[2]), "the last layer's gradient changes");
    }

    @Test
    void theStyleLossTrainsTheSameWhateverTheThreadsAndAcrossAResume() {
        Vgg16 net = Vgg16.random(2, 9);
        Exemplar ex = Exemplars.generate("spots", 32, 1);
        TrainConfig cfg = tiny().withStyle(1, new TrainConfig.Style("random", net.hash(), 0.5, "sw", 4));
        List<ImageLoss> losses = List.of(StyleLoss.of(net, cfg.style(), ex));
        float[][] a, b;
        Path ck = tmp.resolve("ck.bin");
        try (Trainer t1 = new Trainer(cfg, List.of(ex), 1, losses)) {
            for (int i = 0; i < 3; i++) {
                Trainer.Metrics m = t1.step();
                assertTrue(m.images()[0] > 0 && Double.isFinite(m.images()[0]), "style " + m.images()[0]);
                if (i == 1) t1.save(ck, "{}");
            }
            a = t1.params.tensors();
        }
        try (Trainer t2 = new Trainer(cfg, List.of(ex), 2, losses)) {
            t2.load(ck);
            t2.step();
            b = t2.params.tensors();
        }
        for (int t = 0; t < a.length; t++) assertArrayEquals(a[t], b[t], "tensor " + t);
    }

    /** Counts the calls it gets by image size: whole samples (side x side) and halves. */
    record Counter(int side, int[] whole, int[] half) implements ImageLoss {
        public String name() { return "count"; }

        public double weight() { return 1; }

        public double lossAndGradient(double[] img, int w, int h, long key, double[] grad) {
            if (w == side && h == side) whole[0]++;
            else if (w * h * 2 == side * side) half[0]++;
            else throw new AssertionError("a " + w + "x" + h + " image on a " + side + " grid");
            return 1;
        }
    }

    /**
     * One loss per rule (a prompt per rule): each sample of the batch is seen by exactly one rule's loss whole, or,
     * mixed, by each rule's loss on its half, so per iteration whole(a) + whole(b) + half(a) = batch and half(a) = half(b).
     */
    @Test
    void ruleLossesSeeOnlyTheirRulesCells() {
        TrainConfig base = tiny();
        TrainConfig cfg = new TrainConfig(base.exemplar(), base.iterations(), base.size(), base.batch(), base.stepsMin(), base.stepsMax(),
                base.pool(), base.lr(), base.lrFinal(), base.seed(), base.channels(), base.hidden(), base.fireRate(), base.resetEvery(),
                base.lossLevels(), base.patch(), base.projections(), base.colourWeight(), base.overflowWeight(), List.of("a", "b"), 0.5, 1, 0, false,
                1.0, null, null);
        int[] wa = {0}, ha = {0}, wb = {0}, hb = {0};
        List<ImageLoss> losses = List.of(new RuleLoss(new Counter(16, wa, ha), 0, "a"), new RuleLoss(new Counter(16, wb, hb), 1, "b"));
        int mixedSeen = 0;
        try (Trainer tr = new Trainer(cfg, List.of(Exemplars.generate("spots", 32, 1), Exemplars.generate("stripes", 32, 2)), 2, losses)) {
            for (int it = 0; it < 6; it++) {
                int[] before = {wa[0], ha[0], wb[0], hb[0]};
                Trainer.Metrics m = tr.step();
                int dwa = wa[0] - before[0], dha = ha[0] - before[1], dwb = wb[0] - before[2], dhb = hb[0] - before[3];
                assertEquals(cfg.batch(), dwa + dwb + dha, "iteration " + it + ": every sample seen once, whole or in halves");
                assertEquals(dha, dhb, "iteration " + it + ": a mixed sample's two halves");
                mixedSeen += dha;
                assertEquals(dwa + 0.5 * dha, m.images()[0] * cfg.batch(), 1e-12, "rule a's value: its whole samples, and halves at 1/2");
            }
        }
        assertTrue(mixedSeen > 0 && wa[0] > 0 && wb[0] > 0, "the test saw whole samples of both rules and mixed ones: " + wa[0] + " " + wb[0] + " " + mixedSeen);
        assertEquals("count-a", losses.get(0).name());
    }
}
