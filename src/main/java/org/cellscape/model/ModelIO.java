package org.cellscape.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cellscape.CellscapeException;

/**
 * Reads and writes {@link NcaModel}s as safetensors files. Tensor names, shapes and metadata keys are
 * documented in docs/model-format.md; keep the two in step.
 */
public final class ModelIO {
    public static final String KERNELS = "perception.kernels";
    public static final String W1 = "dense1.weight", B1 = "dense1.bias", W2 = "dense2.weight", B2 = "dense2.bias";
    /** Metadata keys the reader interprets; everything else is kept as free-form metadata. */
    static final Set<String> KNOWN = Set.of("family", "name", "fire_rate", "clip_perception", "clip_hidden",
            "clip_update", "clip_state", "colour_scale", "colour_offset", "extra_inputs", "format");

    private ModelIO() {}

    public static NcaModel read(Path file) {
        return fromContents(file, SafeTensors.read(file));
    }

    public static NcaModel fromContents(Path file, SafeTensors.Contents c) {
        Map<String, String> meta = c.metadata();
        String fam = meta.get("family");
        if (fam == null) throw new ModelException(file, "missing metadata key 'family' (google, pytorch, rgba or cellscape)");
        Family family;
        try {
            family = Family.parse(fam);
        } catch (IllegalArgumentException e) {
            throw new ModelException(file, e.getMessage());
        }
        SafeTensors.Tensor w1 = require(file, c, W1), b1 = require(file, c, B1), w2 = require(file, c, W2);
        SafeTensors.Tensor b2 = c.tensors().get(B2), k = c.tensors().get(KERNELS);
        int[] s1 = matrixShape(file, W1, w1), s2 = matrixShape(file, W2, w2);
        int hidden = s1[0], inputs = s1[1], channels = s2[0];
        if (s2[1] != hidden) throw new ModelException(file, W2 + " has shape " + shape(w2) + ", expected [channels, " + hidden + "] to match " + W1);
        if (b1.size() != hidden || b1.shape().length != 1) throw new ModelException(file, B1 + " has shape " + shape(b1) + ", expected [" + hidden + "]");
        if (b2 != null && (b2.size() != channels || b2.shape().length != 1)) throw new ModelException(file, B2 + " has shape " + shape(b2) + ", expected [" + channels + "]");
        if (channels < 3) throw new ModelException(file, "model has " + channels + " channels; at least 3 (colour) are needed");
        float[][] kernels = family.kernels.weights();
        if (k != null) {
            if (k.shape().length != 3 || k.shape()[1] != 3 || k.shape()[2] != 3 || k.shape()[0] < 1)
                throw new ModelException(file, KERNELS + " has shape " + shape(k) + ", expected [K, 3, 3]");
            kernels = new float[k.shape()[0]][9];
            for (int i = 0; i < kernels.length; i++) System.arraycopy(k.data(), i * 9, kernels[i], 0, 9);
        }
        int extra = inputs - channels * kernels.length;
        if (extra < 0) throw new ModelException(file, W1 + " has " + inputs + " inputs; " + channels + " channels x " + kernels.length + " kernels need at least " + channels * kernels.length);
        if (meta.containsKey("extra_inputs") && parseInt(file, meta, "extra_inputs") != extra)
            throw new ModelException(file, "metadata extra_inputs=" + meta.get("extra_inputs") + " but " + W1 + " implies " + extra);
        try {
            NcaModel.parseRules(meta.get(NcaModel.RULES), extra);
        } catch (IllegalArgumentException e) {
            throw new ModelException(file, "metadata " + e.getMessage());
        }
        NcaModel.Builder b = NcaModel.builder(family, channels, hidden)
                .name(meta.getOrDefault("name", stem(file)))
                .extraInputs(extra).kernels(kernels)
                .weights(w1.data(), b1.data(), w2.data(), b2 == null ? null : b2.data());
        if (meta.containsKey("fire_rate")) {
            float f = parseFloat(file, meta, "fire_rate", false);
            if (!(f >= 0 && f <= 1)) throw new ModelException(file, "metadata fire_rate=" + f + " is outside [0, 1]");
            b.fireRate(f);
        }
        NcaModel defaults = b.build();
        b.clips(clip(file, meta, "clip_perception", defaults.clipPerception()), clip(file, meta, "clip_hidden", defaults.clipHidden()),
                clip(file, meta, "clip_update", defaults.clipUpdate()), clip(file, meta, "clip_state", defaults.clipState()));
        b.colour(meta.containsKey("colour_scale") ? parseFloat(file, meta, "colour_scale", false) : defaults.colourScale(),
                meta.containsKey("colour_offset") ? parseFloat(file, meta, "colour_offset", false) : defaults.colourOffset());
        meta.forEach((key, v) -> { if (!KNOWN.contains(key)) b.metadata(key, v); });
        return b.build();
    }

