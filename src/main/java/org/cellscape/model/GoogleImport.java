package org.cellscape.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.cellscape.image.ImageReaders;

/**
 * Imports Google's texture-NCA atlas ("Self-Organising Textures", the WebGL demo's models.json).
 *
 * <p>Format: two layers, each a PNG data URL holding every model's weights as one uint8 atlas (4 values per pixel,
 * RGBA). Layer shapes are [inputs+1, outputs] with the bias as the last row; model i occupies the block at column
 * i % layout[0], row i / layout[0], each block outputs/4 pixels wide and inputs+1 tall; output j of a row is
 * pixel j / 4, component j % 4. byte = round(w / scale * 255 + 127). The first layer's 48 input rows are in
 * (filter, channel) order — the exporter's regrouping for the shader — so row k*12 + c is our feature c*4 + k.
 */
public final class GoogleImport {
    /** One model of the atlas, named after its texture. */
    public record Entry(String name, String fullName, NcaModel model) {}

    /** Google's atlas is about 0.3 M pixels; far more is a corrupt or hostile file. */
    static final long MAX_ATLAS_PIXELS = 1L << 24;
    private static final int MAX_SIDE = 4096;
    private static final long MAX_FILE = 64L << 20;
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private GoogleImport() {}

    public static List<Entry> read(Path modelsJson) {
        byte[] bytes;
        try {
            if (Files.size(modelsJson) > MAX_FILE) throw new ModelException(modelsJson, "larger than " + MAX_FILE + " bytes: not an atlas");
            bytes = Files.readAllBytes(modelsJson);
        } catch (NoSuchFileException e) {
            throw new ModelException(modelsJson, "no such file");
        } catch (IOException e) {
            throw new ModelException(modelsJson, "cannot read: " + e.getMessage());
        }
        return parse(modelsJson, bytes);
    }

