package org.cellscape.nets;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.cellscape.model.ModelException;
import org.cellscape.model.SafeTensors;

/**
 * VGG16's convolutional layers up to relu5_1 (torchvision's {@code vgg16().features[:26]}): eleven 3x3 convolutions
 * with ReLU, a 2x2 max pool before conv2_1, conv3_1, conv4_1 and conv5_1. Weights carry torchvision's
 * state-dict names ({@code features.0.weight}, ...). A net with conv1_1 of another width w than 64 is read as a
 * narrow VGG-shaped one (widths w, 2w, 4w, 8w, 8w), which the tests use. Input: planar RGB in [0, 1], normalised
 * inside with ImageNet's mean and deviation, at least 16x16 (relu5_1 then has 1x1 cells). Immutable, so one net
 * serves every thread.
 */
public final class Vgg16 {
    /** torchvision's feature index of each convolution up to conv5_1, and its width in units of conv1_1's. */
    private static final int[] FEATURE = {0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24};
    private static final int[] WIDTH = {1, 1, 2, 2, 4, 4, 4, 8, 8, 8, 8};
    private static final String[] NAME = {"conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3",
            "conv4_1", "conv4_2", "conv4_3", "conv5_1"};
    /** The style layers relu1_1, relu2_1, relu3_1, relu4_1, relu5_1 (features 1, 6, 11, 18, 25): the ReLUs after these convolutions. */
    public static final int[] TAPS = {0, 2, 4, 7, 10};
    public static final int VGG16_WIDTH = 64;
    /** The smallest input side: four pools leave relu5_1 one cell. */
    public static final int MIN_SIDE = 16;
    private static final double[] MEAN = {0.485, 0.456, 0.406}, STD = {0.229, 0.224, 0.225};

    private final Conv3x3[] convs;
    private final int width;

    private Vgg16(Conv3x3[] convs) {
        this.convs = convs;
        this.width = convs[0].out;
    }

    /** The width of conv1_1 (64 for VGG16). */
    public int width() {
        return width;
    }

    /** First 16 hex digits of the SHA-256 of the weights as F32 safetensors: the same weights, the same hash. */
    public String hash() {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(SafeTensors.toBytes(tensors(), Map.of()));
            return java.util.HexFormat.of().formatHex(d).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the convolutions from a safetensors file; a missing or mis-shaped tensor is a one-line ModelException naming it and the shape expected. */
    public static Vgg16 read(Path file) {
        Map<String, SafeTensors.Tensor> t = SafeTensors.read(file).tensors();
        SafeTensors.Tensor first = t.get("features.0.weight");
        int[] s = first == null ? null : first.shape();
        int w = s != null && s.length == 4 && s[0] > 0 && s[1] == 3 && s[2] == 3 && s[3] == 3 ? s[0] : VGG16_WIDTH;
        Conv3x3[] convs = new Conv3x3[FEATURE.length];
        int in = 3;
        for (int i = 0; i < convs.length; i++) {
            int out = w * WIDTH[i];
            float[] weight = tensor(file, t, i, "weight", new int[]{out, in, 3, 3});
            float[] bias = tensor(file, t, i, "bias", new int[]{out});
            convs[i] = new Conv3x3(in, out, weight, bias);
            in = out;
        }
        return new Vgg16(convs);
    }

    private static float[] tensor(Path file, Map<String, SafeTensors.Tensor> t, int conv, String part, int[] shape) {
        String name = "features." + FEATURE[conv] + "." + part;
        SafeTensors.Tensor x = t.get(name);
        if (x == null)
            throw new ModelException(file, "tensor '" + name + "' (" + NAME[conv] + ") is missing, expected shape " + Arrays.toString(shape)
                    + " (not VGG16's features? see 'style loss' in docs/training.md)");
        if (!Arrays.equals(x.shape(), shape))
            throw new ModelException(file, "tensor '" + name + "' (" + NAME[conv] + ") has shape " + Arrays.toString(x.shape()) + ", expected " + Arrays.toString(shape));
        return x.data();
    }

    /** Random weights (He-normal, small biases) of conv1_1 width {@code w}: VGG16's shapes for w = 64. */
    public static Vgg16 random(int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Conv3x3[] convs = new Conv3x3[FEATURE.length];
        int in = 3;
        for (int i = 0; i < convs.length; i++) {
            int out = w * WIDTH[i];
            float[] weight = new float[out * in * 9], bias = new float[out];
            double sd = Math.sqrt(2.0 / (in * 9));
            for (int k = 0; k < weight.length; k++) weight[k] = (float) (r.nextGaussian() * sd);
            for (int k = 0; k < out; k++) bias[k] = (float) (r.nextGaussian() * 0.05);
            convs[i] = new Conv3x3(in, out, weight, bias);
            in = out;
        }
        return new Vgg16(convs);
    }

    /** The weights under torchvision's names, as a file of this net holds them. */
    public Map<String, SafeTensors.Tensor> tensors() {
        Map<String, SafeTensors.Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < convs.length; i++) {
            Conv3x3 c = convs[i];
            m.put("features." + FEATURE[i] + ".weight", new SafeTensors.Tensor("F32", new int[]{c.out, c.in, 3, 3}, c.weight()));
            m.put("features." + FEATURE[i] + ".bias", new SafeTensors.Tensor("F32", new int[]{c.out}, c.bias()));
        }
        return m;
    }

