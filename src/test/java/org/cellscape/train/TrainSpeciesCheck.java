package org.cellscape.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cellscape.model.NcaModel;

/**
 * The trainer's checks at this JVM's vector width: forward bit for bit with the reference and backward against the
 * float64 twin, for every block shape; and a fingerprint of the gradients and of the patch loss, which must not
 * depend on the vector width or on the JIT. Run in JVMs of their own by {@link TrainVectorWidthsTest}.
 */
public final class TrainSpeciesCheck {
    public static void main(String[] args) {
        if (args.length == 0) {
            FastNcaTest t = new FastNcaTest();
            for (String blocking : new String[]{"8x2", "4x3"}) {
                t.forwardIsTheReferenceStepBitForBit(blocking);
                t.forwardWithControlsIsTheReferenceStepBitForBit(blocking);
                FastNcaTest.backwardMatchesDoubleTwin(blocking, 0);
                FastNcaTest.backwardMatchesDoubleTwin(blocking, 2);
            }
            System.out.println("vector bits " + FastNca.L * Float.SIZE + ", trainer checks passed");
        }
        System.out.println("fingerprint " + fingerprint());
    }

    /** Hashes of a backward pass's gradients (every block shape) and of a patch loss with its gradient. */
    static String fingerprint() {
        NcaModel m = GradCheck.randomModel(12, 96, 2, 21, 1.0, 0.05);
        int w = 11, h = 5, steps = 3;
        FireMask mask = FireMask.training(3, 2, steps, 0.5f);
        float[] ctl = GradCheck.randomState(w * h * 2, 22, 1.0), gFinal = GradCheck.randomState(w * h * 12, 23, 1.0);
        StringBuilder sb = new StringBuilder();
        for (String blocking : new String[]{"8x2", "4x3"}) {
            FastNca f = new FastNca(m, NcaParams.of(m), FastNcaTest.shape(blocking));
            float[][] st = new float[steps + 1][w * h * 12];
            st[0] = GradCheck.randomState(w * h * 12, 24, 1.0);
            FastNca.Work wk = f.work();
            f.forward(st, w, h, ctl, mask, wk);
            float[] g0 = f.backward(st, w, h, ctl, mask, gFinal.clone(), new float[gFinal.length], wk);
            sb.append(Integer.toHexString(Arrays.hashCode(g0) * 31 + Arrays.deepHashCode(wk.gradients().tensors()))).append(' ');
        }
        java.util.Random r = new java.util.Random(25);
        double[] ex = new double[3 * 40 * 40], img = new double[3 * 32 * 32];
        for (int i = 0; i < ex.length; i++) ex[i] = r.nextDouble();
        for (int i = 0; i < img.length; i++) img[i] = r.nextDouble();
        PatchLoss loss = new PatchLoss(new PatchLoss.Config(2, 5, 12, 1.0, 300), ex, 40, 40);
        PatchLoss.Target t = loss.target(new SplittableRandom(26));
        double[] g = new double[img.length], gi = new double[3 * 16 * 32];
        double a = loss.loss(img, 32, 32, t, g).total(), b = loss.lossInside(Arrays.copyOf(img, gi.length), 16, 32, t, gi).total();
        return sb.append(Long.toHexString(Double.doubleToLongBits(a) * 31 + Double.doubleToLongBits(b)))
                .append(' ').append(Integer.toHexString(Arrays.hashCode(g) * 31 + Arrays.hashCode(gi))).toString();
    }
}