    /** Writes the model as F32 safetensors, via a temporary file renamed into place. */
    public static void write(NcaModel m, Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.write(tmp, toBytes(m));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
            throw CellscapeException.io("cannot write model " + file + ": " + e.getMessage(), e);
        }
    }

    public static byte[] toBytes(NcaModel m) {
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        float[] k = new float[m.kernelCount() * 9];
        for (int i = 0; i < m.kernelCount(); i++) System.arraycopy(m.kernel(i), 0, k, i * 9, 9);
        t.put(KERNELS, new SafeTensors.Tensor("F32", new int[]{m.kernelCount(), 3, 3}, k));
        t.put(W1, new SafeTensors.Tensor("F32", new int[]{m.hidden(), m.inputs()}, m.w1()));
        t.put(B1, new SafeTensors.Tensor("F32", new int[]{m.hidden()}, m.b1()));
        t.put(W2, new SafeTensors.Tensor("F32", new int[]{m.channels(), m.hidden()}, m.w2()));
        if (m.hasBias2()) t.put(B2, new SafeTensors.Tensor("F32", new int[]{m.channels()}, m.b2()));
        Map<String, String> meta = new LinkedHashMap<>(m.metadata());
        meta.put("format", "cellscape-nca-1");
        meta.put("family", m.family().id());
        meta.put("name", m.name());
        meta.put("fire_rate", Float.toString(m.fireRate()));
        meta.put("clip_perception", clipText(m.clipPerception()));
        meta.put("clip_hidden", clipText(m.clipHidden()));
        meta.put("clip_update", clipText(m.clipUpdate()));
        meta.put("clip_state", clipText(m.clipState()));
        meta.put("colour_scale", Float.toString(m.colourScale()));
        meta.put("colour_offset", Float.toString(m.colourOffset()));
        meta.put("extra_inputs", Integer.toString(m.extraInputs()));
        return SafeTensors.toBytes(t, meta);
    }

    /** A short content hash (SHA-256 of the canonical F32 file, first 16 hex digits): same weights, same hash. */
    public static String hash(NcaModel m) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(toBytes(m));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clipText(float v) {
        return Float.isNaN(v) ? "none" : Float.toString(v);
    }

    private static float clip(Path file, Map<String, String> meta, String key, float dflt) {
        if (!meta.containsKey(key)) return dflt;
        return parseFloat(file, meta, key, true);
    }

    private static float parseFloat(Path file, Map<String, String> meta, String key, boolean noneAllowed) {
        String v = meta.get(key).trim();
        if (noneAllowed && v.toLowerCase(Locale.ROOT).equals("none")) return Float.NaN;
        try {
            float f = Float.parseFloat(v);
            if (!Float.isFinite(f) || (noneAllowed && f <= 0)) throw new NumberFormatException();
            return f;
        } catch (NumberFormatException e) {
            throw new ModelException(file, "metadata " + key + "='" + v + "' is not a " + (noneAllowed ? "positive number or 'none'" : "finite number"));
        }
    }

    private static int parseInt(Path file, Map<String, String> meta, String key) {
        try {
            return Integer.parseInt(meta.get(key).trim());
        } catch (NumberFormatException e) {
            throw new ModelException(file, "metadata " + key + "='" + meta.get(key) + "' is not an integer");
        }
    }

    private static SafeTensors.Tensor require(Path file, SafeTensors.Contents c, String name) {
        SafeTensors.Tensor t = c.tensors().get(name);
        if (t == null) throw new ModelException(file, "missing tensor '" + name + "' (see docs/model-format.md)");
        return t;
    }

    /** Accepts [out, in] and PyTorch's 1x1 conv [out, in, 1, 1]. */
    private static int[] matrixShape(Path file, String name, SafeTensors.Tensor t) {
        int[] s = t.shape();
        if (s.length == 2 && s[0] > 0 && s[1] > 0) return s;
        if (s.length == 4 && s[2] == 1 && s[3] == 1 && s[0] > 0 && s[1] > 0) return new int[]{s[0], s[1]};
        throw new ModelException(file, name + " has shape " + shape(t) + ", expected [out, in] or [out, in, 1, 1]");
    }

    private static String shape(SafeTensors.Tensor t) {
        return java.util.Arrays.toString(t.shape());
    }

    private static String stem(Path file) {
        if (file == null) return "unnamed";
        String n = file.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