    /** The atlas in {@code bytes}; {@code modelsJson} names it in errors. */
    public static List<Entry> parse(Path modelsJson, byte[] bytes) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new ModelException(modelsJson, "not a readable models.json: " + SafeTensors.jsonProblem(e));
        }
        if (root == null || !root.isObject()) throw new ModelException(modelsJson, "not a JSON object (Google texture-NCA export format)");
        JsonNode names = root.path("model_names"), layers = root.path("layers");
        if (!names.isArray() || !layers.isArray() || layers.size() != 2)
            throw new ModelException(modelsJson, "expected 'model_names' and two 'layers' (Google texture-NCA export format)");
        Layer l1 = Layer.of(modelsJson, layers.get(0)), l2 = Layer.of(modelsJson, layers.get(1));
        final int channels = l2.outputs, kernels = 4, hidden = l1.outputs;
        if (l1.inputs != channels * kernels || l2.inputs != hidden)
            throw new ModelException(modelsJson, "layer shapes " + l1.inputs + "x" + l1.outputs + " and " + l2.inputs + "x" + l2.outputs + " do not form a texture NCA");
        if (channels < 3) throw new ModelException(modelsJson, "the second layer has " + channels + " outputs; a texture NCA has at least 3 channels");
        List<String> fileNames = fileNames(modelsJson, names);
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            float[][] a = l1.block(modelsJson, i), b = l2.block(modelsJson, i);
            float[] w1 = new float[hidden * l1.inputs], b1 = new float[hidden];
            for (int j = 0; j < hidden; j++) {
                for (int c = 0; c < channels; c++)
                    for (int k = 0; k < kernels; k++) w1[j * l1.inputs + c * kernels + k] = a[k * channels + c][j];
                b1[j] = a[l1.inputs][j];
            }
            float[] w2 = new float[channels * hidden], b2 = new float[channels];
            for (int c = 0; c < channels; c++) {
                for (int j = 0; j < hidden; j++) w2[c * hidden + j] = b[j][c];
                b2[c] = b[hidden][c];
            }
            String full = names.get(i).asText(), name = fileNames.get(i);
            NcaModel m = NcaModel.builder(Family.GOOGLE, channels, hidden).name(name)
                    .weights(w1, b1, w2, b2)
                    .metadata("source", "Google Research self-organising-systems texture_ca (" + full + ")")
                    .metadata("license", "Apache-2.0, Copyright Google LLC")
                    .metadata("description", "Imported from the Self-Organising Textures WebGL atlas (weights quantised to 8 bits)")
                    .build();
            out.add(new Entry(name, full, m));
        }
        return out;
    }

    /**
     * The file name of every texture (its name after the last '/'): plain words, so no name can point outside the
     * output folder, and unique even on a case-insensitive disk, so no import overwrites another texture's file.
     */
    private static List<String> fileNames(Path file, JsonNode names) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).isTextual()) throw new ModelException(file, "model_names[" + i + "] is not a string");
            String full = names.get(i).asText(), name = full.substring(full.lastIndexOf('/') + 1);
            if (!SAFE_NAME.matcher(name).matches())
                throw new ModelException(file, "model_names[" + i + "] '" + full + "' does not end in a plain file name (letters, digits, '.', '_', '-')");
            Integer first = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
            if (first != null)
                throw new ModelException(file, "model_names[" + first + "] and [" + i + "] both import as '" + name + "' (names must differ after the last '/', ignoring case)");
            out.add(name);
        }
        return out;
    }

    /** One dense layer's atlas. */
    private record Layer(int inputs, int outputs, float scale, int cols, int rows, Raster raster) {
        static Layer of(Path file, JsonNode n) {
            JsonNode shape = n.path("shape"), layout = n.path("layout");
            String data = n.path("data").asText("");
            int comma = data.indexOf(',');
            if (shape.size() != 2 || layout.size() != 2 || comma < 0 || !n.path("scale").isNumber())
                throw new ModelException(file, "a layer lacks shape, layout, scale or a data URL");
            for (JsonNode v : List.of(shape.get(0), shape.get(1), layout.get(0), layout.get(1)))
                if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > MAX_SIDE)
                    throw new ModelException(file, "a layer's shape " + shape + " or layout " + layout + " is not whole numbers 1.." + MAX_SIDE);
            if (!(n.path("scale").asDouble() > 0 && Double.isFinite(n.path("scale").asDouble())))
                throw new ModelException(file, "a layer's scale " + n.path("scale") + " is not a positive number");
            byte[] png;
            try {
                png = Base64.getDecoder().decode(data.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                throw new ModelException(file, "a layer's weight atlas is not base64 data");
            }
            BufferedImage img = ImageReaders.decode(png, file + " (a layer's weight atlas)", MAX_ATLAS_PIXELS);
            if (img.getRaster().getNumBands() != 4) throw new ModelException(file, "a layer's weight atlas is not an RGBA PNG");
            Layer l = new Layer(shape.get(0).asInt() - 1, shape.get(1).asInt(), (float) n.path("scale").asDouble(),
                    layout.get(0).asInt(), layout.get(1).asInt(), img.getRaster());
            if (l.outputs % 4 != 0 || img.getWidth() != l.cols * l.outputs / 4 || img.getHeight() != l.rows * (l.inputs + 1))
                throw new ModelException(file, "atlas size " + img.getWidth() + "x" + img.getHeight() + " does not match shape " + shape + " and layout " + layout);
            return l;
        }

        /** Model i's weights, [inputs+1][outputs] (last row: bias). */
        float[][] block(Path file, int i) {
            if (i >= cols * rows) throw new ModelException(file, "model " + i + " lies outside the atlas layout");
            int x0 = (i % cols) * outputs / 4, y0 = (i / cols) * (inputs + 1);
            float[][] w = new float[inputs + 1][outputs];
            int[] px = new int[4];
            for (int r = 0; r <= inputs; r++)
                for (int p = 0; p < outputs / 4; p++) {
                    raster.getPixel(x0 + p, y0 + r, px);
                    for (int k = 0; k < 4; k++) w[r][p * 4 + k] = (px[k] - 127) / 255f * scale;
                }
            return w;
        }
    }
}
