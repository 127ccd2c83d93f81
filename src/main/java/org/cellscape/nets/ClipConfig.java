package org.cellscape.nets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cellscape.CellscapeException;

/**
 * A Hugging Face CLIP {@code config.json} (top level {@code projection_dim}, {@code text_config}, {@code vision_config}).
 * Fields a checkpoint leaves out take the defaults of the {@code transformers} config classes, which are
 * openai/clip-vit-base-patch32's.
 */
public record ClipConfig(Tower text, Tower vision, int projection, int vocab, int context, int imageSize, int patch) {
    /** One transformer tower: width, depth, heads, MLP width and layer-norm epsilon. */
    public record Tower(int width, int layers, int heads, int mlp, double eps) {
        public int headDim() {
            return width / heads;
        }
    }

    /** openai/clip-vit-base-patch32's shapes. */
    public static ClipConfig vitB32() {
        return new ClipConfig(new Tower(512, 12, 8, 2048, 1e-5), new Tower(768, 12, 12, 3072, 1e-5), 512, 49408, 77, 224, 32);
    }

    public int patchesPerSide() {
        return imageSize / patch;
    }

    /** Tokens of the vision tower: the class token and one per patch. */
    public int visionTokens() {
        return patchesPerSide() * patchesPerSide() + 1;
    }

    public static ClipConfig read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw CellscapeException.badInput(file + ": no such file");
        } catch (IOException e) {
            throw CellscapeException.badInput(file + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) throw CellscapeException.badInput(file + ": not a JSON object");
        String type = root.path("model_type").asText("clip");
        if (!type.equals("clip")) throw unsupported(file, "model_type is '" + type + "' (only 'clip' is read)");
        JsonNode t = root.path("text_config"), v = root.path("vision_config");
        Tower text = tower(file, "text_config", t, 512, 12, 8, 2048);
        Tower vision = tower(file, "vision_config", v, 768, 12, 12, 3072);
        int image = number(file, "vision_config.image_size", v.path("image_size"), 224);
        int patch = number(file, "vision_config.patch_size", v.path("patch_size"), 32);
        int channels = number(file, "vision_config.num_channels", v.path("num_channels"), 3);
        if (channels != 3) throw unsupported(file, "vision_config.num_channels is " + channels + " (RGB, 3, is read)");
        if (image % patch != 0) throw unsupported(file, "image_size " + image + " is not a multiple of patch_size " + patch);
        return new ClipConfig(text, vision, number(file, "projection_dim", root.path("projection_dim"), 512),
                number(file, "text_config.vocab_size", t.path("vocab_size"), 49408),
                number(file, "text_config.max_position_embeddings", t.path("max_position_embeddings"), 77), image, patch);
    }

    private static Tower tower(Path file, String name, JsonNode n, int width, int layers, int heads, int mlp) {
        String act = n.path("hidden_act").asText("quick_gelu");
        if (!act.equals("quick_gelu")) throw unsupported(file, name + ".hidden_act is '" + act + "' (only quick_gelu, the OpenAI models', is implemented)");
        Tower t = new Tower(number(file, name + ".hidden_size", n.path("hidden_size"), width),
                number(file, name + ".num_hidden_layers", n.path("num_hidden_layers"), layers),
                number(file, name + ".num_attention_heads", n.path("num_attention_heads"), heads),
                number(file, name + ".intermediate_size", n.path("intermediate_size"), mlp),
                n.path("layer_norm_eps").isNumber() ? n.path("layer_norm_eps").asDouble() : 1e-5);
        if (t.width() % t.heads() != 0) throw unsupported(file, name + ": hidden_size " + t.width() + " is not a multiple of num_attention_heads " + t.heads());
        if (!(t.eps() > 0)) throw unsupported(file, name + ".layer_norm_eps must be positive");
        return t;
    }

    private static int number(Path file, String name, JsonNode n, int otherwise) {
        if (n.isMissingNode() || n.isNull()) return otherwise;
        if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > 1 << 20) throw unsupported(file, name + " is " + n + " (a positive whole number expected)");
        return n.asInt();
    }

    private static CellscapeException unsupported(Path file, String problem) {
        return CellscapeException.badInput(file + ": unsupported CLIP config: " + problem);
    }
}
