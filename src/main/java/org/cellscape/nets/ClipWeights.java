package org.cellscape.nets;

import java.util.Arrays;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.cellscape.model.SafeTensors;

/** A checkpoint's tensors by Hugging Face name, taken with their expected shapes; a problem names the tensor. */
final class ClipWeights {
    private final String source;
    private final Map<String, SafeTensors.Tensor> tensors;

    ClipWeights(String source, Map<String, SafeTensors.Tensor> tensors) {
        this.source = source;
        this.tensors = tensors;
    }

    double[] take(String name, int... shape) {
        SafeTensors.Tensor t = tensors.get(name);
        if (t == null) throw CellscapeException.badInput(source + ": tensor '" + name + "' is missing (expected shape " + Arrays.toString(shape) + ")");
        if (!Arrays.equals(t.shape(), shape))
            throw CellscapeException.badInput(source + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
        float[] f = t.data();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    Linear linear(String name, int in, int out, boolean bias, boolean backward) {
        return new Linear(take(name + ".weight", out, in), bias ? take(name + ".bias", out) : null, in, out, backward);
    }

    LayerNorm norm(String name, int width, double eps) {
        return new LayerNorm(take(name + ".weight", width), take(name + ".bias", width), eps);
    }

    /** {@code prefix.encoder.layers.N.*} for every layer of the tower. */
    EncoderLayer[] layers(String prefix, ClipConfig.Tower t, boolean causal, boolean backward) {
        EncoderLayer[] layers = new EncoderLayer[t.layers()];
        int d = t.width();
        for (int i = 0; i < layers.length; i++) {
            String p = prefix + ".encoder.layers." + i + ".";
            Attention a = new Attention(linear(p + "self_attn.q_proj", d, d, true, backward), linear(p + "self_attn.k_proj", d, d, true, backward),
                    linear(p + "self_attn.v_proj", d, d, true, backward), linear(p + "self_attn.out_proj", d, d, true, backward), t.heads(), causal);
            layers[i] = new EncoderLayer(norm(p + "layer_norm1", d, t.eps()), a, norm(p + "layer_norm2", d, t.eps()),
                    linear(p + "mlp.fc1", d, t.mlp(), true, backward), linear(p + "mlp.fc2", t.mlp(), d, true, backward));
        }
        return layers;
    }
}
