package org.cellscape.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.cellscape.CellscapeException;

/**
 * Everything that decides a training run's numbers (the run folder's config.json). Two runs with equal configs
 * and seeds compute the same model; {@link #sameRun} says whether a checkpoint may be resumed under this config.
 */
public record TrainConfig(
        String exemplar,
        int iterations,
        int size,
        int batch,
        int stepsMin,
        int stepsMax,
        int pool,
        double lr,
        double lrFinal,
        long seed,
        int channels,
        int hidden,
        float fireRate,
        int resetEvery,
        int lossLevels,
        int patch,
        int projections,
        double colourWeight,
        double overflowWeight,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> rules,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double mixed,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = One.class) double scale,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) float seedNoise,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean replaceWorst,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = One.class) Double patchWeight,
        @JsonInclude(JsonInclude.Include.NON_NULL) Style style,
        @JsonInclude(JsonInclude.Include.NON_NULL) Prompt prompt) {
    /** The default iteration counts: the patch loss alone (docs/training.md, "The photo benchmark"), and with a network loss. */
    public static final int DEFAULT_ITERATIONS = 2000, DEFAULT_ITERATIONS_SLOW = 600;

    /**
     * Text prompts' CLIP loss beside the image losses: one prompt for the whole sample, or one per rule of a multi-rule
     * model (in the rules' order); the CLIP folder's name and content hash ({@code ClipModel.hash}), the weight and
     * the random crops per sample.
     */
    public record Prompt(List<String> texts, String clip, String hash, double weight, int crops) {
        public Prompt {
            texts = texts == null ? List.of() : List.copyOf(texts);
            if (texts.isEmpty() || texts.stream().anyMatch(t -> t == null || t.isBlank())) throw new InvalidSetting("prompt", "must not be empty");
            if (!(weight > 0 && Double.isFinite(weight))) throw new InvalidSetting("prompt weight", "must be positive, got " + weight);
            if (crops < 1 || crops > 64) throw new InvalidSetting("prompt crops", "must be 1..64, got " + crops);
        }

        /** The prompts in words, for titles and the model file. */
        public String text() {
            return String.join(" | ", texts);
        }
    }

    /**
     * The VGG16 style loss beside the patch loss: the weights file's name and content hash ({@code Vgg16.hash}), its
     * weight, the kind ({@code gram} or {@code sw}) and SW's projections per layer.
     */
    public record Style(String net, String hash, double weight, String loss, int projections) {
        public Style {
            if (!(weight > 0 && Double.isFinite(weight))) throw new InvalidSetting("style weight", "must be positive, got " + weight);
            if (!"gram".equals(loss) && !"sw".equals(loss)) throw new InvalidSetting("style loss", "must be gram or sw, got '" + loss + "'");
            if (projections < 1) throw new InvalidSetting("style projections", "must be positive");
        }
    }

    /** A single-rule config (no control inputs). */
    public TrainConfig(String exemplar, int iterations, int size, int batch, int stepsMin, int stepsMax, int pool, double lr,
                       double lrFinal, long seed, int channels, int hidden, float fireRate, int resetEvery, int lossLevels,
                       int patch, int projections, double colourWeight, double overflowWeight) {
        this(exemplar, iterations, size, batch, stepsMin, stepsMax, pool, lr, lrFinal, seed, channels, hidden, fireRate, resetEvery,
                lossLevels, patch, projections, colourWeight, overflowWeight, List.of(), 0, 1, 0, false, 1.0, null, null);
    }

    /** Hides a scale (or patch weight) of 1 from the JSON, so configs written before the option read back equal. */
    static final class One {
        @Override
        public boolean equals(Object o) {
            return o instanceof Double d && d == 1 || o == null;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    public TrainConfig {
        rules = rules == null ? List.of() : List.copyOf(rules);
        if (scale == 0) scale = 1; // absent from a config written before the option
        if (patchWeight == null) patchWeight = 1.0;
        if (!(patchWeight >= 0 && Double.isFinite(patchWeight))) throw new InvalidSetting("patch weight", "must be 0 or more, got " + patchWeight);
        if (prompt != null && prompt.texts().size() > 1 && prompt.texts().size() != rules.size())
            throw new InvalidSetting("prompt", "is given " + prompt.texts().size() + " times: give one, or one per rule (" + rules.size() + ")");
        if (style != null && !rules.isEmpty()) throw new InvalidSetting("style net", "works with one exemplar only (a rule's style is not told apart)");
        if (style != null && size < 16) throw new InvalidSetting("size", "must be at least 16 for the style net (its four pools), got " + size);
        if (!(scale > 0 && scale <= 4)) throw new InvalidSetting("scale", "must be in (0, 4], got " + scale);
        if (!(seedNoise >= 0 && seedNoise <= 1)) throw new InvalidSetting("seed noise", "must be in 0..1, got " + seedNoise);
        if (rules.size() == 1) throw new InvalidSetting("rules", "must be two or more (one exemplar trains a model without rules)");
        if (!(mixed >= 0 && mixed <= 1)) throw new InvalidSetting("mixed share", "must be in 0..1");
        if (mixed > 0 && rules.isEmpty()) throw new InvalidSetting("mixed share", "needs two or more rules");
        if (iterations < 1) throw new InvalidSetting("iterations", "must be positive");
        if (batch < 1 || batch > 64) throw new InvalidSetting("batch", "must be 1..64");
        if (pool < batch) throw new InvalidSetting("pool", "(" + pool + ") must be at least the batch (" + batch + ")");
        if (stepsMin < 1 || stepsMax < stepsMin || stepsMax > 1024)
            throw new InvalidSetting("steps", "must be MIN..MAX with 1 <= MIN <= MAX <= 1024");
        if (!(lr > 0) || !(lrFinal > 0)) throw new InvalidSetting("learning rate", "must be positive");
        if (channels < 3) throw new InvalidSetting("channels", "must be at least 3");
        if (hidden < 1) throw new InvalidSetting("hidden", "must be positive");
        if (!(fireRate > 0 && fireRate <= 1)) throw new InvalidSetting("fire rate", "must be in (0, 1]");
        if (resetEvery < 1) throw new InvalidSetting("reset interval", "must be positive");
        try {
            lossConfigOf(lossLevels, patch, projections, colourWeight);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(null, e.getMessage());
        }
        int min = new PatchLoss.Config(lossLevels, patch, projections, colourWeight, 4096).minTrainingSide();
        int unit = 1 << (lossLevels - 1);
        if (size < min || size % unit != 0)
            throw new InvalidSetting("size", "must be a multiple of " + unit + " and at least " + min + " for "
                    + lossLevels + " loss levels of " + patch + "x" + patch + " patches, got " + size);
    }

    /** A setting out of range (a usage error): which one ({@code null} when it is not one setting) and the problem. */
    public static final class InvalidSetting extends CellscapeException {
        private final String setting, problem;

        InvalidSetting(String setting, String problem) {
            super(USAGE, setting == null ? problem : setting + " " + problem);
            this.setting = setting;
            this.problem = problem;
        }

        /** The setting in words ("iterations", "learning rate", ...), or null. */
        public String setting() {
            return setting;
        }

        public String problem() {
            return problem;
        }
    }

    private static PatchLoss.Config lossConfigOf(int levels, int patch, int projections, double colourWeight) {
        return new PatchLoss.Config(levels, patch, projections, colourWeight, 4096);
    }

    public PatchLoss.Config lossConfig() {
        return lossConfigOf(lossLevels, patch, projections, colourWeight);
    }

    /** Cosine decay from lr to lrFinal over the run. */
    public double learningRate(int iteration) {
        double t = Math.min(1.0, iteration / (double) Math.max(1, iterations - 1));
        return lrFinal + 0.5 * (lr - lrFinal) * (1 + Math.cos(Math.PI * t));
    }

    /** A checkpoint of {@code other} may continue under this config: all but the iteration count must match. */
    public boolean sameRun(TrainConfig other) {
        return withIterations(0).equals(other.withIterations(0));
    }

    public TrainConfig withIterations(int n) {
        return new TrainConfig(exemplar, Math.max(n, 1), size, batch, stepsMin, stepsMax, pool, lr, lrFinal, seed, channels,
                hidden, fireRate, resetEvery, lossLevels, patch, projections, colourWeight, overflowWeight, rules, mixed, scale, seedNoise, replaceWorst, patchWeight, style, prompt);
    }

    /**
     * The same run with the exemplar resampled by {@code s}, pool resets to seeded noise of amplitude {@code noise}
     * (0: zeros), and the reset taken by the batch sample of the worst last loss ({@code worst}) instead of the first.
     */
    public TrainConfig withLevers(double s, float noise, boolean worst) {
        return new TrainConfig(exemplar, iterations, size, batch, stepsMin, stepsMax, pool, lr, lrFinal, seed, channels,
                hidden, fireRate, resetEvery, lossLevels, patch, projections, colourWeight, overflowWeight, rules, mixed, s, noise, worst, patchWeight, style, prompt);
    }

    /** The same run with the patch loss weighted by {@code patchW} and the style loss {@code s} (null: none). */
    public TrainConfig withStyle(double patchW, Style s) {
        return new TrainConfig(exemplar, iterations, size, batch, stepsMin, stepsMax, pool, lr, lrFinal, seed, channels,
                hidden, fireRate, resetEvery, lossLevels, patch, projections, colourWeight, overflowWeight, rules, mixed, scale, seedNoise, replaceWorst, patchW, s, prompt);
    }

    /** The same run with the CLIP loss {@code p} (null: none). */
    public TrainConfig withPrompt(Prompt p) {
        return new TrainConfig(exemplar, iterations, size, batch, stepsMin, stepsMax, pool, lr, lrFinal, seed, channels,
                hidden, fireRate, resetEvery, lossLevels, patch, projections, colourWeight, overflowWeight, rules, mixed, scale, seedNoise, replaceWorst, patchWeight, style, p);
    }
}
