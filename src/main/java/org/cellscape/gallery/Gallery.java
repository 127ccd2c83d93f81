package org.cellscape.gallery;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cellscape.CellscapeException;
import org.cellscape.image.Images;
import org.cellscape.image.Jpeg;
import org.cellscape.image.TextFile;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.nets.ClipScores;
import org.cellscape.preset.OutputNames;
import org.cellscape.preset.Presets;

/**
 * A static web gallery of renders: for each image a web-sized JPEG thumbnail, a full-resolution crop, its preset,
 * parameters and render time, and a link to a live preview page of its model; one index.html with no external
 * scripts or fonts, and the commands that made it. Built in NAME.partial and swapped in whole.
 */
public final class Gallery {
    /** The file that marks a folder as a gallery this program may replace. */
    static final String MARKER = ".cellscape-gallery";
    /** JPEGs are re-encoded at lower quality until under this. */
    static final long MAX_IMAGE_BYTES = 350_000;

    /**
     * @param thumb        longest side of the thumbnails
     * @param crop         side of the full-resolution crops
     * @param title        page title
     * @param commands     the commands that made the renders and the gallery, recorded on the page
     * @param modelDirs    where to look for models (by content hash) for the live previews
     * @param descriptions preset name to description, shown under the title
     * @param maxBytes     the gallery's size budget; exceeding it is reported
     */
    public record Options(int thumb, int crop, String title, List<String> commands, List<Path> modelDirs,
                          Map<String, String> descriptions, long maxBytes) {
        public static Options defaults() {
            return new Options(960, 512, "Cellscape gallery", List.of(), List.of(), Map.of(), 20L << 20);
        }
    }

    /** Writes a live preview page for a model. */
    @FunctionalInterface
    public interface PreviewWriter {
        void write(NcaModel model, Path page);
    }

    record Entry(RenderedImage image, String title, String thumb, String crop, String preview, int cropSide, ClipScores.Score score) {}

    private final Options options;
    private final PreviewWriter previews;
    private final PrintWriter log;

    public Gallery(Options options, PreviewWriter previews, PrintWriter log) {
        this.options = options;
        this.previews = previews;
        this.log = log;
    }

