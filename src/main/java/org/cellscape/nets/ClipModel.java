package org.cellscape.nets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.cellscape.CellscapeException;
import org.cellscape.image.ImageReaders;
import org.cellscape.model.SafeTensors;

/**
 * A CLIP model from a Hugging Face folder: {@code config.json}, {@code model.safetensors}, {@code vocab.json},
 * {@code merges.txt} (openai/clip-vit-base-patch32 and -patch16 and others of that architecture).
 */
public final class ClipModel {
    private static final String[] FILES = {"config.json", "model.safetensors", "vocab.json", "merges.txt"};

    private final ClipConfig config;
    private final ClipTokenizer tokenizer;
    private final ClipText text;
    private final ClipVision vision;

    private ClipModel(ClipConfig config, ClipTokenizer tokenizer, ClipText text, ClipVision vision) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.text = text;
        this.vision = vision;
    }

    /**
     * Reads the folder; {@code backward}: the vision tower is built for input gradients too (training), which
     * holds a transposed copy of its weights.
     */
    public static ClipModel load(Path dir, boolean backward) {
        ClipConfig cfg = checkFolder(dir);
        ClipTokenizer tok = ClipTokenizer.read(dir.resolve("vocab.json"), dir.resolve("merges.txt"), cfg.context());
        Path file = dir.resolve("model.safetensors");
        return of(cfg, tok, SafeTensors.read(file).tensors(), file.toString(), backward);
    }

    /**
     * First 16 hex digits of the SHA-256 of the folder's four files (config, vocabulary, merges, weights), read as a
     * stream: the same folder, the same hash, which a training run records to refuse resuming with other weights.
     */
    public static String hash(Path dir) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (String f : new String[] {"config.json", "vocab.json", "merges.txt", "model.safetensors"}) {
                try (java.io.InputStream in = java.nio.file.Files.newInputStream(dir.resolve(f))) {
                    for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
                }
            }
            return java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (java.io.IOException e) {
            throw org.cellscape.CellscapeException.badInput("cannot read the CLIP folder " + dir + ": " + e.getMessage());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks, without reading the weights, that {@code dir} holds a CLIP folder's files and a config this code runs; returns the config. */
    public static ClipConfig checkFolder(Path dir) {
        if (!Files.isDirectory(dir)) throw CellscapeException.badInput(dir + ": no such folder (a CLIP folder holds " + String.join(", ", FILES) + ")");
        for (String f : FILES)
            if (!Files.isRegularFile(dir.resolve(f)))
                throw CellscapeException.badInput(dir + ": no " + f + " (a Hugging Face CLIP folder holds " + String.join(", ", FILES) + ")");
        return ClipConfig.read(dir.resolve("config.json"));
    }

    /** A model from tensors in memory (tests, benchmarks with random weights); {@code source} names them in errors. */
    public static ClipModel of(ClipConfig cfg, ClipTokenizer tok, Map<String, SafeTensors.Tensor> tensors, String source, boolean backward) {
        ClipWeights w = new ClipWeights(source, tensors);
        return new ClipModel(cfg, tok, tok == null ? null : new ClipText(cfg, w, tok.endId()), new ClipVision(cfg, w, backward));
    }

    public ClipConfig config() {
        return config;
    }

    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    public ClipText text() {
        return text;
    }

    public ClipVision vision() {
        return vision;
    }

    /** The prompt's text embedding; a prompt longer than the context is cut, and {@code warn} told so. */
    public double[] embedPrompt(String prompt, Consumer<String> warn) {
        ClipTokenizer.Tokens t = tokenizer.encode(prompt);
        if (t.truncated())
            warn.accept("prompt is " + t.tokens() + " tokens, CLIP reads " + (config.context() - 2) + ": the rest is ignored (\""
                    + org.cellscape.TerminalText.escape(prompt.length() > 60 ? prompt.substring(0, 60) + "..." : prompt) + "\")");
        return text.embed(t.ids());
    }

    /** The image embedding of a picture file (any size: its centred square, resized). */
    public double[] embedImage(Path file) {
        return vision.forward(vision.pixels(ImageReaders.read(file).image()), null);
    }

    /** Cosine similarity, the CLIP score. */
    public static double cosine(double[] a, double[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
