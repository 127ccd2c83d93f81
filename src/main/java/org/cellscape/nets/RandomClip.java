package org.cellscape.nets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.cellscape.model.SafeTensors;

/**
 * Random CLIP weights under the Hugging Face names and shapes of a config: for tests and for benchmarks at the real
 * shapes without shipping a checkpoint. Gaussian weights scaled by 1/sqrt(fan-in), layer-norm gains near 1.
 */
public final class RandomClip {
    private RandomClip() {}

    /** Both towers' tensors; {@code text}: false leaves the text tower out. */
    public static Map<String, SafeTensors.Tensor> tensors(ClipConfig cfg, long seed, boolean text) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        int v = cfg.vision().width(), p = cfg.patch();
        if (text) {
            int d = cfg.text().width();
            put(t, rnd, "text_model.embeddings.token_embedding.weight", 0, 0.5, cfg.vocab(), d);
            put(t, rnd, "text_model.embeddings.position_embedding.weight", 0, 0.2, cfg.context(), d);
            tower(t, rnd, "text_model", cfg.text());
            norm(t, rnd, "text_model.final_layer_norm", d);
            put(t, rnd, "text_projection.weight", 0, 1 / Math.sqrt(d), cfg.projection(), d);
        }
        put(t, rnd, "vision_model.embeddings.class_embedding", 0, 0.5, v);
        put(t, rnd, "vision_model.embeddings.patch_embedding.weight", 0, 1 / Math.sqrt(3.0 * p * p), v, 3, p, p);
        put(t, rnd, "vision_model.embeddings.position_embedding.weight", 0, 0.2, cfg.visionTokens(), v);
        norm(t, rnd, "vision_model.pre_layrnorm", v);
        tower(t, rnd, "vision_model", cfg.vision());
        norm(t, rnd, "vision_model.post_layernorm", v);
        put(t, rnd, "visual_projection.weight", 0, 1 / Math.sqrt(v), cfg.projection(), v);
        return t;
    }

    private static void tower(Map<String, SafeTensors.Tensor> t, SplittableRandom rnd, String prefix, ClipConfig.Tower c) {
        int d = c.width(), m = c.mlp();
        for (int i = 0; i < c.layers(); i++) {
            String l = prefix + ".encoder.layers." + i + ".";
            for (String proj : new String[]{"q_proj", "k_proj", "v_proj", "out_proj"}) linear(t, rnd, l + "self_attn." + proj, d, d);
            norm(t, rnd, l + "layer_norm1", d);
            norm(t, rnd, l + "layer_norm2", d);
            linear(t, rnd, l + "mlp.fc1", d, m);
            linear(t, rnd, l + "mlp.fc2", m, d);
        }
    }

    private static void linear(Map<String, SafeTensors.Tensor> t, SplittableRandom rnd, String name, int in, int out) {
        put(t, rnd, name + ".weight", 0, 1 / Math.sqrt(in), out, in);
        put(t, rnd, name + ".bias", 0, 0.1, out);
    }

    private static void norm(Map<String, SafeTensors.Tensor> t, SplittableRandom rnd, String name, int d) {
        put(t, rnd, name + ".weight", 1, 0.1, d);
        put(t, rnd, name + ".bias", 0, 0.1, d);
    }

    private static void put(Map<String, SafeTensors.Tensor> t, SplittableRandom rnd, String name, double around, double scale, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float) (around + scale * rnd.nextGaussian());
        t.put(name, new SafeTensors.Tensor("F32", shape, data));
    }
}