    /** The images (.png, .tif, .tiff) among the inputs: files as given, folders' contents sorted by name. */
    public static List<Path> images(List<Path> inputs) {
        List<Path> r = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.list(in)) {
                    s.filter(Gallery::isImage).sorted(Comparator.comparing(Path::toString)).forEach(r::add);
                } catch (IOException e) {
                    throw CellscapeException.badInput("cannot list " + in + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(in)) {
                r.add(in);
            } else {
                throw CellscapeException.badInput("no such image or folder: " + in);
            }
        }
        return r;
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".png") || n.endsWith(".tif") || n.endsWith(".tiff"));
    }

    /** Builds the gallery into {@code out}; returns its total size in bytes. */
    public long build(List<Path> images, Path out) {
        if (images.isEmpty()) throw CellscapeException.badInput("no images for the gallery");
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        try {
            deleteTree(partial);
            Files.createDirectories(partial);
            Files.writeString(partial.resolve(MARKER), "made by cellscape gallery; the whole folder is replaced when it is rebuilt\n");
            List<Entry> entries = new ArrayList<>();
            Map<String, String> previewOf = new HashMap<>();
            Map<String, Path> models = modelsByHash();
            Set<String> used = new HashSet<>();
            Map<Path, Map<String, ClipScores.Score>> scores = new HashMap<>();
            for (Path f : images) {
                try {
                    Path dir = f.toAbsolutePath().getParent();
                    ClipScores.Score score = scores.computeIfAbsent(dir, ClipScores::read).get(f.getFileName().toString());
                    entries.add(entry(RenderedImage.open(f), partial, used, models, previewOf, score));
                } catch (RuntimeException e) {
                    // one unreadable image costs its card, not the gallery
                    log.println("cellscape: warning: skipping " + f + ": " + e.getMessage());
                }
            }
            if (entries.isEmpty()) throw CellscapeException.badInput("none of the images could be read");
            // ranked images (a batch's --rank-by) first, best first; the rest keep their order
            entries.sort(Comparator.comparingDouble(e -> e.score() == null ? Double.POSITIVE_INFINITY : -e.score().score()));
            TextFile.write(partial.resolve("index.html"), html(entries));
            TextFile.write(partial.resolve("commands.txt"), String.join("\n", options.commands()) + "\n");
            long bytes = size(partial);
            replace(partial, out);
            log.printf(Locale.ROOT, "gallery: %d image(s), %.1f MB in %s%n", entries.size(), bytes / 1e6, out);
            if (bytes > options.maxBytes())
                log.printf(Locale.ROOT, "cellscape: warning: the gallery is %.1f MB, over the %.0f MB budget; use smaller thumbnails and crops%n", bytes / 1e6, options.maxBytes() / 1e6);
            log.flush();
            return bytes;
        } catch (IOException e) {
            throw CellscapeException.io("cannot write the gallery " + out + ": " + e.getMessage(), e);
        }
    }

    private Entry entry(RenderedImage img, Path dir, Set<String> used, Map<String, Path> models, Map<String, String> previewOf, ClipScores.Score score) {
        Map<String, String> p = img.parameters();
        String stem = Presets.stem(img.file());
        String base = OutputNames.finish(stem);
        for (int i = 2; !used.add(base); i++) base = OutputNames.finish(stem) + "-" + i;
        // thumbnail: subsample to about twice the size, then average down (no aliasing, little reading)
        int side = Math.max(img.width(), img.height());
        BufferedImage small = img.readSubsampled(Math.max(1, side / (2 * options.thumb())));
        String thumb = base + "-thumb.jpg";
        jpeg(Images.fit(small, options.thumb(), options.thumb()), dir.resolve(thumb));
        int c = Math.min(options.crop(), Math.min(img.width(), img.height()));
        BufferedImage crop = img.readRegion(new Rectangle((img.width() - c) / 2, (img.height() - c) / 2, c, c));
        String cropName = base + "-crop.jpg";
        jpeg(crop, dir.resolve(cropName));
        String preview = null;
        NcaModel m = previews == null ? null : modelOf(p, models);
        if (m != null) {
            String hash = ModelIO.hash(m);
            preview = previewOf.get(hash);
            if (preview == null) {
                preview = "previews/" + OutputNames.finish(m.name()) + "-" + hash.substring(0, 8) + ".html";
                try {
                    Files.createDirectories(dir.resolve("previews"));
                    previews.write(m, dir.resolve(preview));
                    previewOf.put(hash, preview);
                } catch (IOException | RuntimeException e) {
                    log.println("cellscape: warning: no live preview for " + m.name() + ": " + e.getMessage());
                    preview = null;
                }
            }
        } else if (previews != null && p.containsKey("model")) {
            log.println("cellscape: note: model '" + p.get("model") + "' is not in " + options.modelDirs() + "; " + stem + " gets no live preview");
        }
        String title = p.getOrDefault("preset", stem);
        return new Entry(img, title, thumb, cropName, preview, c, score);
    }

    /** JPEG, lowering the quality until the file is under the per-image budget. */
    private static void jpeg(BufferedImage img, Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try {
            for (float q = 0.9f; ; q -= 0.1f) {
                Files.deleteIfExists(tmp);
                Jpeg.write(img, tmp, q);
                if (Files.size(tmp) <= MAX_IMAGE_BYTES || q < 0.45f) break;
            }
            Files.move(tmp, file);
        } catch (IOException e) {
            throw CellscapeException.io("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static final Pattern COLOUR = Pattern.compile("scale (\\S+), offset (\\S+)");

    /**
     * The image's model, found by content hash (else by name), with the look the image was rendered with (its
     * recorded colour mapping and fire rate) applied, so the live preview looks like the render.
     */
    private NcaModel modelOf(Map<String, String> p, Map<String, Path> models) {
        Path file = p.containsKey("model_hash") ? models.get(p.get("model_hash")) : null;
        NcaModel m = file != null ? ModelIO.read(file) : null;
        String name = p.get("model");
        if (m == null && name != null)
            for (Path f : models.values()) {
                NcaModel candidate = ModelIO.read(f);
                if (candidate.name().equals(name)) {
                    m = candidate;
                    break;
                }
            }
        if (m == null) return null;
        Matcher c = COLOUR.matcher(p.getOrDefault("colour", ""));
        try {
            NcaModel.Builder b = m.toBuilder();
            if (c.matches()) b.colour(Float.parseFloat(c.group(1)), Float.parseFloat(c.group(2)));
            if (p.containsKey("fire_rate")) b.fireRate(Float.parseFloat(p.get("fire_rate")));
            return b.build();
        } catch (RuntimeException e) {
            return m; // an unreadable entry: the model's own look will do
        }
    }

    private Map<String, Path> modelsByHash() {
        Map<String, Path> m = new LinkedHashMap<>();
        if (previews == null) return m;
        for (Path d : options.modelDirs()) {
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                for (Path f : s.filter(x -> x.toString().endsWith(".safetensors")).sorted().toList()) {
                    try {
                        m.putIfAbsent(ModelIO.hash(ModelIO.read(f)), f);
                    } catch (RuntimeException e) {
                        log.println("cellscape: warning: skipping model " + f + ": " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                log.println("cellscape: warning: cannot list " + d + ": " + e.getMessage());
            }
        }
        return m;
    }

    private String html(List<Entry> entries) {
        StringBuilder h = new StringBuilder();
        String t = org.cellscape.Html.escape(options.title());
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>").append(t).append("</title>\n<style>")
                .append("body{background:#151515;color:#e6e6e6;font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:1400px;padding:1.5em}")
                .append("a{color:#8cf}h1{font-weight:600}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,620px),1fr));gap:1.5em}")
                .append(".card{background:#1f1f1f;border-radius:6px;overflow:hidden}.card img{display:block;width:100%;height:auto}")
                .append(".body{padding:.6em 1em 1em}.body h2{margin:.2em 0;font-size:1.15em}.desc{color:#bbb;margin:.2em 0 .5em}")
                .append(".links a{margin-right:1em}.score{color:#fc6}table{border-collapse:collapse;font-size:12px;margin-top:.6em;width:100%}")
                .append("td{padding:1px .8em 1px 0;vertical-align:top;word-break:break-word}td:first-child{color:#999;white-space:nowrap}")
                .append("pre{background:#1f1f1f;padding:1em;overflow-x:auto;white-space:pre-wrap}")
                .append("</style></head><body>\n<h1>").append(t).append("</h1>\n<div class=\"grid\">\n");
        for (Entry e : entries) {
            Map<String, String> p = e.image().parameters();
            h.append("<div class=\"card\"><a href=\"").append(esc(e.crop())).append("\" title=\"full-resolution crop\"><img src=\"")
                    .append(esc(e.thumb())).append("\" alt=\"").append(esc(e.title())).append("\" loading=\"lazy\"></a>\n<div class=\"body\"><h2>")
                    .append(esc(e.title())).append("</h2>");
            String d = options.descriptions().get(p.getOrDefault("preset", ""));
            if (d != null && !d.isEmpty()) h.append("<p class=\"desc\">").append(esc(d)).append("</p>");
            h.append("<div class=\"links\">");
            h.append(String.format(Locale.ROOT, "%d &times; %d px", e.image().width(), e.image().height()));
            String time = p.get("render_seconds");
            if (time != null) h.append(" &middot; rendered in ").append(esc(duration(time)));
            if (e.score() != null)
                h.append(String.format(Locale.ROOT, " &middot; <span class=\"score\">CLIP score %.4f</span> for &ldquo;", e.score().score())).append(esc(e.score().prompt())).append("&rdquo;");
            h.append("<br><a href=\"").append(esc(e.crop())).append("\">crop ").append(e.cropSide()).append(" px at full resolution</a>");
            if (e.preview() != null) h.append("<a href=\"").append(esc(e.preview())).append("\">live preview</a>");
            h.append("</div><table>");
            h.append("<tr><td>file</td><td>").append(esc(e.image().file().getFileName().toString())).append("</td></tr>");
            for (Map.Entry<String, String> kv : p.entrySet())
                h.append("<tr><td>").append(esc(kv.getKey())).append("</td><td>").append(esc(kv.getValue())).append("</td></tr>");
            h.append("</table></div></div>\n");
        }
        h.append("</div>\n<h2>How this gallery was made</h2>\n<pre>");
        for (String c : options.commands()) h.append(esc(c)).append('\n');
        h.append("</pre>\n</body></html>\n");
        return h.toString();
    }

    private static String esc(String s) {
        return org.cellscape.Html.escape(s);
    }

    static String duration(String seconds) {
        try {
            double s = Double.parseDouble(seconds);
            if (s < 90) return String.format(Locale.ROOT, "%.1f s", s);
            if (s < 5400) return String.format(Locale.ROOT, "%d min %02d s", (long) s / 60, (long) s % 60);
            return String.format(Locale.ROOT, "%d h %02d min", (long) s / 3600, (long) s % 3600 / 60);
        } catch (NumberFormatException e) {
            return seconds;
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Swaps the new gallery in; an existing folder is replaced only when it is a gallery (has the marker) or empty. */
    private static void replace(Path partial, Path out) throws IOException {
        if (Files.exists(out)) {
            boolean empty;
            try (Stream<Path> s = Files.list(out)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(out.resolve(MARKER))) {
                deleteTree(partial);
                throw CellscapeException.io("refusing to replace " + out + ": it is not a gallery made by cellscape (no " + MARKER + ")", null);
            }
            deleteTree(out);
        }
        Files.move(partial, out);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
