package org.cellscape.zoom;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cellscape.Html;

/**
 * {@code index.html} beside a DZI: OpenSeadragon (from its WebJar on the class path, copied into
 * {@code openseadragon/} with its licence) showing the pyramid, and the render's parameters. The tile source is
 * given inline, not as a URL of the .dzi: browsers refuse scripts' reads of file:// URLs, but not images.
 */
final class DeepZoomPage {
    static final String WEBJAR = "META-INF/resources/webjars/openseadragon/";
    static final String POM = "META-INF/maven/org.webjars.npm/openseadragon/pom.properties";

    private DeepZoomPage() {}

    /** The OpenSeadragon version the class path carries. */
    static String version() throws IOException {
        try (InputStream in = resource(POM)) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }

    /** Writes index.html and openseadragon/ into {@code folder}. */
    static void write(Path folder, String name, long width, long height, int tileSize, int overlap, String format,
                      Map<String, String> params) throws IOException {
        String version = version();
        Path osd = folder.resolve("openseadragon");
        Files.createDirectories(osd.resolve("images"));
        String build = WEBJAR + version + "/build/openseadragon/";
        try (InputStream in = resource(build + "openseadragon.min.js")) {
            Files.copy(in, osd.resolve("openseadragon.min.js"), StandardCopyOption.REPLACE_EXISTING);
        }
        copyImages(build + "openseadragon.min.js", osd.resolve("images"));
        Files.writeString(osd.resolve("LICENSE.txt"), licence(build + "openseadragon.js", version));
        Files.writeString(folder.resolve("index.html"), html(name, width, height, tileSize, overlap, format, params, version));
    }

    /** The licence block at the head of the unminified script (the minified one only links to it). */
    static String licence(String script, String version) throws IOException {
        String js;
        try (InputStream in = resource(script)) {
            js = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        int start = js.indexOf("/*"), end = js.indexOf("*/", start);
        if (start < 0 || end < 0 || !js.substring(start, end).contains("Redistribution"))
            throw new IOException("no licence text at the head of OpenSeadragon " + version + "'s script");
        StringBuilder b = new StringBuilder("OpenSeadragon " + version + " (openseadragon.github.io), BSD-3-Clause:\n\n");
        for (String line : js.substring(start + 2, end).split("\n")) b.append(line.replaceFirst("^\\s*\\* ?", "")).append('\n');
        return b.toString().strip() + "\n";
    }

    /** The button images in images/ beside {@code script} (found through the script: jars may list no folders). */
    private static void copyImages(String script, Path to) throws IOException {
        URL u = DeepZoomPage.class.getClassLoader().getResource(script);
        if (u == null) throw new IOException("OpenSeadragon is not on the class path (" + script + ")");
        try {
            URI uri = u.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                copyPngs(fs.getPath("/" + script).resolveSibling("images"), to);
            } else {
                copyPngs(Path.of(uri).resolveSibling("images"), to);
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static void copyPngs(Path from, Path to) throws IOException {
        List<Path> pngs;
        try (Stream<Path> s = Files.list(from)) {
            pngs = s.filter(p -> p.getFileName().toString().endsWith(".png")).toList();
        }
        for (Path p : pngs) Files.copy(p, to.resolve(p.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = DeepZoomPage.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new IOException("OpenSeadragon is not on the class path (" + name + ")");
        return in;
    }

    static String html(String name, long width, long height, int tileSize, int overlap, String format,
                       Map<String, String> params, String version) {
        StringBuilder rows = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> rows.append("<tr><th>").append(Html.escape(k)).append("</th><td>")
                .append(Html.escape(v)).append("</td></tr>\n"));
        String title = Html.escape(params.getOrDefault("preset", params.getOrDefault("model", name)));
        String source = "{Image: {xmlns: 'http://schemas.microsoft.com/deepzoom/2008', Url: " + js(name + "_files/")
                + ", Format: " + js(format) + ", Overlap: '" + overlap + "', TileSize: '" + tileSize + "', Size: {Width: '"
                + width + "', Height: '" + height + "'}}}";
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s — Cellscape deep zoom</title>
                <style>
                html, body { margin: 0; height: 100%%; background: #111; color: #ddd; font: 13px system-ui, sans-serif; }
                #view { position: absolute; inset: 0 320px 0 0; }
                aside { position: absolute; top: 0; right: 0; bottom: 0; width: 320px; overflow: auto; padding: 10px;
                  box-sizing: border-box; background: #1b1b1b; }
                table { border-collapse: collapse; width: 100%%; } th, td { text-align: left; vertical-align: top;
                  padding: 2px 4px; border-bottom: 1px solid #333; word-break: break-all; } th { color: #9ab; }
                </style>
                </head>
                <body>
                <div id="view"></div>
                <aside>
                <h1 style="font-size:15px">%s</h1>
                <p>%d × %d pixels. Scroll or pinch to zoom, drag to pan.</p>
                <table id="params">
                %s</table>
                <p>Viewer: OpenSeadragon %s (BSD-3-Clause, <a style="color:#9ab" href="openseadragon/LICENSE.txt">licence</a>).</p>
                </aside>
                <script src="openseadragon/openseadragon.min.js"></script>
                <script>
                // window.cellscape: the viewer and the tiles it loaded, for scripts and tests
                window.cellscape = { loaded: [] };
                const viewer = OpenSeadragon({ id: 'view', prefixUrl: 'openseadragon/images/', tileSources: %s,
                  showNavigator: true, maxZoomPixelRatio: 8, crossOriginPolicy: false, useCanvas: true });
                viewer.addHandler('tile-loaded', (e) => window.cellscape.loaded.push({ level: e.tile.level, x: e.tile.x, y: e.tile.y }));
                viewer.addHandler('open', () => { window.cellscape.ready = true; });
                viewer.addHandler('open-failed', (e) => { window.cellscape.error = String(e.message); });
                window.cellscape.viewer = viewer;
                </script>
                </body>
                </html>
                """.formatted(title, title, width, height, rows, Html.escape(version), source);
    }

    /** A JavaScript string literal. */
    private static String js(String s) {
        StringBuilder b = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            if (c == '\'' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c == '<' || c == '>' || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('\'').toString();
    }
}
