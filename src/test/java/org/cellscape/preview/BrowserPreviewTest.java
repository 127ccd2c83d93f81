package org.cellscape.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.Family;
import org.cellscape.model.GoogleImport;
import org.cellscape.model.NcaModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the exported page in headless Chromium (src/test/browser, node's test runner + playwright-core) against the
 * Java engine's results for the same model: the first steps must match the reference step, the grown texture the
 * renderer's colour statistics; erasing and regrowth and the absence of network requests are checked in the page.
 * Skipped, with the reason, when node, Chromium, the node modules or the Google models are not installed.
 */
class BrowserPreviewTest {
    static final Path BROWSER_DIR = Path.of("src/test/browser");
    static final Path GOOGLE = Path.of("../shared/data/google-texture-ca/models.json");
    /** A model that forms a clear texture from zeros within 200 steps at 48x48. */
    static final String MODEL = "dots";
    static final int SIZE = 48, BRUSH = 5, EXACT_STEPS = 4, RENDER_STEPS = 200, REGROW_STEPS = 100;
    static final long SEED = 7;

    @TempDir
    Path tmp;

    @Test
    void pageRunsTheModelInChromium() throws Exception {
        String chromium = chromiumOrSkip();
        assumeTrue(Files.isRegularFile(GOOGLE), "Google texture models not found at " + GOOGLE.toAbsolutePath());

        NcaModel m = GoogleImport.read(GOOGLE).stream().filter(e -> e.name().equals(MODEL)).findFirst().orElseThrow().model();
        Path page = tmp.resolve("preview.html");
        HtmlExport.write(m, page, HtmlExport.Options.defaults().withSize(SIZE, SIZE).withBrush(BRUSH).withSeed(SEED));

        StepContext ctx = new StepContext(SEED, m.fireRate());
        Tile exact = Tile.canvas(SIZE, SIZE, m.channels());
        new ReferenceBackend().advance(exact, m, ctx, 0, 0, EXACT_STEPS);
        Tile grown = Renderer.render(m, Schedule.parse(SIZE + ":zeros:" + RENDER_STEPS), ctx, null, new ReferenceBackend(), RenderListener.NONE);

        ObjectMapper json = new ObjectMapper();
        ObjectNode c = json.createObjectNode();
        c.put("page", page.toAbsolutePath().toString());
        c.put("chromium", chromium);
        c.put("name", m.name());
        c.put("width", SIZE).put("height", SIZE).put("channels", m.channels()).put("brush", BRUSH);
        ColourMap cm = ColourMap.of(m);
        c.putArray("zeroColour").add(cm.unit(0)).add(cm.unit(0)).add(cm.unit(0));
        c.putObject("exact").put("steps", EXACT_STEPS).put("state", PageConfig.base64(exact.data())).put("tolerance", 1e-4);
        double[][] stats = colourStats(grown, cm);
        ObjectNode r = c.putObject("render").put("steps", RENDER_STEPS);
        for (int i = 0; i < 3; i++) {
            r.withArray("mean").add(stats[0][i]);
            r.withArray("std").add(stats[1][i]);
        }
        c.put("regrowSteps", REGROW_STEPS);
        // Odd shapes, step for step: 7 channels, 5 kernels, 2 extra inputs, no clipping, a non-square grid; and
        // 40 channels = 10 textures, more than one pass's 8 render targets.
        var odd = c.putArray("oddCases");
        oddCase(odd, "odd", randomModel(Family.PYTORCH, 7, 5, 2, 20, 0.7f), 24, 20);
        oddCase(odd, "wide", randomModel(Family.GOOGLE, 40, 4, 0, 16, 0.5f), 16, 16);
        // A multi-rule model: the page feeds its control inputs (first rule everywhere, then rule 2 painted over all)
        NcaModel ruled = randomModel(Family.GOOGLE, 8, 4, 3, 16, 0.6f).toBuilder().metadata(NcaModel.RULES, "sea,shore,land").build();
        Path rulesPage = tmp.resolve("rules.html");
        HtmlExport.write(ruled, rulesPage, HtmlExport.Options.defaults().withSize(24, 20).withSeed(SEED).withBrush(3));
        ObjectNode rc = c.putObject("rulesCase").put("page", rulesPage.toAbsolutePath().toString()).put("width", 24).put("height", 20)
                .put("channels", 8).put("brush", 3).put("steps", EXACT_STEPS).put("tolerance", 1e-4);
        rc.putArray("rules").add("sea").add("shore").add("land");
        for (int rule : new int[]{0, 2}) rc.put("state" + rule, PageConfig.base64(ruledSteps(ruled, 24, 20, rule)));
        Path casePath = tmp.resolve("case.json");
        Files.writeString(casePath, json.writeValueAsString(c));

        runNodeTest("preview.test.mjs", "CELLSCAPE_PREVIEW_CASE", casePath, tmp);
    }

    /** The Chromium to drive; skips the test, with the reason, when it, node or the node modules are missing. */
    static String chromiumOrSkip() {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assumeTrue(Files.isExecutable(Path.of(chromium)), "Chromium not found at " + chromium + " (apt-get install chromium, or set CHROMIUM)");
        assumeTrue(nodeWorks(), "node is not on the PATH (apt-get install nodejs)");
        assumeTrue(Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core")),
                "playwright-core is not installed (npm ci --prefix src/test/browser)");
        return chromium;
    }

    /** Runs one of src/test/browser's node test files with its case file; fails with its output unless it passes. */
    static void runNodeTest(String script, String caseVariable, Path casePath, Path tmp) throws Exception {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", script)
                .directory(BROWSER_DIR.toFile()).redirectErrorStream(true);
        pb.environment().put(caseVariable, casePath.toAbsolutePath().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        Path log = tmp.resolve("node.log");
        Thread pump = Thread.ofVirtual().start(() -> {
            try { Files.copy(p.getInputStream(), log); } catch (IOException ignored) { }
        });
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) p.descendants().forEach(ProcessHandle::destroyForcibly);
        if (!done) p.destroyForcibly();
        pump.join(5000);
        String out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        System.out.println(out);
        System.out.printf("browser tests took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(true, done, "browser tests timed out:\n" + out);
        assertEquals(0, p.exitValue(), "browser tests failed:\n" + out);
    }

    private void oddCase(com.fasterxml.jackson.databind.node.ArrayNode cases, String name, NcaModel m, int w, int h) {
        Path page = tmp.resolve(name + ".html");
        HtmlExport.write(m, page, HtmlExport.Options.defaults().withSize(w, h).withSeed(SEED));
        Tile t = Tile.canvas(w, h, m.channels());
        new ReferenceBackend().advance(t, m, new StepContext(SEED, m.fireRate()), 0, 0, EXACT_STEPS);
        cases.addObject().put("name", name).put("page", page.toAbsolutePath().toString()).put("width", w).put("height", h)
                .put("channels", m.channels()).put("steps", EXACT_STEPS).put("state", PageConfig.base64(t.data()))
                .put("tolerance", 1e-4);
    }

    /** The reference state after EXACT_STEPS from zeros with one rule (one-hot) in every cell. */
    static float[] ruledSteps(NcaModel m, int w, int h, int rule) {
        Tile t = Tile.canvas(w, h, m.channels());
        float[] ctl = new float[w * h * m.extraInputs()];
        for (int i = 0; i < w * h; i++) ctl[i * m.extraInputs() + rule] = 1;
        t.setControl(ctl);
        new ReferenceBackend().advance(t, m, new StepContext(SEED, m.fireRate()), 0, 0, EXACT_STEPS);
        return t.data();
    }

    /** Random weights, kernels: the family's first ones plus random 3x3s up to {@code kernels}. */
    static NcaModel randomModel(Family f, int channels, int kernels, int extra, int hidden, float fireRate) {
        Random r = new Random(channels * 1000L + kernels);
        float[][] k = new float[kernels][9];
        for (int i = 0; i < kernels; i++)
            for (int t = 0; t < 9; t++) k[i][t] = i == 0 ? (t == 4 ? 1 : 0) : (r.nextInt(3) == 0 ? 0 : (float) r.nextGaussian() * 0.5f);
        int in = channels * kernels + extra;
        float[] w1 = new float[hidden * in], b1 = new float[hidden], w2 = new float[channels * hidden], b2 = new float[channels];
        for (float[] a : new float[][]{w1, b1, w2, b2})
            for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian() * 0.3f;
        return NcaModel.builder(f, channels, hidden).name("random-" + channels).kernels(k).extraInputs(extra)
                .weights(w1, b1, w2, b2).fireRate(fireRate).build();
    }

    /** Mean and standard deviation of the rendered colour (0..1) per RGB channel. */
    static double[][] colourStats(Tile t, ColourMap cm) {
        double[] sum = new double[3], sq = new double[3];
        int n = t.width() * t.height(), C = t.channels();
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 3; c++) {
                double v = cm.unit(t.data()[i * C + c]);
                sum[c] += v;
                sq[c] += v * v;
            }
        double[][] r = new double[2][3];
        for (int c = 0; c < 3; c++) {
            r[0][c] = sum[c] / n;
            r[1][c] = Math.sqrt(Math.max(0, sq[c] / n - r[0][c] * r[0][c]));
        }
        return r;
    }

    static boolean nodeWorks() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
