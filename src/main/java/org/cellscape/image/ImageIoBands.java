package org.cellscape.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Node;

/** {@link TiffBands} through ImageIO (TwelveMonkeys) by source region: LZW, PackBits, JPEG and other layouts. */
final class ImageIoBands implements TiffBands.Source {
    static {
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    private final ImageInputStream in;
    private final ImageReader reader;
    private final int width, height, bandHeight;

    private ImageIoBands(ImageInputStream in, ImageReader reader) throws IOException {
        this.in = in;
        this.reader = reader;
        this.width = reader.getWidth(0);
        this.height = reader.getHeight(0);
        int tileH = reader.isImageTiled(0) ? reader.getTileHeight(0) : 1;
        this.bandHeight = Math.min(height, Math.max(tileH, 256 / tileH * tileH));
        int bands = reader.getRawImageType(0).getNumBands();
        if (bands < 1 || bands > 4) throw new IOException(bands + " samples per pixel; expected grey or RGB, with or without alpha");
    }

    static ImageIoBands open(Path file) throws IOException {
        ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
        try {
            Iterator<ImageReader> it = ImageIO.getImageReaders(in);
            if (!it.hasNext()) throw new IOException("no TIFF reader accepts it");
            ImageReader r = it.next();
            r.setInput(in, true, true);
            return new ImageIoBands(in, r);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e instanceof IOException io ? io : new IOException(PartialFileSink.oneLine(e), e);
        }
    }

    @Override public int width() { return width; }
    @Override public int height() { return height; }
    @Override public int bandHeight() { return bandHeight; }

    @Override
    public String description() {
        try {
            Node text = find(reader.getImageMetadata(0).getAsTree("javax_imageio_1.0"), "Text");
            for (Node e = text == null ? null : text.getFirstChild(); e != null; e = e.getNextSibling()) {
                Node k = e.getAttributes().getNamedItem("keyword");
                if (k != null && "ImageDescription".equals(k.getNodeValue())) return e.getAttributes().getNamedItem("value").getNodeValue();
            }
        } catch (IOException | RuntimeException e) {
            // no readable metadata: no description
        }
        return null;
    }

    @Override
    public double dpi() {
        try {
            Node n = find(reader.getImageMetadata(0).getAsTree("javax_imageio_1.0"), "HorizontalPixelSize");
            if (n == null) return 0;
            double mmPerPixel = Double.parseDouble(n.getAttributes().getNamedItem("value").getNodeValue());
            return mmPerPixel > 0 ? Math.round(25.4 / mmPerPixel * 1000) / 1000.0 : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public short[] read(int y, int rows, short[] reuse) throws IOException {
        ImageReadParam p = reader.getDefaultReadParam();
        p.setSourceRegion(new Rectangle(0, y, width, rows));
        BufferedImage img = reader.read(0, p);
        Raster r = img.getRaster();
        int bands = r.getNumBands(), colours = bands >= 3 ? 3 : 1;
        int bits = img.getColorModel().getComponentSize(0);
        double scale = 65535.0 / ((1L << bits) - 1);
        int n = width * rows * 3;
        short[] out = reuse != null && reuse.length >= n ? reuse : new short[n];
        int[] px = new int[width * bands];
        for (int row = 0; row < rows; row++) {
            r.getPixels(0, row, width, 1, px);
            int o = row * width * 3;
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++) {
                    int v = px[x * bands + (colours == 1 ? 0 : c)];
                    out[o + x * 3 + c] = (short) (bits == 16 ? v : (int) Math.round(v * scale));
                }
        }
        return out;
    }

    private static Node find(Node n, String name) {
        if (name.equals(n.getNodeName())) return n;
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            Node f = find(c, name);
            if (f != null) return f;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        reader.dispose();
        in.close();
    }
}
