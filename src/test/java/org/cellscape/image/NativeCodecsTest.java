package org.cellscape.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The system codecs used through the foreign-function API: libdeflate inflates exactly what zlib inflates, and
 * refuses what zlib refuses; TurboJPEG's tiles decode (by the JDK's own decoder) to the image within JPEG's error,
 * as the JDK encoder's do. Where the libraries are installed (CI installs them) they must load.
 */
class NativeCodecsTest {
    static boolean installed(String lib) {
        return Files.exists(Path.of("/usr/lib/x86_64-linux-gnu", lib)) || Files.exists(Path.of("/usr/lib", lib));
    }

    @Test
    void theInstalledLibrariesLoad() {
        if (installed("libdeflate.so.0")) assertTrue(LibDeflate.available(), "libdeflate is installed but did not load");
        if (installed("libturbojpeg.so.0")) assertTrue(TurboJpeg.available(), "libturbojpeg is installed but did not load");
    }

    @Test
    void libdeflateInflatesWhatZlibInflates() throws Exception {
        assumeTrue(LibDeflate.available(), "libdeflate not installed (apt-get install libdeflate0)");
        SplittableRandom r = new SplittableRandom(7);
        for (int len : new int[] {0, 1, 1000, 196_608, 393_216}) {
            byte[] data = new byte[len];
            for (int i = 0; i < len; i++) data[i] = (byte) (r.nextInt(3) == 0 ? r.nextInt(256) : i >> 7); // part noise, part runs
            for (int level : new int[] {1, 6}) {
                byte[] z = Deflate.zlib(data, len, level, 2);
                byte[] out = new byte[len + 100];
                assertEquals(len, LibDeflate.inflate(z, z.length, out), "length of " + len + " bytes at level " + level);
                byte[] ref = new byte[len + 100];
                Inflater inf = new Inflater();
                inf.setInput(z);
                assertEquals(len, inf.inflate(ref));
                inf.end();
                assertArrayEquals(ref, out);
                if (len > 0) assertEquals(-1, LibDeflate.inflate(z, z.length, new byte[len - 1]), "output that does not fit");
            }
        }
        byte[] z = Deflate.zlib(new byte[5000], 5000, 1, 2);
        z[z.length - 1] ^= 1; // the Adler-32 checksum
        assertEquals(-1, LibDeflate.inflate(z, z.length, new byte[5000]), "a stream with a wrong checksum");
        assertEquals(-1, LibDeflate.inflate(new byte[] {1, 2, 3, 4}, 4, new byte[100]), "not a zlib stream");
    }

    @Test
    void turboJpegTilesDecodeToTheImage() throws Exception {
        assumeTrue(TurboJpeg.available(), "libturbojpeg not installed (apt-get install libturbojpeg0)");
        int w = 256, h = 200;
        byte[] rgb = smooth(w, h);
        double[] errs = new double[2];
        for (int q : new int[] {85, 95}) {
            byte[] jpg = TurboJpeg.encode(rgb, w, h, q);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpg));
            assertEquals(w, img.getWidth());
            assertEquals(h, img.getHeight());
            double err = meanError(img, rgb);
            errs[q == 85 ? 0 : 1] = err;
            assertTrue(err < 3, "quality " + q + ": mean error " + err);
            assertEquals(q >= 90 ? 0x11 : 0x22, lumaSampling(jpg), "chroma subsampling at quality " + q);
        }
        // the same image through the JDK's encoder (4:2:0 too): no better, so the two paths are interchangeable
        BufferedImage bgr = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                bgr.setRGB(x, y, (rgb[p] & 255) << 16 | (rgb[p + 1] & 255) << 8 | rgb[p + 2] & 255);
            }
        Path f = Files.createTempFile("jdk", ".jpg");
        try {
            Jpeg.write(bgr, f, 0.85f);
            double jdk = meanError(ImageIO.read(f.toFile()), rgb);
            assertTrue(errs[0] < 1.2 * jdk, "quality 85: TurboJPEG's mean error " + errs[0] + ", the JDK's " + jdk);
            assertTrue(errs[1] < errs[0], "quality 95 is closer than 85: " + errs[1] + " against " + errs[0]);
        } finally {
            Files.delete(f);
        }
    }

    /**
     * Both of DeepZoomSink's JPEG paths, each in a JVM of its own (the codec choice is made once per JVM): the tiles
     * hold the image within JPEG's error, channels in their places, whichever encoder wrote them.
     */
    @Test
    void deepZoomJpegTilesAreTheImageWithAndWithoutTheSystemCodec() throws Exception {
        for (String flags : new String[] {"-Dcellscape.native=false", "--enable-native-access=ALL-UNNAMED"}) {
            String out = org.cellscape.testing.ChildJvm.run(flags, JpegTilesCheck.class);
            String line = out.lines().filter(l -> l.startsWith("encoder ")).findFirst().orElseThrow(() -> new AssertionError(out));
            if (!flags.contains("native=false") && TurboJpeg.available()) assertTrue(line.startsWith("encoder libjpeg-turbo"), line);
            if (flags.contains("native=false")) assertTrue(line.startsWith("encoder the JDK"), line);
            String[] e = line.substring(line.indexOf("error ") + 6).split(" ");
            for (String v : e) assertTrue(Double.parseDouble(v) < 1.5, flags + ": " + line);
        }
    }

    /** Smooth colour waves with a little texture: what a render's deep-zoom tile looks like. */
    static byte[] smooth(int w, int h) {
        byte[] b = new byte[w * h * 3];
        SplittableRandom r = new SplittableRandom(3);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    b[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, 128 + 90 * Math.sin(x * (0.02 + 0.01 * c) + y * 0.03) + r.nextInt(5) - 2));
        return b;
    }

    static double meanError(BufferedImage img, byte[] rgb) {
        double e = 0;
        int w = img.getWidth(), h = img.getHeight();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y), i = (y * w + x) * 3;
                e += Math.abs((p >> 16 & 255) - (rgb[i] & 255)) + Math.abs((p >> 8 & 255) - (rgb[i + 1] & 255)) + Math.abs((p & 255) - (rgb[i + 2] & 255));
            }
        return e / (3.0 * w * h);
    }

    /** The first component's sampling factors in the SOF0 header: 0x22 for 4:2:0, 0x11 for 4:4:4. */
    static int lumaSampling(byte[] jpg) {
        for (int i = 2; i + 11 < jpg.length; i++)
            if ((jpg[i] & 255) == 0xFF && (jpg[i + 1] & 255) == 0xC0) return jpg[i + 11] & 255;
        throw new AssertionError("no SOF0 marker");
    }
}
