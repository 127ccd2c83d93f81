package org.cellscape.tune;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.cellscape.CellscapeException;
import org.cellscape.image.Images;
import org.cellscape.image.TextFile;
import org.cellscape.preset.OutputNames;
import org.cellscape.preset.ResolvedPreset;
import org.cellscape.preset.Setting;

/**
 * Writes a tuning run: one labelled contact sheet (sheet.png, 8-bit), each variant's composition and full-resolution
 * crop as PNGs, and index.html showing them side by side with their settings.
 */
public final class TuneReport {
    static final int GAP = 8, LABEL = 40, MAX_SHEET_WIDTH = 2400;
    static final Color BACKGROUND = new Color(0x1e1e1e), TEXT = new Color(0xe8e8e8), DIM = new Color(0xa0a0a0);

    private TuneReport() {}

    /** The composition at preview size: shrunk by area averaging, or enlarged by whole pixels, with the crop outlined. */
    static BufferedImage composition(Tuner.Result r, int preview) {
        BufferedImage c = r.composition();
        int side = Math.max(c.getWidth(), c.getHeight());
        BufferedImage shown = side > preview ? Images.fit(c, preview, preview) : Images.enlarge(c, Math.max(1, preview / side));
        double k = (double) shown.getWidth() / c.getWidth();
        double f = 1.0 / r.factor(); // cells of the shown level per output pixel
        BufferedImage out = new BufferedImage(shown.getWidth(), shown.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(shown, 0, 0, null);
        int x = (int) Math.floor(r.crop().x() * f * k), y = (int) Math.floor(r.crop().y() * f * k);
        int w = Math.max(3, (int) Math.ceil(r.crop().w() * f * k)), h = Math.max(3, (int) Math.ceil(r.crop().h() * f * k));
        g.setColor(Color.BLACK);
        g.drawRect(x - 1, y - 1, w + 1, h + 1);
        g.setColor(Color.WHITE);
        g.drawRect(x, y, w - 1, h - 1);
        g.dispose();
        return out;
    }

    /**
     * One cell of a contact sheet: a label and a caption over images shown side by side, each centred in a
     * preview-sized square; squares from index {@code framedFrom} on get a thin frame (crops, whose edges matter).
     */
    public record Card(String label, String caption, List<BufferedImage> images, int framedFrom) {}

    /** The contact sheet: per variant, a label over its composition and its crop. */
    public static BufferedImage sheet(List<Tuner.Result> results, int preview, String title, PrintWriter log) {
        List<Card> cards = new java.util.ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Tuner.Result r = results.get(i);
            cards.add(new Card((i + 1) + ". " + r.variant().label(), stats(r), List.of(composition(r, preview), r.detail()), 1));
        }
        return sheet(title, cards, preview, log);
    }

