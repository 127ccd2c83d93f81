package org.cellscape.image;

import org.cellscape.CellscapeException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads images through ImageIO with the TwelveMonkeys plugins (PNG, JPEG, TIFF including 16-bit and BigTIFF,
 * BMP, GIF). Exemplars become {@link RgbImage}s; whatever had to be changed on the way is reported as notes so the
 * user can see it. Samples are taken as stored (no colour management), normalised by their bit depth.
 */
public final class ImageReaders {
    static {
        ImageIO.scanForPlugins(); // TwelveMonkeys registers through the service loader
        ImageIO.setUseCache(false); // no temp files for stream caching
    }

    /** Pillow refuses past about 179 M pixels; 2^27 (134 M, e.g. 11585 x 11585) keeps float RGB under 1.6 GB. */
    public static final long MAX_PIXELS = 1L << 27;

    private ImageReaders() {}

    /** An exemplar and what was done to make it RGB. */
    public record Loaded(RgbImage image, List<String> notes) {
        public Loaded {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Raw integer samples of an RGB image as stored (any alpha dropped).
     *
     * @param bits    bits per sample of the file (8 or 16 typically)
     * @param samples width * height * 3, row-major, RGB interleaved, unsigned
     */
    public record RawRgb(int width, int height, int bits, int[] samples) {}

    /** Reads an exemplar: grayscale is expanded, alpha composited over black (or dropped when opaque). */
    public static Loaded read(Path file) {
        return rgb(decode(file), file.toString());
    }

    /**
     * A decoded image (a file's, a video frame's) as 0..1 RGB, as {@link #read} gives it; {@code shown} names its
     * source in messages.
     */
    public static Loaded rgb(BufferedImage img, String shown) {
        int w = img.getWidth(), h = img.getHeight();
        if ((long) w * h * 3 > Integer.MAX_VALUE - 16)
            throw CellscapeException.badInput(shown + ": image " + w + "x" + h + " is too large for an exemplar");
        List<String> notes = new ArrayList<>();
        float[] rgb = new float[w * h * 3];
        ColorModel cm = img.getColorModel();
        boolean alphaSeen = false;
        if (isPlainComponent(cm)) {
            Raster r = img.getRaster();
            int bands = r.getNumBands();
            int colors = cm.getNumColorComponents();
            boolean alpha = cm.hasAlpha();
            boolean premultiplied = cm.isAlphaPremultiplied();
            float[] scale = new float[bands];
            for (int b = 0; b < bands; b++) scale[b] = 1f / maxValue(cm, r, b);
            float[] px = new float[w * bands];
            for (int y = 0; y < h; y++) {
                r.getPixels(0, y, w, 1, px);
                for (int x = 0; x < w; x++) {
                    int s = x * bands;
                    float a = alpha ? clamp(px[s + colors] * scale[colors]) : 1f;
                    if (a < 1f) alphaSeen = true;
                    float k = alpha && !premultiplied ? a : 1f;
                    for (int c = 0; c < 3; c++) {
                        int band = colors == 1 ? 0 : c;
                        rgb[(y * w + x) * 3 + c] = clamp(px[s + band] * scale[band]) * k;
                    }
                }
            }
            if (colors == 1) notes.add("converted grayscale to RGB");
            if (alpha) notes.add(alphaNote(alphaSeen));
        } else {
            // palettes, packed pixels, CMYK/YCbCr: ImageIO's ARGB view carries at most 8 bits per channel anyway
            boolean alpha = cm.hasAlpha();
            int[] argb = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = argb[x];
                    float a = alpha ? (p >>> 24) / 255f : 1f;
                    if (a < 1f) alphaSeen = true;
                    int o = (y * w + x) * 3;
                    rgb[o] = ((p >> 16) & 0xFF) / 255f * a;
                    rgb[o + 1] = ((p >> 8) & 0xFF) / 255f * a;
                    rgb[o + 2] = (p & 0xFF) / 255f * a;
                }
            }
            if (cm.getNumColorComponents() == 1) notes.add("converted grayscale to RGB");
            if (alpha) notes.add(alphaNote(alphaSeen));
        }
        return new Loaded(new RgbImage(w, h, rgb), notes);
    }

