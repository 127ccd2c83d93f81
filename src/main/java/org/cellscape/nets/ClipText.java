package org.cellscape.nets;

/**
 * CLIP's text tower ({@code CLIPTextTransformer} and {@code text_projection}), forward only: token and position
 * embeddings, causal transformer blocks, the final layer norm, the end token's row projected. A prompt runs
 * unpadded: under the causal mask nothing after the end token reaches it, so padding to the context changes nothing.
 */
public final class ClipText {
    private final ClipConfig cfg;
    private final double[] tokens, positions;
    private final EncoderLayer[] layers;
    private final LayerNorm last;
    private final Linear projection;
    private final int endId;

    ClipText(ClipConfig cfg, ClipWeights w, int endId) {
        int d = cfg.text().width();
        this.cfg = cfg;
        this.tokens = w.take("text_model.embeddings.token_embedding.weight", cfg.vocab(), d);
        this.positions = w.take("text_model.embeddings.position_embedding.weight", cfg.context(), d);
        this.layers = w.layers("text_model", cfg.text(), true, false);
        this.last = w.norm("text_model.final_layer_norm", d, cfg.text().eps());
        this.projection = new Linear(w.take("text_projection.weight", cfg.projection(), d), null, d, cfg.projection(), false);
        this.endId = endId;
    }

    /** The projected (not normalised) embedding of token ids that start with the start token and hold the end token. */
    public double[] embed(int[] ids) {
        int d = cfg.text().width(), at = -1;
        if (ids.length > cfg.context()) throw new IllegalArgumentException(ids.length + " tokens exceed the context of " + cfg.context());
        for (int i = 0; i < ids.length && at < 0; i++) {
            if (ids[i] < 0 || ids[i] >= cfg.vocab()) throw new IllegalArgumentException("token id " + ids[i] + " is outside the vocabulary");
            if (ids[i] == endId) at = i;
        }
        if (at < 0) throw new IllegalArgumentException("no end token among the ids");
        int n = at + 1; // what follows the end token cannot reach it
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) x[i * d + j] = tokens[ids[i] * d + j] + positions[i * d + j];
        for (EncoderLayer l : layers) x = l.forward(x, n, null);
        double[] row = java.util.Arrays.copyOfRange(x, at * d, (at + 1) * d);
        return projection.forward(last.forward(row, 1).y(), 1);
    }
}