    /** A titled grid of cards, rows filled left to right up to {@link #MAX_SHEET_WIDTH}; 8-bit RGB. */
    public static BufferedImage sheet(String title, List<Card> cards, int preview, PrintWriter log) {
        int perCard = cards.stream().mapToInt(c -> c.images().size()).max().orElse(1);
        int cellW = perCard * preview + (perCard - 1) * GAP, cellH = LABEL + preview;
        int cols = Math.max(1, Math.min(cards.size(), (MAX_SHEET_WIDTH - GAP) / (cellW + GAP)));
        int rows = Math.max(1, Math.ceilDiv(cards.size(), cols));
        int top = 28;
        BufferedImage sheet = new BufferedImage(GAP + cols * (cellW + GAP), top + GAP + rows * (cellH + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        boolean text = true;
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.setColor(TEXT);
            g.drawString(title, GAP, 20);
        } catch (RuntimeException | Error e) {
            text = false; // no fonts on this machine: the HTML page still has every label
            log.println("cellscape: warning: cannot draw text (" + e + "); the contact sheet has no labels");
        }
        for (int i = 0; i < cards.size(); i++) {
            Card card = cards.get(i);
            int x = GAP + (i % cols) * (cellW + GAP), y = top + GAP + (i / cols) * (cellH + GAP);
            if (text) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                // long names on small cards: a smaller font before cutting the name short
                if (g.getFontMetrics().stringWidth(card.label()) > cellW) g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 9));
                g.setColor(TEXT);
                g.drawString(fitMiddle(g, card.label(), cellW), x, y + 15);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                g.setColor(DIM);
                g.drawString(fitText(g, card.caption(), cellW), x, y + 32);
            }
            for (int k = 0; k < card.images().size(); k++) {
                BufferedImage im = card.images().get(k);
                int sx = x + k * (preview + GAP);
                g.drawImage(im, sx + (preview - im.getWidth()) / 2, y + LABEL + (preview - im.getHeight()) / 2, null);
                if (k < card.framedFrom()) continue;
                g.setColor(new Color(0x3a3a3a));
                g.setStroke(new BasicStroke(1));
                g.drawRect(sx - 1, y + LABEL - 1, preview + 1, preview + 1);
            }
        }
        g.dispose();
        return sheet;
    }

    /** Cut in the middle, keeping both ends (names often differ only at the end: pool_reduce_130, _140). */
    private static String fitMiddle(Graphics2D g, String s, int width) {
        if (g.getFontMetrics().stringWidth(s) <= width) return s;
        String head = s.substring(0, s.length() / 2), tail = s.substring(s.length() / 2);
        while (head.length() + tail.length() > 2 && g.getFontMetrics().stringWidth(head + "…" + tail) > width) {
            if (head.length() > tail.length()) head = head.substring(0, head.length() - 1);
            else tail = tail.substring(1);
        }
        return head + "…" + tail;
    }

    private static String fitText(Graphics2D g, String s, int width) {
        if (g.getFontMetrics().stringWidth(s) <= width) return s;
        while (s.length() > 1 && g.getFontMetrics().stringWidth(s + "…") > width) s = s.substring(0, s.length() - 1);
        return s + "…";
    }

    static String stats(Tuner.Result r) {
        ResolvedPreset p = r.variant().preset();
        return String.format(Locale.ROOT, "%dx%d px, whole = level %d (%dx%d), crop %s, %.1f s",
                p.outputWidth(), p.outputHeight(), r.level(), r.levelWidth(), r.levelHeight(),
                r.crop().w() + "x" + r.crop().h() + "+" + r.crop().x() + "+" + r.crop().y(), r.seconds());
    }

    /**
     * Writes sheet.png, the per-variant images and index.html into {@code dir}; {@code renders} holds, in the
     * results' order, the command that renders each variant in full.
     */
    public static void write(Path dir, List<Tuner.Result> results, int preview, String title, String command, List<String> renders, PrintWriter log) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw CellscapeException.io("cannot create " + dir + ": " + e.getMessage(), e);
        }
        Images.write(sheet(results, preview, title, log), dir.resolve("sheet.png"));
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n<style>")
                .append("body{background:#1e1e1e;color:#e8e8e8;font:14px/1.4 system-ui,sans-serif;margin:1.5em}")
                .append("a{color:#9cf}.v{margin:1.5em 0;padding-top:.5em;border-top:1px solid #333}")
                .append("figure{display:inline-block;margin:0 1em 0 0;vertical-align:top}figcaption{color:#a0a0a0;font-size:12px}")
                .append("img.crop{image-rendering:pixelated}code{color:#fc9}table{border-collapse:collapse}td{padding:0 1em 0 0}")
                .append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n<p><code>").append(esc(command))
                .append("</code></p>\n<p>Each variant shows the whole image (the coarsest level that still fills the preview: exactly the ")
                .append("cells the full render has at that level, the white box marking the crop) and a crop of the final image at full ")
                .append("resolution. <a href=\"sheet.png\">Contact sheet</a>.</p>\n");
        for (int i = 0; i < results.size(); i++) {
            Tuner.Result r = results.get(i);
            String label = r.variant().label().replaceAll("\\[(\\d+)]", "$1").replace("=", "").replace(' ', '-');
            String stem = String.format(Locale.ROOT, "%02d-%s", i + 1, OutputNames.finish(label));
            if (stem.length() > 80) stem = stem.substring(0, 80);
            Images.write(composition(r, preview), dir.resolve(stem + "-whole.png"));
            Images.write(r.detail(), dir.resolve(stem + "-crop.png"));
            h.append("<div class=\"v\"><h2>").append(i + 1).append(". ").append(esc(r.variant().label())).append("</h2>\n<p>")
                    .append(esc(stats(r))).append("</p>\n<p>render it: <code>").append(esc(renders.get(i))).append("</code></p>\n<figure><img src=\"").append(esc(stem)).append("-whole.png\" alt=\"whole image\">")
                    .append("<figcaption>whole image, level ").append(r.level()).append("</figcaption></figure>")
                    .append("<figure><img class=\"crop\" src=\"").append(esc(stem)).append("-crop.png\" alt=\"crop\">")
                    .append("<figcaption>full-resolution crop</figcaption></figure>\n<details><summary>settings</summary><table>");
            for (Setting s : r.variant().preset().settings())
                h.append("<tr><td>").append(esc(s.key())).append("</td><td>").append(esc(s.value())).append("</td><td>")
                        .append(esc(s.origin().describe())).append("</td></tr>");
            h.append("</table></details></div>\n");
        }
        h.append("</body></html>\n");
        TextFile.write(dir.resolve("index.html"), h.toString());
    }

    static String esc(String s) {
        return org.cellscape.Html.escape(s);
    }
}