    private static boolean pooledBefore(int conv) {
        return conv == 2 || conv == 4 || conv == 7 || conv == 10;
    }

    /** One forward pass: every ReLU's output (kept for the backward pass) with its size. */
    public static final class Activations {
        final float[][] act;
        final int[] h, w, c;
        final int height, width;

        private Activations(int n, int height, int width) {
            act = new float[n][];
            h = new int[n];
            w = new int[n];
            c = new int[n];
            this.height = height;
            this.width = width;
        }

        /** Style layer t's features (channels x height x width, planar). */
        public float[] tap(int t) { return act[TAPS[t]]; }
        public int channels(int t) { return c[TAPS[t]]; }
        /** Cells of style layer t. */
        public int cells(int t) { return h[TAPS[t]] * w[TAPS[t]]; }
    }

    public Activations forward(double[] img, int w, int h) {
        if (w < MIN_SIDE || h < MIN_SIDE) throw new IllegalArgumentException("VGG16 needs at least " + MIN_SIDE + "x" + MIN_SIDE + " pixels, got " + w + "x" + h);
        int n = w * h;
        float[] cur = new float[3 * n];
        for (int ch = 0; ch < 3; ch++)
            for (int p = 0; p < n; p++) cur[ch * n + p] = (float) ((img[ch * n + p] - MEAN[ch]) / STD[ch]);
        Activations a = new Activations(convs.length, h, w);
        int ch = h, cw = w;
        for (int i = 0; i < convs.length; i++) {
            Conv3x3 cv = convs[i];
            if (pooledBefore(i)) {
                float[] p = new float[cv.in * (ch / 2) * (cw / 2)];
                MaxPool2.forward(cur, cv.in, ch, cw, p);
                ch /= 2;
                cw /= 2;
                cur = p;
            }
            float[] y = new float[cv.out * ch * cw];
            cv.forward(cur, ch, cw, y);
            for (int k = 0; k < y.length; k++) if (!(y[k] > 0)) y[k] = 0f;
            a.act[i] = y;
            a.h[i] = ch;
            a.w[i] = cw;
            a.c[i] = cv.out;
            cur = y;
        }
        return a;
    }

    /**
     * The gradient with respect to the input image (planar, as given to forward) of a function of the style layers,
     * given its gradient with respect to each of them ({@code tapGrads[t]}, laid out as {@link Activations#tap}; null: 0).
     */
    public double[] inputGradient(Activations a, float[][] tapGrads) {
        float[] g = null;
        for (int i = convs.length - 1; i >= 0; i--) {
            int t = Arrays.binarySearch(TAPS, i);
            float[] tg = t >= 0 ? tapGrads[t] : null;
            if (tg != null) {
                if (g == null) g = tg.clone();
                else for (int k = 0; k < g.length; k++) g[k] += tg[k];
            }
            if (g == null) continue;
            float[] y = a.act[i];
            for (int k = 0; k < g.length; k++) if (!(y[k] > 0)) g[k] = 0f;
            Conv3x3 cv = convs[i];
            float[] din = new float[cv.in * a.h[i] * a.w[i]];
            cv.backward(g, a.h[i], a.w[i], din);
            if (pooledBefore(i)) {
                float[] d = new float[cv.in * a.h[i - 1] * a.w[i - 1]];
                MaxPool2.backward(a.act[i - 1], din, cv.in, a.h[i - 1], a.w[i - 1], d);
                g = d;
            } else {
                g = din;
            }
        }
        int n = a.height * a.width;
        double[] out = new double[3 * n];
        if (g != null)
            for (int ch = 0; ch < 3; ch++)
                for (int p = 0; p < n; p++) out[ch * n + p] = g[ch * n + p] / STD[ch];
        return out;
    }
}
