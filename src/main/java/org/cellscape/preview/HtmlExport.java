package org.cellscape.preview;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellscape.CellscapeException;
import org.cellscape.model.NcaModel;

/**
 * Writes one self-contained HTML page that runs an NCA live in the browser (WebGL2), with click-drag erasing.
 * The page loads nothing: style, script and the model's float32 weights are all inline. Its step is the engine's
 * ({@link org.cellscape.engine.ReferenceStep}), including the fire test's random numbers; see docs/html-preview.md.
 */
public final class HtmlExport {
    private static final String RESOURCES = "/org/cellscape/preview/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(STYLE|TITLE|SCRIPT|CONFIG)}}");

    private HtmlExport() {}

    /**
     * What the page starts with. {@code brush} is the eraser radius in cells; {@code noise} is the amplitude of the
     * seeded-noise start (0 = all zeros, as the texture models grow from); {@code seed} drives the fire test.
     */
    public record Options(int width, int height, int brush, int stepsPerFrame, long seed, float noise) {
        public static final int MAX_SIZE = 4096, MAX_STEPS_PER_FRAME = 64;

        public Options {
            if (width < 8 || height < 8 || width > MAX_SIZE || height > MAX_SIZE)
                throw org.cellscape.CellscapeException.invalid("preview size must be 8..." + MAX_SIZE + " cells per side, got " + width + "x" + height);
            if (brush < 1 || brush > MAX_SIZE) throw org.cellscape.CellscapeException.invalid("brush radius must be 1..." + MAX_SIZE + " cells, got " + brush);
            if (stepsPerFrame < 1 || stepsPerFrame > MAX_STEPS_PER_FRAME)
                throw org.cellscape.CellscapeException.invalid("steps per frame must be 1..." + MAX_STEPS_PER_FRAME + ", got " + stepsPerFrame);
            if (!(noise >= 0 && noise <= 100)) throw org.cellscape.CellscapeException.invalid("noise amplitude must be 0...100, got " + noise);
        }

        /** 128x128 cells, brush radius 8, 8 steps per frame, seed 0, zeros. */
        public static Options defaults() {
            return new Options(128, 128, 8, 8, 0L, 0f);
        }

        public Options withSize(int w, int h) { return new Options(w, h, brush, stepsPerFrame, seed, noise); }
        public Options withBrush(int b) { return new Options(width, height, b, stepsPerFrame, seed, noise); }
        public Options withStepsPerFrame(int s) { return new Options(width, height, brush, s, seed, noise); }
        public Options withSeed(long s) { return new Options(width, height, brush, stepsPerFrame, s, noise); }
        public Options withNoise(float a) { return new Options(width, height, brush, stepsPerFrame, seed, a); }
    }

    /** Writes the page to {@code out} via {@code out.partial} renamed into place. */
    public static void write(NcaModel model, Path out, Options opts) {
        String html = page(model, opts);
        Path tmp = out.resolveSibling(out.getFileName() + ".partial");
        try {
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
            throw CellscapeException.io("cannot write " + out + ": " + e, e);
        }
    }

    /** The page as text. */
    public static String page(NcaModel model, Options opts) {
        Map<String, String> parts = Map.of("STYLE", resource("page.css"), "TITLE", escapeHtml(model.name()),
                "SCRIPT", resource("page.js"), "CONFIG", PageConfig.json(model, opts));
        // One pass over the template, so text that is inserted (a model name) is never scanned for placeholders.
        return PLACEHOLDER.matcher(resource("page.html"))
                .replaceAll(r -> Matcher.quoteReplacement(parts.get(r.group(1))));
    }

    static String escapeHtml(String s) {
        return org.cellscape.Html.escape(s);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlExport.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCES + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + RESOURCES + name, e);
        }
    }
}
