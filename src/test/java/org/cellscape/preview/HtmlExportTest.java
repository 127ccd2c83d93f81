package org.cellscape.preview;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellscape.CellscapeException;
import org.cellscape.cli.Main;
import org.cellscape.engine.Rng;
import org.cellscape.model.Family;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported page without a browser: self-contained, exact weights, safe embedding, atomic writing, CLI errors. */
class HtmlExportTest {
    @TempDir
    Path tmp;

    static NcaModel model(Family f, int channels, int hidden, String name) {
        Random r = new Random(channels * 31L + hidden);
        int in = channels * 4;
        float[] w1 = new float[hidden * in], b1 = new float[hidden], w2 = new float[channels * hidden], b2 = new float[channels];
        for (float[] a : new float[][]{w1, b1, w2, b2})
            for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian() * 0.1f;
        return NcaModel.builder(f, channels, hidden).name(name).weights(w1, b1, w2, b2).build();
    }

    static JsonNode config(String html) throws Exception {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"cellscape-config\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "config script element");
        return new ObjectMapper().readTree(m.group(1));
    }

    static float[] floats(JsonNode n) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(n.asText())).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    @Test
    void pageLoadsNothingFromOutside() {
        String html = HtmlExport.page(model(Family.GOOGLE, 12, 96, "m"), HtmlExport.Options.defaults());
        for (String bad : new String[]{"http:", "https:", "//cdn", "src=", "@import", "url(", "<iframe", "fetch(", "XMLHttpRequest", "import("})
            assertFalse(html.contains(bad), "page contains " + bad);
        assertEquals(1, html.split("<link", -1).length - 1, "only the data: icon link");
        assertTrue(html.contains("<link rel=\"icon\" href=\"data:,\">"));
        assertFalse(html.contains("{{"), "every placeholder filled");
    }

    @Test
    void configCarriesTheExactModel() throws Exception {
        NcaModel m = model(Family.PYTORCH, 7, 20, "seven");
        JsonNode c = config(HtmlExport.page(m, new HtmlExport.Options(64, 40, 3, 5, -123456789012345L, 0.25f)));
        assertEquals(7, c.get("channels").asInt());
        assertEquals(20, c.get("hidden").asInt());
        assertEquals(m.inputs(), c.get("inputs").asInt());
        assertArrayEquals(m.w1(), floats(c.get("w1")));
        assertArrayEquals(m.b1(), floats(c.get("b1")));
        assertArrayEquals(m.w2(), floats(c.get("w2")));
        assertArrayEquals(m.b2(), floats(c.get("b2")));
        float[] k = floats(c.get("kernels"));
        assertEquals(m.kernelCount() * 9, k.length);
        for (int i = 0; i < m.kernelCount(); i++) assertArrayEquals(m.kernel(i), java.util.Arrays.copyOfRange(k, i * 9, i * 9 + 9));
        assertEquals(Rng.threshold(m.fireRate()), c.get("threshold").asInt());
        assertTrue(c.get("clip").get("perception").isNull(), "NaN clip = none");
        assertEquals(m.colourScale(), c.get("colourScale").floatValue());
        assertEquals(m.colourOffset(), c.get("colourOffset").floatValue());
        assertEquals("-123456789012345", c.get("seed").asText());
        assertEquals(64, c.get("width").asInt());
        assertEquals(40, c.get("height").asInt());
        assertEquals(3, c.get("brush").asInt());
        assertEquals(5, c.get("stepsPerFrame").asInt());
        assertEquals(0.25f, c.get("noise").floatValue());
        JsonNode g = config(HtmlExport.page(model(Family.GOOGLE, 12, 96, "g"), HtmlExport.Options.defaults()));
        assertEquals(2f, g.get("clip").get("state").floatValue());
    }

    @Test
    void aHostileModelNameStaysText() throws Exception {
        String name = "</script><script>alert(1)</script> {{SCRIPT}} & \"q\"";
        String html = HtmlExport.page(model(Family.GOOGLE, 4, 8, name), HtmlExport.Options.defaults());
        assertEquals(2, html.split("</script>", -1).length - 1, "only the page's own two script elements close");
        assertTrue(html.contains("<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; {{SCRIPT}} &amp; &quot;q&quot; · cellscape</title>"));
        assertEquals(name, config(html).get("name").asText());
    }

    @Test
    void writesAtomicallyAndReportsFailures() throws Exception {
        Path out = tmp.resolve("p.html");
        Files.writeString(out, "old");
        HtmlExport.write(model(Family.GOOGLE, 12, 16, "x"), out, HtmlExport.Options.defaults());
        assertTrue(Files.readString(out).startsWith("<!DOCTYPE html>"));
        assertFalse(Files.exists(tmp.resolve("p.html.partial")));
        Path bad = tmp.resolve("missing/p.html");
        CellscapeException e = assertThrows(CellscapeException.class,
                () -> HtmlExport.write(model(Family.GOOGLE, 12, 16, "x"), bad, HtmlExport.Options.defaults()));
        assertEquals(CellscapeException.IO, e.exitCode());
        assertFalse(Files.exists(bad));
    }

    @Test
    void optionsAreChecked() {
        assertThrows(CellscapeException.class, () -> HtmlExport.Options.defaults().withSize(4, 100));
        assertThrows(CellscapeException.class, () -> HtmlExport.Options.defaults().withSize(100, 5000));
        assertThrows(CellscapeException.class, () -> HtmlExport.Options.defaults().withBrush(0));
        assertThrows(CellscapeException.class, () -> HtmlExport.Options.defaults().withStepsPerFrame(65));
        assertThrows(CellscapeException.class, () -> HtmlExport.Options.defaults().withNoise(Float.NaN));
    }

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.execute(new PrintWriter(o, true), new PrintWriter(e, true), args);
        return new Run(code, o.toString(), e.toString());
    }

    @Test
    void commandWritesThePageAndFailsClearly() throws Exception {
        Path model = tmp.resolve("m.safetensors");
        ModelIO.write(model(Family.GOOGLE, 12, 32, "lichen"), model);
        Path out = tmp.resolve("lichen.html");
        Run ok = cli("export-html", model.toString(), "--out", out.toString(), "--size", "96x64", "--brush", "4", "--seed", "9");
        assertEquals(0, ok.code(), ok.err());
        JsonNode c = config(Files.readString(out));
        assertEquals("lichen", c.get("name").asText());
        assertEquals(96, c.get("width").asInt());
        assertEquals(64, c.get("height").asInt());
        assertEquals(4, c.get("brush").asInt());
        assertEquals("9", c.get("seed").asText());

        Run missing = cli("export-html", tmp.resolve("nope.safetensors").toString(), "--out", tmp.resolve("a.html").toString());
        assertEquals(CellscapeException.BAD_INPUT, missing.code());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertFalse(Files.exists(tmp.resolve("a.html")));
        assertEquals(CellscapeException.USAGE, cli("export-html", model.toString(), "--out", out.toString(), "--size", "4").code());
        assertEquals(CellscapeException.USAGE, cli("export-html", model.toString(), "--out", out.toString(), "--size", "big").code());
        assertEquals(CellscapeException.USAGE, cli("export-html", model.toString()).code(), "--out is required");
        assertEquals(CellscapeException.IO, cli("export-html", model.toString(), "--out", tmp.resolve("no/dir/x.html").toString()).code());
    }

    @Test
    void aPresetGivesItsModelWithThePresetsColours() throws Exception {
        Path model = tmp.resolve("m.safetensors");
        ModelIO.write(model(Family.GOOGLE, 12, 32, "lichen"), model);
        Path preset = tmp.resolve("rock.yaml");
        Files.writeString(preset, "name: rock\nmodel: m.safetensors\ncolour: {scale: 0.7, offset: 0.42}\nfire_rate: 0.25\n");
        Path out = tmp.resolve("rock.html");
        Run ok = cli("export-html", preset.toString(), "--out", out.toString(), "--size", "32");
        assertEquals(0, ok.code(), ok.err());
        JsonNode c = config(Files.readString(out));
        assertEquals("rock (lichen)", c.get("name").asText());
        assertEquals(0.7f, (float) c.get("colourScale").asDouble());
        assertEquals(0.42f, (float) c.get("colourOffset").asDouble());
        Files.writeString(preset, "name: rock\nmodel: gone.safetensors\n");
        assertEquals(CellscapeException.BAD_INPUT, cli("export-html", preset.toString(), "--out", out.toString()).code());
    }
}
