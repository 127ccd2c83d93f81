package org.cellscape.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cellscape.model.Kernels;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;

/** What 'models show' and 'models list' tell about a model, as fields (for --json) and a short rules text. */
record ModelFacts(String name, String file, String hash, String family, int channels, int hidden, List<String> kernels,
                  int extraInputs, int inputs, boolean secondBias, long parameters, float fireRate, float colourScale,
                  float colourOffset, Map<String, Float> clipping, Map<String, String> metadata, List<String> controlRules) {
    static ModelFacts of(NcaModel m, Path file) {
        List<String> k = new ArrayList<>();
        for (int i = 0; i < m.kernelCount(); i++) k.add(Kernels.describe(m.kernel(i)));
        Map<String, Float> clip = new java.util.LinkedHashMap<>();
        clip("perception", m.clipPerception(), clip);
        clip("hidden", m.clipHidden(), clip);
        clip("update", m.clipUpdate(), clip);
        clip("state", m.clipState(), clip);
        long params = m.w1().length + m.b1().length + m.w2().length + (m.hasBias2() ? m.channels() : 0);
        return new ModelFacts(m.name(), file.toString(), ModelIO.hash(m), m.family().id(), m.channels(), m.hidden(), k,
                m.extraInputs(), m.inputs(), m.hasBias2(), params, m.fireRate(), m.colourScale(), m.colourOffset(), clip, m.metadata(), m.rules());
    }

    private static void clip(String what, float v, Map<String, Float> into) {
        if (!Float.isNaN(v)) into.put(what, v);
    }

    /** The update rule in a few words: fire rate, then extra inputs and clipping when present. */
    String rules() {
        StringBuilder b = new StringBuilder("fire " + fireRate);
        if (!controlRules.isEmpty()) b.append(", rules ").append(String.join("/", controlRules));
        else if (extraInputs > 0) b.append(", +").append(extraInputs).append(" inputs");
        if (clipping.size() == 4 && new java.util.HashSet<>(clipping.values()).size() == 1)
            b.append(", clip ±").append(clipping.values().iterator().next());
        else clipping.forEach((k, v) -> b.append(", clip ").append(k).append(" ±").append(v));
        return b.toString();
    }
}
