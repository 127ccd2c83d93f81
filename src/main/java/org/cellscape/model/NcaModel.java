package org.cellscape.model;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An NCA: perception kernels, a two-layer MLP and the family's clipping, fire rate and colour mapping.
 * Immutable. Weight layout follows PyTorch (out x in, row-major); {@link #w1T()} is the transposed copy the
 * fast backends want.
 *
 * <p>MLP input i: for i &lt; C*K, the perception feature of state channel i / K through kernel i % K
 * ("channel-major", as PyTorch's per-channel conv and TensorFlow's depthwise conv produce); for i &ge; C*K,
 * extra input channel i - C*K (control or positional signals, zero when the engine has none to give).
 */
public final class NcaModel {
    private final String name;
    private final Family family;
    private final int channels, hidden, extraInputs;
    private final float[][] kernels;
    private final float[] w1, b1, w2, b2, w1T;
    private final boolean bias2;
    private final float fireRate, clipPerception, clipHidden, clipUpdate, clipState, colourScale, colourOffset;
    private final Map<String, String> metadata;
    private final List<String> rules;

    private NcaModel(Builder b) {
        this.name = b.name;
        this.family = b.family;
        this.channels = b.channels;
        this.hidden = b.hidden;
        this.extraInputs = b.extraInputs;
        this.kernels = deepCopy(b.kernels);
        this.w1 = b.w1.clone();
        this.b1 = b.b1.clone();
        this.w2 = b.w2.clone();
        this.bias2 = b.b2 != null;
        this.b2 = b.b2 == null ? new float[channels] : b.b2.clone();
        this.fireRate = b.fireRate;
        this.clipPerception = b.clipPerception;
        this.clipHidden = b.clipHidden;
        this.clipUpdate = b.clipUpdate;
        this.clipState = b.clipState;
        this.colourScale = b.colourScale;
        this.colourOffset = b.colourOffset;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        this.rules = parseRules(metadata.get(RULES), extraInputs);
        int in = inputs();
        this.w1T = new float[in * hidden];
        for (int h = 0; h < hidden; h++)
            for (int i = 0; i < in; i++) w1T[i * hidden + h] = w1[h * in + i];
    }

    private static float[][] deepCopy(float[][] a) {
        float[][] r = new float[a.length][];
        for (int i = 0; i < a.length; i++) r[i] = a[i].clone();
        return r;
    }

    public String name() { return name; }
    public Family family() { return family; }
    /** State channels C; the first three are colour. */
    public int channels() { return channels; }
    public int hidden() { return hidden; }
    public int extraInputs() { return extraInputs; }
    public int kernelCount() { return kernels.length; }
    /** MLP inputs: C*K perception features followed by the extra inputs. */
    public int inputs() { return channels * kernels.length + extraInputs; }
    /** Kernel k, row-major 3x3 (a copy). */
    public float[] kernel(int k) { return kernels[k].clone(); }
    /** First layer, [hidden][inputs] row-major. Do not modify. */
    public float[] w1() { return w1; }
    /** First layer transposed, [inputs][hidden] row-major. Do not modify. */
    public float[] w1T() { return w1T; }
    public float[] b1() { return b1; }
    /** Second layer, [channels][hidden] row-major. Do not modify. */
    public float[] w2() { return w2; }
    /** Second-layer bias; zeros when the model has none. */
    public float[] b2() { return b2; }
    public boolean hasBias2() { return bias2; }
    public float fireRate() { return fireRate; }
    /** Clip bounds; NaN means no clipping. Perception, update and state clip to [-v, v]; hidden to [0, v]. */
    public float clipPerception() { return clipPerception; }
    public float clipHidden() { return clipHidden; }
    public float clipUpdate() { return clipUpdate; }
    public float clipState() { return clipState; }
    /** Colour = clamp(channel * scale + offset, 0, 1) for channels 0..2. */
    public float colourScale() { return colourScale; }
    public float colourOffset() { return colourOffset; }
    public Map<String, String> metadata() { return metadata; }
    /** The rule of each control input, in order (metadata {@code rules}); empty for a model without rules. */
    public List<String> rules() { return rules; }

    /** Metadata key naming the rules of a multi-rule model. */
    public static final String RULES = "rules";

    /**
     * The names in a {@code rules} value (comma-separated, {@code [a-z0-9_-]+}, unique, one per extra input); an
     * empty list for null. Throws IllegalArgumentException saying what is wrong.
     */
    public static List<String> parseRules(String text, int extraInputs) {
        if (text == null) return List.of();
        List<String> names = List.of(text.split(",", -1)).stream().map(String::trim).toList();
        for (String n : names)
            if (!n.matches("[a-z0-9_-]+")) throw new IllegalArgumentException("rule name '" + n + "' in rules='" + text + "' is not [a-z0-9_-]+");
        if (new HashSet<>(names).size() != names.size()) throw new IllegalArgumentException("rules='" + text + "' names a rule twice");
        if (names.size() != extraInputs)
            throw new IllegalArgumentException("rules='" + text + "' names " + names.size() + " rules but the model has " + extraInputs + " extra inputs");
        return names;
    }

    public Builder toBuilder() {
        Builder b = new Builder(family, channels, hidden).name(name).extraInputs(extraInputs)
                .kernels(kernels).weights(w1, b1, w2, bias2 ? b2 : null).fireRate(fireRate)
                .clips(clipPerception, clipHidden, clipUpdate, clipState).colour(colourScale, colourOffset);
        b.metadata.putAll(metadata);
        return b;
    }

    public static Builder builder(Family family, int channels, int hidden) {
        return new Builder(family, channels, hidden);
    }

    /** Builds models; defaults come from the family. */
    public static final class Builder {
        private String name = "unnamed";
        private final Family family;
        private final int channels, hidden;
        private int extraInputs;
        private float[][] kernels;
        private float[] w1, b1, w2, b2;
        private float fireRate, clipPerception, clipHidden, clipUpdate, clipState, colourScale, colourOffset;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder(Family family, int channels, int hidden) {
            this.family = Objects.requireNonNull(family);
            if (channels < 3) throw new IllegalArgumentException("a model needs at least 3 channels (colour), got " + channels);
            if (hidden < 1) throw new IllegalArgumentException("hidden size must be positive, got " + hidden);
            this.channels = channels;
            this.hidden = hidden;
            this.kernels = family.kernels.weights();
            this.fireRate = family.fireRate;
            clips(family.clipPerception, family.clipHidden, family.clipUpdate, family.clipState);
            colour(family.colourScale, family.colourOffset);
        }

        public Builder name(String n) { this.name = n; return this; }
        public Builder extraInputs(int e) { this.extraInputs = e; return this; }
        public Builder kernels(float[][] k) { this.kernels = deepCopy(k); return this; }
        public Builder fireRate(float f) { this.fireRate = f; return this; }
        public Builder metadata(String k, String v) { metadata.put(k, v); return this; }

        public Builder clips(float perception, float hid, float update, float state) {
            clipPerception = perception; clipHidden = hid; clipUpdate = update; clipState = state;
            return this;
        }

        public Builder colour(float scale, float offset) { colourScale = scale; colourOffset = offset; return this; }

        /** w1 [hidden][inputs], b1 [hidden], w2 [channels][hidden], b2 [channels] or null. */
        public Builder weights(float[] w1, float[] b1, float[] w2, float[] b2) {
            this.w1 = w1; this.b1 = b1; this.w2 = w2; this.b2 = b2;
            return this;
        }

        public NcaModel build() {
            for (float[] k : kernels)
                if (k.length != 9) throw new IllegalArgumentException("kernels must be 3x3");
            int in = channels * kernels.length + extraInputs;
            check(w1, hidden * in, "w1");
            check(b1, hidden, "b1");
            check(w2, channels * hidden, "w2");
            if (b2 != null) check(b2, channels, "b2");
            if (!(fireRate >= 0 && fireRate <= 1)) throw new IllegalArgumentException("fire rate must be in [0, 1], got " + fireRate);
            return new NcaModel(this);
        }

        private static void check(float[] a, int n, String what) {
            if (a == null) throw new IllegalArgumentException(what + " is missing");
            if (a.length != n) throw new IllegalArgumentException(what + " has " + a.length + " values, expected " + n);
        }
    }
}
