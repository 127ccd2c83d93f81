package org.cellscape.nets;

import java.util.Arrays;
import org.cellscape.image.RgbImage;

/**
 * CLIP's vision tower ({@code CLIPVisionTransformer} and {@code visual_projection}), forward and input gradient:
 * patches through the bias-free patch convolution, the class token, position embeddings, {@code pre_layrnorm},
 * the transformer blocks, {@code post_layernorm} of the class token, the projection. Pixels are planar, normalised
 * with CLIP's mean and deviation ({@link #normalise}).
 */
public final class ClipVision {
    /** CLIP's preprocessing constants (the processors' image_mean and image_std). */
    public static final double[] MEAN = {0.48145466, 0.4578275, 0.40821073}, STD = {0.26862954, 0.26130258, 0.27577711};

    private final ClipConfig cfg;
    private final Linear patches;
    private final double[] classToken, positions;
    private final LayerNorm pre, post;
    private final EncoderLayer[] layers;
    private final Linear projection;

    /** What the backward pass needs. */
    public record Pass(LayerNorm.Pass pre, EncoderLayer.Pass[] layers, LayerNorm.Pass post) {}

    ClipVision(ClipConfig cfg, ClipWeights w, boolean backward) {
        int d = cfg.vision().width(), p = cfg.patch();
        this.cfg = cfg;
        this.patches = new Linear(w.take("vision_model.embeddings.patch_embedding.weight", d, 3, p, p), null, 3 * p * p, d, backward);
        this.classToken = w.take("vision_model.embeddings.class_embedding", d);
        this.positions = w.take("vision_model.embeddings.position_embedding.weight", cfg.visionTokens(), d);
        this.pre = w.norm("vision_model.pre_layrnorm", d, cfg.vision().eps());
        this.layers = w.layers("vision_model", cfg.vision(), false, backward);
        this.post = w.norm("vision_model.post_layernorm", d, cfg.vision().eps());
        this.projection = new Linear(w.take("visual_projection.weight", cfg.projection(), d), null, d, cfg.projection(), backward);
    }

    /** The side of the square images the tower reads. */
    public int imageSize() {
        return cfg.imageSize();
    }

    public ClipConfig config() {
        return cfg;
    }

    /**
     * The projected (not normalised) embedding of normalised planar pixels (3 x size x size); {@code pass[0]}
     * receives what {@link #backward} needs (null: not kept).
     */
    public double[] forward(double[] pixels, Pass[] pass) {
        int s = cfg.imageSize(), p = cfg.patch(), g = cfg.patchesPerSide(), np = g * g, f = 3 * p * p, d = cfg.vision().width();
        if (pixels.length != 3 * s * s) throw new IllegalArgumentException("expected 3x" + s + "x" + s + " pixels, got " + pixels.length);
        double[] rows = new double[np * f];
        for (int t = 0; t < np; t++)
            for (int c = 0; c < 3; c++)
                for (int ky = 0; ky < p; ky++)
                    System.arraycopy(pixels, (c * s + (t / g) * p + ky) * s + (t % g) * p, rows, t * f + (c * p + ky) * p, p);
        double[] e = patches.forward(rows, np);
        int n = np + 1;
        double[] x = new double[n * d];
        for (int j = 0; j < d; j++) x[j] = classToken[j] + positions[j];
        for (int i = d; i < n * d; i++) x[i] = e[i - d] + positions[i];
        LayerNorm.Pass pr = pre.forward(x, n);
        x = pr.y();
        EncoderLayer.Pass[] lp = new EncoderLayer.Pass[layers.length];
        EncoderLayer.Pass[] one = pass == null ? null : new EncoderLayer.Pass[1];
        for (int l = 0; l < layers.length; l++) {
            x = layers[l].forward(x, n, one);
            if (one != null) lp[l] = one[0];
        }
        LayerNorm.Pass po = post.forward(Arrays.copyOf(x, d), 1);
        if (pass != null) pass[0] = new Pass(pr, lp, po);
        return projection.forward(po.y(), 1);
    }

    /** The gradient on the normalised pixels of {@code dEmbedding} (the loss's gradient on the embedding). */
    public double[] backward(Pass pass, double[] dEmbedding) {
        int s = cfg.imageSize(), p = cfg.patch(), g = cfg.patchesPerSide(), np = g * g, f = 3 * p * p, d = cfg.vision().width(), n = np + 1;
        double[] dx = new double[n * d];
        System.arraycopy(post.backward(pass.post(), projection.backward(dEmbedding, 1)), 0, dx, 0, d);
        for (int l = layers.length - 1; l >= 0; l--) dx = layers[l].backward(pass.layers()[l], dx);
        dx = pre.backward(pass.pre(), dx);
        double[] dRows = patches.backward(Arrays.copyOfRange(dx, d, n * d), np), dPixels = new double[3 * s * s];
        for (int t = 0; t < np; t++)
            for (int c = 0; c < 3; c++)
                for (int ky = 0; ky < p; ky++)
                    System.arraycopy(dRows, t * f + (c * p + ky) * p, dPixels, (c * s + (t / g) * p + ky) * s + (t % g) * p, p);
        return dPixels;
    }

    /** Planar [0, 1] RGB (3 x size x size) normalised in place with CLIP's mean and deviation. */
    public static double[] normalise(double[] rgb) {
        int plane = rgb.length / 3;
        for (int i = 0; i < rgb.length; i++) rgb[i] = (rgb[i] - MEAN[i / plane]) / STD[i / plane];
        return rgb;
    }

    /** The tower's input for a whole picture, as CLIP's processors make it: the centred square, resized, normalised. */
    public double[] pixels(RgbImage img) {
        int side = Math.min(img.width(), img.height()), s = cfg.imageSize();
        Resample rx = Resample.of(img.width(), (img.width() - side) / 2.0, side, s, false, false);
        Resample ry = Resample.of(img.height(), (img.height() - side) / 2.0, side, s, false, false);
        float[] rgb = img.rgb();
        int w = img.width();
        return normalise(Resample.apply((c, y, x) -> rgb[(y * w + x) * 3 + c], 3, rx, ry));
    }
}
