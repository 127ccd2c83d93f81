package org.cellscape.nets;

import static org.cellscape.testing.FiniteDifference.dot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.cellscape.model.SafeTensors;
import org.junit.jupiter.api.Test;

/**
 * Java's towers against plain PyTorch's on the tiny random-weight CLIP (src/test/resources/clip/tiny, written by
 * make_clip_fixtures.py following Hugging Face's modeling_clip.py): text and image embeddings, and the gradient of
 * the summed 1 - cosine loss on the pixels. The reference ran in float64 and was stored as float32.
 */
class ClipParityTest {
    static final Path DIR = Path.of("src/test/resources/clip");
    static final double TOL = 1e-5;
    static final ClipModel MODEL = ClipModel.load(DIR.resolve("tiny"), true);
    static final Map<String, SafeTensors.Tensor> EXPECTED = SafeTensors.read(DIR.resolve("expected.safetensors")).tensors();

    static double[] row(String name, int r) {
        SafeTensors.Tensor t = EXPECTED.get(name);
        int len = t.size() / t.shape()[0];
        double[] d = new double[len];
        for (int i = 0; i < len; i++) d[i] = t.data()[r * len + i];
        return d;
    }

    /** max |a - b| / max |b|: relative to the array's scale, so entries near zero do not blow it up. */
    static double relative(double[] a, double[] b) {
        double err = 0, scale = 0;
        for (int i = 0; i < a.length; i++) {
            err = Math.max(err, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return err / scale;
    }

    static double[][] textEmbeddings() {
        double[][] t = new double[3][];
        for (int p = 0; p < 3; p++) {
            double[] stored = row("prompt_ids", p);
            int[] ids = new int[(int) stored[0]];
            for (int i = 0; i < ids.length; i++) ids[i] = (int) stored[i + 1];
            t[p] = MODEL.text().embed(ids);
        }
        return t;
    }

    @Test
    void textEmbeddingsMatch() {
        double[][] t = textEmbeddings();
        for (int p = 0; p < 3; p++) {
            double e = relative(t[p], row("text_embeds", p));
            assertTrue(e < TOL, "prompt " + p + ": " + e);
        }
    }

    @Test
    void theTokenizerGivesTheFixturesIds() {
        double[] stored = row("prompt_ids", 0);
        int[] ids = new int[(int) stored[0]];
        for (int i = 0; i < ids.length; i++) ids[i] = (int) stored[i + 1];
        assertArrayEquals(ids, MODEL.tokenizer().encode("a photo of mossy stones").ids());
    }

    @Test
    void imageEmbeddingsAndPixelGradientMatch() {
        double[] text = textEmbeddings()[0];
        double loss = 0;
        for (int b = 0; b < 2; b++) {
            double[] px = row("pixel_values", b);
            ClipVision.Pass[] pass = new ClipVision.Pass[1];
            double[] e = MODEL.vision().forward(px, pass);
            double err = relative(e, row("image_embeds", b));
            assertTrue(err < TOL, "image " + b + ": " + err);
            double cos = ClipModel.cosine(e, text), ne = Math.sqrt(dot(e, e)), nt = Math.sqrt(dot(text, text));
            loss += 1 - cos;
            double[] de = new double[e.length];
            for (int i = 0; i < e.length; i++) de[i] = -(text[i] / (nt * ne) - cos * e[i] / (ne * ne));
            double[] grad = MODEL.vision().backward(pass[0], de);
            err = relative(grad, row("pixel_grad", b));
            assertTrue(err < TOL, "gradient of image " + b + ": " + err);
        }
        assertEquals(EXPECTED.get("loss").data()[0], loss, 1e-6 * loss);
    }
}
