package org.cellscape.train;

import java.util.SplittableRandom;
import org.cellscape.nets.ClipVision;
import org.cellscape.nets.Resample;

/**
 * A text prompt's loss: 1 - cosine similarity between the prompt's CLIP text embedding and the CLIP image
 * embeddings of random crops of the sample, averaged over the crops. Each crop is a square of a random side
 * (half the image's shorter side to all of it) at a random place, wrapping round the torus as the canvas does,
 * mirrored at random, resized to the vision tower's input; the gradient runs back through the tower, the
 * normalisation and the resize to the sample's pixels.
 */
public final class ClipLoss implements ImageLoss {
    /** Smallest crop side, as a share of the image's shorter side. */
    static final double MIN_CROP = 0.5;

    private final ClipVision vision;
    private final double[] text;
    private final int crops;
    private final double weight;

    /**
     * @param vision the vision tower, built for backward passes
     * @param text   the prompt's text embedding (any length scale)
     * @param crops  crops per sample and iteration
     */
    public ClipLoss(ClipVision vision, double[] text, int crops, double weight) {
        if (crops < 1) throw new IllegalArgumentException("crops must be positive, got " + crops);
        if (text.length != vision.config().projection())
            throw new IllegalArgumentException("text embedding has " + text.length + " values, the vision tower's " + vision.config().projection());
        double norm = 0;
        for (double t : text) norm += t * t;
        norm = Math.sqrt(norm);
        this.text = new double[text.length];
        for (int i = 0; i < text.length; i++) this.text[i] = text[i] / norm;
        this.vision = vision;
        this.crops = crops;
        this.weight = weight;
    }

    @Override
    public String name() {
        return "clip";
    }

    @Override
    public double weight() {
        return weight;
    }

    /** Time spent in the vision tower's forward and backward passes, summed over threads (for {@code train --bench}). */
    private final java.util.concurrent.atomic.LongAdder forwardNanos = new java.util.concurrent.atomic.LongAdder(),
            backwardNanos = new java.util.concurrent.atomic.LongAdder();

    public double forwardSeconds() {
        return forwardNanos.sum() / 1e9;
    }

    public double backwardSeconds() {
        return backwardNanos.sum() / 1e9;
    }

    @Override
    public double lossAndGradient(double[] img, int w, int h, long key, double[] grad) {
        SplittableRandom rnd = new SplittableRandom(key);
        int s = vision.imageSize(), shorter = Math.min(w, h);
        double total = 0;
        for (int c = 0; c < crops; c++) {
            double side = shorter * (MIN_CROP + (1 - MIN_CROP) * rnd.nextDouble());
            Resample rx = Resample.of(w, rnd.nextDouble() * w, side, s, true, rnd.nextBoolean());
            Resample ry = Resample.of(h, rnd.nextDouble() * h, side, s, true, false);
            double[] px = ClipVision.normalise(Resample.apply(Resample.planar(img, w, h), 3, rx, ry));
            ClipVision.Pass[] pass = new ClipVision.Pass[1];
            long t0 = System.nanoTime();
            double[] e = vision.forward(px, pass);
            forwardNanos.add(System.nanoTime() - t0);
            double dot = 0, ee = 0;
            for (int i = 0; i < e.length; i++) {
                dot += e[i] * text[i];
                ee += e[i] * e[i];
            }
            double norm = Math.sqrt(ee), cos = dot / norm;
            total += 1 - cos;
            // d(1 - cos)/de = -(t / |e| - cos e / |e|^2), for the mean over crops
            double[] de = new double[e.length];
            for (int i = 0; i < e.length; i++) de[i] = -(text[i] / norm - cos * e[i] / ee) / crops;
            long t1 = System.nanoTime();
            double[] dpx = vision.backward(pass[0], de);
            backwardNanos.add(System.nanoTime() - t1);
            int plane = s * s;
            for (int i = 0; i < dpx.length; i++) dpx[i] /= ClipVision.STD[i / plane];
            Resample.addTransposed(dpx, 3, rx, ry, weight, grad);
        }
        return total / crops;
    }
}