    /** Raw RGB samples as stored, e.g. to check what a writer produced. Fails for non-RGB images. */
    public static RawRgb readRawRgb(Path file) {
        BufferedImage img = decode(file);
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        if (!isPlainComponent(cm) || cm.getNumColorComponents() != 3 || !isInteger(r))
            throw CellscapeException.badInput(file + ": not an RGB image with integer samples");
        int w = img.getWidth(), h = img.getHeight(), bands = r.getNumBands();
        if ((long) w * h * 3 > Integer.MAX_VALUE - 16)
            throw CellscapeException.badInput(file + ": image " + w + "x" + h + " is too large to hold in memory");
        int[] out = new int[w * h * 3];
        int[] px = new int[w * bands];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, px);
            for (int x = 0; x < w; x++) System.arraycopy(px, x * bands, out, (y * w + x) * 3, 3);
        }
        return new RawRgb(w, h, cm.getComponentSize(0), out);
    }

    /** Raw samples of a 16-bit RGB image (e.g. a render read back). Fails for other depths. */
    public static RawRgb readRgb16(Path file) {
        RawRgb raw = readRawRgb(file);
        if (raw.bits() != 16) throw CellscapeException.badInput(file + ": expected 16 bits per sample, found " + raw.bits());
        return raw;
    }

    /**
     * Decodes the first image, trying each reader that claims the format until one succeeds. The header is read
     * first: an image of more than {@code maxPixels} is refused before its pixels are, so a small file that
     * inflates to gigabytes (a decompression bomb) costs nothing.
     */
    public static BufferedImage decode(Path file, long maxPixels) {
        if (!Files.isRegularFile(file)) throw CellscapeException.badInput("cannot read image " + file + ": no such file");
        if (!Files.isReadable(file)) throw CellscapeException.badInput("cannot read image " + file + ": permission denied");
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return decode(in, file.toString(), maxPixels);
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read image " + file + ": " + PartialFileSink.oneLine(e));
        }
    }

    /** {@link #decode(Path, long)} for an image held in memory; {@code shown} names it in errors. */
    public static BufferedImage decode(byte[] bytes, String shown, long maxPixels) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            return decode(in, shown, maxPixels);
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read image " + shown + ": " + PartialFileSink.oneLine(e));
        }
    }

    static BufferedImage decode(Path file) {
        return decode(file, MAX_PIXELS);
    }

    private static BufferedImage decode(ImageInputStream in, String shown, long maxPixels) throws IOException {
        if (in == null) throw CellscapeException.badInput("cannot read image " + shown);
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext())
            throw CellscapeException.badInput("cannot read image " + shown + ": not a PNG, JPEG, TIFF, BMP or GIF file");
        Exception last = null;
        CellscapeException tooLarge = null;
        while (readers.hasNext() && tooLarge == null) {
            ImageReader reader = readers.next();
            try {
                in.seek(0);
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w * h <= maxPixels) return reader.read(0);
                tooLarge = CellscapeException.badInput("image " + shown + " is " + w + "x" + h + " (" + w * h
                        + " pixels), more than the " + maxPixels + " allowed here; downscale it");
            } catch (IOException | RuntimeException e) {
                last = e; // another reader may still succeed
            } finally {
                reader.dispose();
            }
        }
        if (tooLarge != null) throw tooLarge;
        throw CellscapeException.badInput("cannot read image " + shown + ": " + PartialFileSink.oneLine(last));
    }

    /** Component samples in a gray or RGB space: the layout we can read at full precision. */
    private static boolean isPlainComponent(ColorModel cm) {
        int type = cm.getColorSpace().getType();
        return cm instanceof ComponentColorModel && (type == ColorSpace.TYPE_RGB || type == ColorSpace.TYPE_GRAY);
    }

    private static boolean isInteger(Raster r) {
        int t = r.getDataBuffer().getDataType();
        return t == DataBuffer.TYPE_BYTE || t == DataBuffer.TYPE_USHORT || t == DataBuffer.TYPE_INT;
    }

    private static float maxValue(ColorModel cm, Raster r, int band) {
        if (!isInteger(r)) return 1f; // float samples are already 0..1
        return (float) ((1L << cm.getComponentSize(band)) - 1);
    }

    private static String alphaNote(boolean transparent) {
        return transparent ? "composited transparent pixels over black" : "dropped an opaque alpha channel";
    }

    private static float clamp(float v) {
        return v < 0f ? 0f : v > 1f ? 1f : v;
    }
}
