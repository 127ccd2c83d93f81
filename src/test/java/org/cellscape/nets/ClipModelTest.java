package org.cellscape.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.cellscape.model.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CLIP folder that cannot be used: one line naming the file and the problem, exit 3. */
class ClipModelTest {
    static final Path TINY = Path.of("src/test/resources/clip/tiny");

    static Path copy(Path tmp) throws Exception {
        Path d = Files.createDirectories(tmp.resolve("clip"));
        try (var files = Files.list(TINY)) {
            for (Path f : files.toList()) Files.copy(f, d.resolve(f.getFileName()));
        }
        return d;
    }

    static String refused(Path dir) {
        CellscapeException e = assertThrows(CellscapeException.class, () -> ClipModel.load(dir, false));
        assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
        assertEquals(1, e.getMessage().lines().count());
        return e.getMessage();
    }

    @Test
    void missingTokenizerFiles(@TempDir Path tmp) throws Exception {
        Path d = copy(tmp);
        Files.delete(d.resolve("merges.txt"));
        assertTrue(refused(d).contains("no merges.txt"), refused(d));
        Files.delete(d.resolve("vocab.json"));
        assertTrue(refused(d).contains("no vocab.json"), refused(d));
    }

    @Test
    void unsupportedConfig(@TempDir Path tmp) throws Exception {
        Path d = copy(tmp);
        String cfg = Files.readString(d.resolve("config.json"));
        Files.writeString(d.resolve("config.json"), cfg.replaceFirst("\"quick_gelu\"", "\"gelu\""));
        assertTrue(refused(d).matches(".*config.json: unsupported CLIP config: text_config.hidden_act is 'gelu'.*"), refused(d));
        Files.writeString(d.resolve("config.json"), cfg.replace("\"patch_size\": 16", "\"patch_size\": 15"));
        assertTrue(refused(d).contains("image_size 64 is not a multiple of patch_size 15"), refused(d));
    }

    @Test
    void missingAndMisShapedTensors(@TempDir Path tmp) throws Exception {
        Path d = copy(tmp);
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(SafeTensors.read(d.resolve("model.safetensors")).tensors());
        SafeTensors.Tensor proj = t.remove("visual_projection.weight");
        Files.write(d.resolve("model.safetensors"), SafeTensors.toBytes(t, Map.of()));
        assertTrue(refused(d).endsWith("model.safetensors: tensor 'visual_projection.weight' is missing (expected shape [24, 64])"), refused(d));
        t.put("visual_projection.weight", new SafeTensors.Tensor("F32", new int[]{64, 24}, proj.data()));
        Files.write(d.resolve("model.safetensors"), SafeTensors.toBytes(t, Map.of()));
        assertTrue(refused(d).endsWith("tensor 'visual_projection.weight' has shape [64, 24], expected [24, 64]"), refused(d));
    }

    @Test
    void aLongPromptIsCutAndSaysSo() {
        ClipModel m = ClipModel.load(TINY, false);
        List<String> warnings = new ArrayList<>();
        double[] cut = m.embedPrompt("stones ".repeat(90), warnings::add);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("prompt is 90 tokens, CLIP reads 75"), warnings.get(0));
        assertEquals(0, ClipModelTest.max(cut, m.embedPrompt("stones ".repeat(75), warnings::add)));
        assertEquals(1, warnings.size());
    }

    static double max(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
