package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.cellscape.image.ImageReaders;
import org.cellscape.model.ModelIO;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** models list/sheet, the --json outputs and the completion script, through the CLI. */
class BrowseAndJsonCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    Path models;

    @BeforeEach
    void models() throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        ModelIO.write(TestModels.anyFamily(1, 5, 8), models.resolve("alpha.safetensors"));
        ModelIO.write(TestModels.anyFamily(2, 6, 4), models.resolve("beta.safetensors"));
        ModelIO.write(TestModels.anyFamily(3, 5, 8), models.resolve("gamma.safetensors"));
    }

    static String shownHash(Path model) {
        return CliTestSupport.run("models", "show", model.toString()).out().lines().filter(l -> l.startsWith("hash")).findFirst().orElseThrow().substring(4).strip();
    }

    @Test
    void modelsListShowsEachModelWithTheHashModelsShowPrints() throws Exception {
        CliTestSupport r = CliTestSupport.run("models", "list", models.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertTrue(lines.get(0).matches("NAME +FAMILY +CH/HIDDEN +RULES +FILE +HASH"), lines.get(0));
        assertTrue(lines.get(2).contains(" 6/4 ") && lines.get(2).endsWith(shownHash(models.resolve("beta.safetensors"))), lines.get(2));

        JsonNode j = JSON.readTree(CliTestSupport.run("models", "list", models.toString(), "--json").out());
        assertEquals(3, j.size());
        assertEquals(shownHash(models.resolve("gamma.safetensors")), j.get(2).get("hash").asText());
        assertEquals(6, j.get(1).get("channels").asInt());
        JsonNode one = JSON.readTree(CliTestSupport.run("models", "show", models.resolve("beta.safetensors").toString(), "--json").out());
        assertEquals(j.get(1), one, "list and show agree");

        Files.writeString(models.resolve("broken.safetensors"), "not a model");
        CliTestSupport bad = CliTestSupport.run("models", "list", models.toString());
        assertEquals(3, bad.code());
        assertTrue(bad.out().contains("ERROR: "), bad.out());
    }

    @Test
    void sheetShowsEachModelAsItsOwnRender() throws Exception {
        Path sheet = dir.resolve("sheet.png");
        CliTestSupport r = CliTestSupport.run("models", "sheet", models.toString(), "--out", sheet.toString(), "--size", "32", "--backend", "reference", "--quiet");
        assertEquals(0, r.code(), r.err());
        BufferedImage img = ImageIO.read(sheet.toFile());
        String[] names = {"alpha", "beta", "gamma"};
        for (int i = 0; i < names.length; i++) {
            // what 'render --model M --size 32' writes, 16-bit, read back by ImageIO
            Path single = dir.resolve(names[i] + ".png");
            assertEquals(0, CliTestSupport.run("render", "--model", models.resolve(names[i] + ".safetensors").toString(), "--size", "32",
                    "--backend", "reference", "--quiet", "--out", single.toString()).code());
            int[] s = ImageReaders.readRgb16(single).samples();
            int x0 = 8 + i * (32 + 8), y0 = 28 + 8 + 40; // gap, title, label band (the contact sheet's layout)
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++) {
                    int p = img.getRGB(x0 + x, y0 + y);
                    int[] got = {p >> 16 & 255, p >> 8 & 255, p & 255};
                    for (int c = 0; c < 3; c++)
                        assertEquals(s[(y * 32 + x) * 3 + c] / 257.0, got[c], 1.0, names[i] + " at " + x + "," + y);
                }
        }
    }

    @Test
    void jsonOutputsParse() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), "name: pee\nmodel: models/alpha.safetensors\nsize: 64x32\n");
        JsonNode presets = JSON.readTree(CliTestSupport.run("presets", "list", dir.toString(), "--json").out());
        assertEquals("pee", presets.get(0).get("name").asText());
        assertEquals(64, presets.get(0).get("width").asInt());
        JsonNode bench = JSON.readTree(CliTestSupport.run("bench", "--backend", "reference", "--size", "16", "--steps", "1", "--runs", "3", "--warmup", "0", "--json").out());
        assertEquals(3, bench.get("runRates").size());
        assertTrue(bench.get("cellUpdatesPerSecond").get("median").asDouble() > 0);
        JsonNode devices = JSON.readTree(CliTestSupport.run("devices", "--json").out());
        boolean reference = false;
        for (JsonNode b : devices.get("backends")) reference |= b.get("name").asText().equals("reference") && b.get("available").asBoolean();
        assertTrue(reference, devices.toString());
    }

    @Test
    void presetsShowPrintsNumbersAsWritten() throws Exception {
        Files.writeString(dir.resolve("n.yaml"), "model: models/alpha.safetensors\nsize: 64x32\nfire_rate: 0.3\ncolour: {scale: 0.7, offset: 0.45}\n");
        CliTestSupport r = CliTestSupport.run("presets", "show", dir.resolve("n.yaml").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("colour     scale 0.7, offset 0.45\n") && r.out().contains("fire rate  0.3\n"), r.out());
    }

    @Test
    void completionScriptCompletesSubcommands() throws Exception {
        assumeTrue(RenderCommandTest.has("bash"), "bash not installed");
        CliTestSupport r = CliTestSupport.run("completion");
        assertEquals(0, r.code(), r.err());
        Path script = Files.writeString(dir.resolve("c.bash"), r.out());
        Path probe = Files.writeString(dir.resolve("probe.bash"), "source \"$1\"\nCOMP_WORDS=(cellscape models s); COMP_CWORD=2; COMP_LINE='cellscape models s'; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_cellscape\necho \"${COMPREPLY[*]}\"\n");
        String got = RenderCommandTest.tool("bash", probe.toString(), script.toString()).strip();
        assertEquals(List.of("sheet", "show"), List.of(got.split(" ")).stream().sorted().toList(), got);
    }
}
