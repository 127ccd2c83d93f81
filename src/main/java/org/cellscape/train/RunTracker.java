package org.cellscape.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.cellscape.CellscapeException;

/**
 * The run folder: config.json, metrics.csv (one row per iteration), snapshots/ (8-bit PNGs of the last batch),
 * checkpoint.bin and report.html (loss curve as inline SVG, snapshots, config; no scripts).
 */
public final class RunTracker {
    static final String HEADER = "iteration,loss,patches,colour,overflow,lr,steps,seconds";

    private final Path dir;
    private final List<Trainer.Metrics> metrics = new ArrayList<>();
    private final List<String> snapshots = new ArrayList<>();
    private String configJson = "{}";
    private final List<String> notes = new ArrayList<>();
    /** Written when known: the exemplar as trained on, and a render of the finished model. */
    private boolean exemplar, result;
    /** The rules of a multi-rule run (empty for a plain one): exemplar-RULE.png, result-RULE.png, result-bands.png. */
    private List<String> rules = List.of();
    /** The image losses' names: one more metrics.csv column each, after the others. */
    private List<String> imageLosses = List.of();

    public RunTracker(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir.resolve("snapshots"));
        } catch (IOException e) {
            throw CellscapeException.io("cannot create run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() { return dir; }
    public Path checkpoint() { return dir.resolve("checkpoint.bin"); }
    public List<Trainer.Metrics> metrics() { return metrics; }

    public void writeConfig(String json) {
        configJson = json;
        write(dir.resolve("config.json"), json + "\n");
    }

    /** Names the image losses' columns (before {@link #start} or {@link #resume}). */
    public void imageLosses(List<String> names) {
        imageLosses = List.copyOf(names);
    }

    private String header() {
        StringBuilder h = new StringBuilder(HEADER);
        for (String n : imageLosses) h.append(',').append(n);
        return h.toString();
    }

    /** A fresh metrics.csv. */
    public void start() {
        write(dir.resolve("metrics.csv"), header() + "\n");
    }

    /** Keeps the rows of metrics.csv up to iteration {@code upTo} (exclusive) and the snapshots already taken. */
    public void resume(int upTo) {
        Path f = dir.resolve("metrics.csv");
        StringBuilder sb = new StringBuilder(header()).append('\n');
        int k = imageLosses.size();
        try {
            if (Files.exists(f))
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank() || line.startsWith("iteration")) continue;
                    String[] c = line.split(",");
                    if (c.length < 8 + k || Integer.parseInt(c[0]) >= upTo) continue;
                    double[] images = new double[k];
                    for (int j = 0; j < k; j++) images[j] = Double.parseDouble(c[8 + j]);
                    metrics.add(new Trainer.Metrics(Integer.parseInt(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2]),
                            Double.parseDouble(c[3]), Double.parseDouble(c[4]), Double.parseDouble(c[5]), Integer.parseInt(c[6]),
                            Double.parseDouble(c[7]), images));
                    sb.append(line).append('\n');
                }
            try (var s = Files.list(dir.resolve("snapshots"))) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().forEach(n -> {
                    int it = Integer.parseInt(n.replaceAll("\\D", ""));
                    if (it <= upTo) snapshots.add("snapshots/" + n);
                });
            }
        } catch (IOException | RuntimeException e) {
            throw CellscapeException.badInput("cannot read the run's metrics in " + dir + ": " + e.getMessage());
        }
        write(f, sb.toString());
    }

    public void add(Trainer.Metrics m) {
        metrics.add(m);
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%.6g,%.6g,%d,%.4f", m.iteration(), m.loss(), m.patches(),
                m.colour(), m.overflow(), m.lr(), m.steps(), m.seconds()));
        for (double v : m.images()) row.append(String.format(Locale.ROOT, ",%.6g", v));
        row.append('\n');
        try {
            Files.writeString(dir.resolve("metrics.csv"), row.toString(), StandardOpenOption.APPEND, StandardOpenOption.CREATE);
        } catch (IOException e) {
            throw CellscapeException.io("cannot append to " + dir.resolve("metrics.csv") + ": " + e.getMessage(), e);
        }
    }

    public void note(String s) {
        notes.add(s);
    }

    /** Saves states (colour channels) side by side as snapshots/iter-NNNNNN.png. */
    public void snapshot(int iteration, List<float[]> states, int size, int channels, float scale, float offset) {
        BufferedImage img = new BufferedImage(size * states.size() + 2 * (states.size() - 1), size, BufferedImage.TYPE_INT_RGB);
        for (int b = 0; b < states.size(); b++) {
            float[] s = states.get(b);
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++) {
                    int o = (y * size + x) * channels, rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        float v = Math.max(0f, Math.min(1f, s[o + c] * scale + offset));
                        rgb = rgb << 8 | Math.round(v * 255f);
                    }
                    img.setRGB(b * (size + 2) + x, y, rgb);
                }
        }
        String name = String.format(Locale.ROOT, "snapshots/iter-%06d.png", iteration);
        writePng(img, dir.resolve(name));
        if (!snapshots.contains(name)) snapshots.add(name);
    }

    /** exemplar.png (exemplar-RULE.png for each rule): the images the run learns from, shown beside the snapshots. */
    public void exemplars(List<Exemplar> exs, List<String> rules) {
        this.rules = List.copyOf(rules);
        for (int r = 0; r < exs.size(); r++) {
            Exemplar ex = exs.get(r);
            writePng(planar(ex.rgb(), ex.width(), ex.height()), dir.resolve(rules.isEmpty() ? "exemplar.png" : "exemplar-" + rules.get(r) + ".png"));
        }
        exemplar = true;
    }

    /**
     * result.png: the finished model rendered from zeros on a size x size torus, with its own colours. With rules:
     * result-RULE.png for each rule over the whole grid, and result-bands.png with the rules in vertical bands,
     * left to right, so the borders between them show.
     */
    public void result(org.cellscape.model.NcaModel m, List<String> rules, int size, int steps, long seed) {
        if (rules.isEmpty()) writeRender(m, size, steps, seed, null, "result.png");
        for (int r = 0; r < rules.size(); r++) writeRender(m, size, steps, seed, Quality.oneHot(m, size, r), "result-" + rules.get(r) + ".png");
        if (!rules.isEmpty()) writeRender(m, size, steps, seed, bands(size, rules.size()), "result-bands.png");
        result = true;
    }

    /** One-hot controls with rule r on the r-th of R vertical bands of a size x size grid. */
    public static float[] bands(int size, int R) {
        float[] ctl = new float[size * size * R];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) ctl[(y * size + x) * R + x * R / size] = 1f;
        return ctl;
    }

    private void writeRender(org.cellscape.model.NcaModel m, int size, int steps, long seed, float[] ctl, String name) {
        writePng(planar(Quality.colours(Quality.render(m, size, steps, seed, ctl), size, m, true), size, size), dir.resolve(name));
    }

    private static BufferedImage planar(double[] rgb, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int v = 0;
                for (int c = 0; c < 3; c++) v = v << 8 | (int) Math.round(Math.max(0, Math.min(1, rgb[(c * h + y) * w + x])) * 255);
                img.setRGB(x, y, v);
            }
        return img;
    }

    public static void writePng(BufferedImage img, Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CellscapeException.io("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Rewrites report.html from what is known so far. */
    public void report(String title, List<String> extra) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:1100px}img{image-rendering:pixelated;margin:4px}"
                        + "pre{background:#f4f4f4;padding:1em;overflow:auto}td{padding:0 1em 0 0}</style></head><body>\n")
                .append("<h1>").append(esc(title)).append("</h1>\n");
        for (String s : extra) h.append("<p>").append(esc(s)).append("</p>\n");
        for (String s : notes) h.append("<p><i>").append(esc(s)).append("</i></p>\n");
        h.append("<h2>Loss</h2>\n").append(svg()).append('\n');
        if (!metrics.isEmpty()) {
            Trainer.Metrics last = metrics.getLast();
            double secs = 0;
            for (Trainer.Metrics m : metrics) secs += m.seconds();
            h.append(String.format(Locale.ROOT, "<p>%d iterations, last loss %.5g (patches %.5g, colour %.5g, overflow %.3g), %.1f s of training, %.3f s/iteration.</p>%n",
                    metrics.size(), last.loss(), last.patches(), last.colour(), last.overflow(), secs, secs / metrics.size()));
        }
        if (result && rules.isEmpty())
            h.append("<h2>Result</h2>\n<p>The finished model rendered from zeros, with its colours").append(exemplar ? ", beside the exemplar" : "")
                    .append(":</p>\n<div>").append(exemplar ? "<img src=\"exemplar.png\" height=\"192\" alt=\"exemplar\">" : "")
                    .append("<img src=\"result.png\" height=\"192\" alt=\"result\"></div>\n");
        if (result && !rules.isEmpty()) {
            h.append("<h2>Result</h2>\n<p>The finished model rendered from zeros with each rule over the whole grid, beside its exemplar:</p>\n");
            for (String r : rules)
                h.append("<div><small>").append(esc(r)).append("</small><br><img src=\"exemplar-").append(esc(r)).append(".png\" height=\"192\" alt=\"exemplar\">")
                        .append("<img src=\"result-").append(esc(r)).append(".png\" height=\"192\" alt=\"").append(esc(r)).append("\"></div>\n");
            h.append("<h3>Borders</h3>\n<p>The rules in vertical bands, left to right (").append(esc(String.join(", ", rules)))
                    .append("; the grid wraps, so the last band also meets the first):</p>\n<img src=\"result-bands.png\" height=\"256\" alt=\"bands\">\n");
        }
        h.append("<h2>Snapshots</h2>\n<div style=\"display:flex;flex-wrap:wrap;gap:8px\">\n");
        if (exemplar && rules.isEmpty()) h.append("<div><small>exemplar</small><br><img src=\"exemplar.png\" height=\"96\" alt=\"exemplar\"></div>\n");
        for (String s : snapshots)
            h.append("<div><small>").append(esc(s)).append("</small><br><img src=\"").append(esc(s)).append("\" height=\"96\"></div>\n");
        h.append("</div>\n");
        h.append("<h2>Config</h2>\n<pre>").append(esc(configJson)).append("</pre>\n</body></html>\n");
        write(dir.resolve("report.html"), h.toString());
    }

    /** Loss against iteration, log scale, as a self-contained SVG polyline. */
    String svg() {
        int W = 800, H = 300, pad = 40;
        if (metrics.size() < 2) return "<p>(not enough iterations for a curve)</p>";
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (Trainer.Metrics m : metrics)
            if (m.loss() > 0) {
                lo = Math.min(lo, Math.log10(m.loss()));
                hi = Math.max(hi, Math.log10(m.loss()));
            }
        if (hi <= lo) hi = lo + 1;
        int maxIt = metrics.getLast().iteration() + 1;
        StringBuilder pts = new StringBuilder();
        for (Trainer.Metrics m : metrics) {
            if (!(m.loss() > 0)) continue;
            double x = pad + (W - 2 * pad) * m.iteration() / (double) maxIt;
            double y = H - pad - (H - 2 * pad) * (Math.log10(m.loss()) - lo) / (hi - lo);
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\" stroke=\"#ccc\"/>"
                        + "<polyline fill=\"none\" stroke=\"#c33\" stroke-width=\"1\" points=\"%s\"/>"
                        + "<text x=\"4\" y=\"%d\" font-size=\"11\">%.3g</text><text x=\"4\" y=\"%d\" font-size=\"11\">%.3g</text>"
                        + "<text x=\"%d\" y=\"%d\" font-size=\"11\">iteration %d</text>"
                        + "<text x=\"%d\" y=\"14\" font-size=\"11\">loss (log scale)</text></svg>",
                W, H, pts, pad, Math.pow(10, hi), H - pad, Math.pow(10, lo), W - pad - 80, H - 8, maxIt, pad);
    }

    private static String esc(String s) {
        return org.cellscape.Html.escape(s);
    }

    private static void write(Path f, String s) {
        try {
            Files.writeString(f, s, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CellscapeException.io("cannot write " + f + ": " + e.getMessage(), e);
        }
    }
}
