package org.cellscape.preview;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.cellscape.engine.Rng;
import org.cellscape.model.NcaModel;

/**
 * The model and start settings as the JSON the page reads. Weight arrays are base64 of little-endian float32 in
 * the model's own layout (w1 [hidden][inputs], w2 [channels][hidden]), so the page computes with the exact weights.
 */
final class PageConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PageConfig() {}

    static String json(NcaModel m, HtmlExport.Options o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", "cellscape-preview-1");
        n.put("name", m.name());
        n.put("family", m.family().id());
        n.put("channels", m.channels());
        n.put("hidden", m.hidden());
        n.put("inputs", m.inputs());
        // A multi-rule model's rules: the page feeds their weights as the extra inputs and lets the user paint them.
        var rules = n.putArray("rules");
        m.rules().forEach(rules::add);
        float[] k = new float[m.kernelCount() * 9];
        for (int i = 0; i < m.kernelCount(); i++) System.arraycopy(m.kernel(i), 0, k, i * 9, 9);
        n.put("kernels", base64(k));
        n.put("w1", base64(m.w1()));
        n.put("b1", base64(m.b1()));
        n.put("w2", base64(m.w2()));
        n.put("b2", base64(m.b2()));
        n.put("fireRate", m.fireRate());
        // The exact integer the engine compares its 24 random bits with.
        n.put("threshold", Rng.threshold(m.fireRate()));
        ObjectNode clip = n.putObject("clip");
        clip(clip, "perception", m.clipPerception());
        clip(clip, "hidden", m.clipHidden());
        clip(clip, "update", m.clipUpdate());
        clip(clip, "state", m.clipState());
        n.put("colourScale", m.colourScale());
        n.put("colourOffset", m.colourOffset());
        n.put("width", o.width());
        n.put("height", o.height());
        n.put("brush", o.brush());
        n.put("stepsPerFrame", o.stepsPerFrame());
        n.put("seed", Long.toString(o.seed())); // a string: JSON numbers lose bits past 2^53
        n.put("noise", o.noise());
        // '<' escaped so no text in the JSON (a model name) can close the script element that holds it.
        return n.toString().replace("<", "\\u003c");
    }

    private static void clip(ObjectNode n, String key, float v) {
        if (Float.isNaN(v)) n.putNull(key);
        else n.put(key, v);
    }

    static String base64(float[] a) {
        ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(a);
        return Base64.getEncoder().encodeToString(b.array());
    }
}
