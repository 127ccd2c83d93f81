package org.cellscape.train;

import java.util.Random;
import org.cellscape.model.Family;
import org.cellscape.model.NcaModel;

/**
 * The trainable tensors of an NCA in the model file's layout (PyTorch: out x in, row-major), plus the fixed parts
 * (kernels, clipping) taken from a template model. Also used for gradients of the same shapes.
 */
public final class NcaParams {
    public final int channels, hidden, inputs;
    public final float[] w1, b1, w2, b2;

    public NcaParams(int channels, int hidden, int inputs) {
        this.channels = channels;
        this.hidden = hidden;
        this.inputs = inputs;
        w1 = new float[hidden * inputs];
        b1 = new float[hidden];
        w2 = new float[channels * hidden];
        b2 = new float[channels];
    }

    public static NcaParams of(NcaModel m) {
        NcaParams p = new NcaParams(m.channels(), m.hidden(), m.inputs());
        System.arraycopy(m.w1(), 0, p.w1, 0, p.w1.length);
        System.arraycopy(m.b1(), 0, p.b1, 0, p.b1.length);
        System.arraycopy(m.w2(), 0, p.w2, 0, p.w2.length);
        System.arraycopy(m.b2(), 0, p.b2, 0, p.b2.length);
        return p;
    }

    /** PyTorch's default Linear init for the first layer; the last layer starts at zero (the NCA does nothing). */
    public static NcaParams initial(int channels, int hidden, int kernels, long seed) {
        return initial(channels, hidden, kernels, 0, seed);
    }

    /** As {@link #initial(int, int, int, long)} with {@code rules} control inputs after the perception features. */
    public static NcaParams initial(int channels, int hidden, int kernels, int rules, long seed) {
        NcaParams p = new NcaParams(channels, hidden, channels * kernels + rules);
        Random r = new Random(seed);
        double bound = 1.0 / Math.sqrt(p.inputs);
        for (int i = 0; i < p.w1.length; i++) p.w1[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
        for (int i = 0; i < p.b1.length; i++) p.b1[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
        return p;
    }

    /** The tensors in a fixed order (w1, b1, w2, b2): optimiser and checkpoints iterate over these. */
    public float[][] tensors() {
        return new float[][]{w1, b1, w2, b2};
    }

    public static final String[] NAMES = {"w1", "b1", "w2", "b2"};

    public NcaParams zerosLike() {
        return new NcaParams(channels, hidden, inputs);
    }

    public NcaParams copy() {
        NcaParams p = zerosLike();
        p.addFrom(this);
        return p;
    }

    public void addFrom(NcaParams o) {
        float[][] a = tensors(), b = o.tensors();
        for (int t = 0; t < a.length; t++)
            for (int i = 0; i < a[t].length; i++) a[t][i] += b[t][i];
    }

    public boolean isFinite() {
        for (float[] t : tensors())
            for (float v : t) if (!Float.isFinite(v)) return false;
        return true;
    }

    /** A model with these weights and the template's kernels, clipping, fire rate and colour mapping. */
    public NcaModel toModel(NcaModel template) {
        return template.toBuilder().weights(w1, b1, w2, b2).build();
    }

    /** The CELLSCAPE family's model of this shape, with these weights. */
    public NcaModel toModel(String name) {
        return NcaModel.builder(Family.CELLSCAPE, channels, hidden).name(name).extraInputs(inputs - 4 * channels)
                .weights(w1, b1, w2, b2).build();
    }
}
