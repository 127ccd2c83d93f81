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
}
