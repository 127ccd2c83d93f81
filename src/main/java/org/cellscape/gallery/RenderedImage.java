package org.cellscape.gallery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.cellscape.CellscapeException;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * A finished render on disk: its size, its parameters (the sidecar NAME.json, else the JSON embedded in the PNG iTXt
 * "cellscape" chunk or the TIFF ImageDescription), and reads of a subsampled whole or a region, so thumbnails and
 * crops of images far larger than memory are cheap.
 */
public final class RenderedImage {
    static {
        ImageIO.scanForPlugins(); // the TIFF reader registers through the service loader
        ImageIO.setUseCache(false);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Path file;
    private final int width, height;
    private final Map<String, String> parameters;

    private RenderedImage(Path file, int width, int height, Map<String, String> parameters) {
        this.file = file;
        this.width = width;
        this.height = height;
        this.parameters = parameters;
    }

    public Path file() { return file; }
    public int width() { return width; }
    public int height() { return height; }
    /** The render parameters; empty when the image has none. */
    public Map<String, String> parameters() { return parameters; }

    public static RenderedImage open(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader r = reader(file, in);
            try {
                int w = r.getWidth(0), h = r.getHeight(0);
                Map<String, String> p = sidecar(file);
                if (p == null) p = embedded(r);
                return new RenderedImage(file, w, h, p == null ? Map.of() : p);
            } finally {
                r.dispose();
            }
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read image " + file + ": " + e.getMessage());
        }
    }

    /** The whole image, every {@code step}-th pixel in each direction, as 8-bit RGB. */
    public BufferedImage readSubsampled(int step) {
        return read(null, step);
    }

    /**
     * A region at full resolution, as 8-bit RGB. Whole rows are read and then cut: TwelveMonkeys' TIFF reader fails
     * on a source region that starts inside a row of a 16-bit strip.
     */
    public BufferedImage readRegion(Rectangle region) {
        BufferedImage rows = read(new Rectangle(0, region.y, width, region.height), 1);
        return rows.getSubimage(region.x, 0, region.width, region.height);
    }

    private BufferedImage read(Rectangle region, int step) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader r = reader(file, in);
            try {
                ImageReadParam p = r.getDefaultReadParam();
                if (region != null) p.setSourceRegion(region);
                if (step > 1) p.setSourceSubsampling(step, step, 0, 0);
                return toRgb8(r.read(0, p));
            } finally {
                r.dispose();
            }
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read image " + file + ": " + e.getMessage());
        }
    }

    private static ImageReader reader(Path file, ImageInputStream in) throws IOException {
        if (in == null) throw new IOException("no such file");
        Iterator<ImageReader> it = ImageIO.getImageReaders(in);
        if (!it.hasNext()) throw new IOException("not an image this program reads (PNG or TIFF expected)");
        ImageReader r = it.next();
        r.setInput(in, true, false);
        return r;
    }

    /** 16-bit and odd layouts to plain 8-bit RGB (the colour model scales the samples). */
    private static BufferedImage toRgb8(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) return src;
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[src.getWidth()];
        for (int y = 0; y < src.getHeight(); y++) {
            src.getRGB(0, y, src.getWidth(), 1, row, 0, src.getWidth());
            out.setRGB(0, y, src.getWidth(), 1, row, 0, src.getWidth());
        }
        return out;
    }

    private static Map<String, String> sidecar(Path image) {
        String n = image.getFileName().toString();
        int dot = n.lastIndexOf('.');
        Path json = image.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".json");
        if (!Files.isRegularFile(json)) return null;
        try {
            return parse(Files.readString(json));
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read " + json + ": " + e.getMessage());
        }
    }

    static Map<String, String> parse(String json) throws IOException {
        Map<String, Object> m = JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
        Map<String, String> r = new LinkedHashMap<>();
        m.forEach((k, v) -> r.put(k, String.valueOf(v)));
        return r;
    }

    /** JSON parameters in the file's metadata: PNG iTXt keyword "cellscape", or TIFF tag 270. */
    private static Map<String, String> embedded(ImageReader r) {
        try {
            IIOMetadata m = r.getImageMetadata(0);
            if (m == null || m.getNativeMetadataFormatName() == null) return null;
            String text = find(m.getAsTree(m.getNativeMetadataFormatName()));
            return text == null ? null : parse(text);
        } catch (IOException | RuntimeException e) {
            return null; // parameters are optional: a gallery of foreign images is still a gallery
        }
    }

    private static String find(Node n) {
        NamedNodeMap a = n.getAttributes();
        if (a != null) {
            Node kw = a.getNamedItem("keyword"), text = a.getNamedItem("text"), number = a.getNamedItem("number");
            if (n.getNodeName().equals("iTXtEntry") && kw != null && kw.getNodeValue().equals("cellscape") && text != null)
                return text.getNodeValue();
            if (n.getNodeName().equals("TIFFField") && number != null && number.getNodeValue().equals("270")) {
                String v = firstValue(n);
                if (v != null && v.trim().startsWith("{")) return v;
            }
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            String s = find(c);
            if (s != null) return s;
        }
        return null;
    }

    private static String firstValue(Node n) {
        NamedNodeMap a = n.getAttributes();
        if (a != null && a.getNamedItem("value") != null && !n.getNodeName().equals("TIFFField")) return a.getNamedItem("value").getNodeValue();
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            String s = firstValue(c);
            if (s != null) return s;
        }
        return null;
    }
}
