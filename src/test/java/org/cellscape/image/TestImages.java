package org.cellscape.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

/** Test data and INDEPENDENT readers (TwelveMonkeys for TIFF, the JDK's own plugin for PNG), not our ImageReaders. */
public final class TestImages {
    static {
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    private TestImages() {}

    static final Map<String, String> PARAMS = Map.of("model", "coral-v2", "seed", "42", "size", "A0 @ 300 dpi",
            "note", "ünïcødé ✓");

    static ImageSpec spec(int w, int h, int bits) {
        return new ImageSpec(w, h, bits, PARAMS, 300);
    }

    /** Uniform random 16-bit samples. */
    static short[] random(int w, int h, long seed) {
        Random rnd = new Random(seed);
        short[] s = new short[w * h * 3];
        for (int i = 0; i < s.length; i++) s[i] = (short) rnd.nextInt(65536);
        return s;
    }

    /**
     * Half smooth gradient with a little noise, half random, plus the extremes 0 and 65535: exercises every PNG
     * filter and the predictor's wrap-around.
     */
    static short[] mixed(int w, int h, long seed) {
        Random rnd = new Random(seed);
        short[] s = new short[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++) {
                    int v;
                    if ((x / 7 + y / 5) % 3 == 0) v = rnd.nextInt(65536);
                    else v = (int) (65535.0 * (x + 2 * y + 13 * c) / (w + 2 * h + 26)) + rnd.nextInt(5) - 2;
                    if ((x + y) % 11 == 0) v = c == 1 ? 65535 : 0;
                    s[(y * w + x) * 3 + c] = (short) Math.clamp(v, 0, 65535);
                }
        return s;
    }

    /** A smooth 16-bit gradient, the typical render. */
    static short[] gradient(int w, int h) {
        short[] s = new short[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                s[o] = (short) (65535L * x / Math.max(1, w - 1));
                s[o + 1] = (short) (65535L * y / Math.max(1, h - 1));
                s[o + 2] = (short) (32768 + 20000 * Math.sin(x * 0.01 + y * 0.02));
            }
        return s;
    }

    /** Feeds all rows in bands of random heights 1..maxBand (seeded). */
    static void writeInBands(RasterSink sink, short[] data, int w, int h, long seed, int maxBand) throws IOException {
        Random rnd = new Random(seed);
        int y = 0;
        while (y < h) {
            int rows = Math.min(h - y, 1 + rnd.nextInt(maxBand));
            short[] band = new short[rows * w * 3];
            System.arraycopy(data, y * w * 3, band, 0, band.length);
            sink.writeRows(band, rows);
            y += rows;
        }
    }

    record Decoded(int width, int height, int bits, int[] samples, IIOMetadata metadata) {}

    static Decoded readTwelveMonkeysTiff(Path file) throws IOException {
        return read(file, "tiff", "com.twelvemonkeys.");
    }

    static Decoded readJdkPng(Path file) throws IOException {
        return read(file, "png", "com.sun.imageio.plugins.png.");
    }

    private static Decoded read(Path file, String format, String readerPackage) throws IOException {
        ImageReader reader = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format); it.hasNext(); ) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith(readerPackage)) reader = r;
        }
        if (reader == null) throw new AssertionError("no " + readerPackage + " reader for " + format);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in);
            BufferedImage img = reader.read(0);
            IIOMetadata meta = reader.getImageMetadata(0);
            Raster r = img.getRaster();
            if (r.getNumBands() != 3) throw new AssertionError("expected 3 bands, got " + r.getNumBands());
            int[] px = r.getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
            return new Decoded(img.getWidth(), img.getHeight(), img.getColorModel().getComponentSize(0), px, meta);
        } finally {
            reader.dispose();
        }
    }

    /** Runs a command line tool; null when it is not installed. */
    public static String tool(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        if (rc != 0) throw new AssertionError(String.join(" ", cmd) + " failed (" + rc + "): " + out);
        return out;
    }

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            if (java.nio.file.Files.isExecutable(Path.of(dir, tool))) return true;
        return false;
    }

    /** Level k of a 2x pyramid, computed directly: the mean of each 2^k box of level 0 (clipped at the edges), rounded. */
    static int[] boxReduce(short[] data, int w, int h, int k) {
        int s = 1 << k, rw = (w + s - 1) / s, rh = (h + s - 1) / s;
        int[] out = new int[rw * rh * 3];
        for (int y = 0; y < rh; y++)
            for (int x = 0; x < rw; x++)
                for (int c = 0; c < 3; c++) {
                    long sum = 0, n = 0;
                    for (int yy = y * s; yy < Math.min(h, (y + 1) * s); yy++)
                        for (int xx = x * s; xx < Math.min(w, (x + 1) * s); xx++, n++) sum += data[(yy * w + xx) * 3 + c] & 0xFFFF;
                    out[(y * rw + x) * 3 + c] = (int) Math.round((double) sum / n);
                }
        return out;
    }
}
