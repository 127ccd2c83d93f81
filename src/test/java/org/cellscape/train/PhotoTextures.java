package org.cellscape.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The photo textures of the training benchmark (bench/train-quality.sh): GIMP's patterns from Debian's gimp-data
 * package (GPL-3+, read by path, never copied), in GIMP's .pat format (a big-endian header, then 8-bit pixels).
 */
final class PhotoTextures {
    static final Path PATTERNS = Path.of("/usr/share/gimp/2.0/patterns");
    /** Stone wall, bricks, rocks, marble veins, cracked earth, bark, wood grain, woven fabric. */
    static final List<String> SET = List.of("Stone/stone33", "Stone/brick", "Stone/rock", "Stone/pink_marble", "Stone/cracked",
            "Wood/bark", "Wood/wood1", "Fabric/burlap");

    private PhotoTextures() {}

    /** The benchmark set; fails (not skips) without gimp-data, which .ci/run installs. */
    static List<Exemplar> benchmarkSet() {
        if (!Files.isDirectory(PATTERNS)) throw new AssertionError(PATTERNS + " is missing: apt-get install gimp-data (as .ci/run does)");
        List<Exemplar> l = new ArrayList<>();
        for (String s : SET) l.add(read(PATTERNS.resolve(s + ".pat")));
        return l;
    }

    static Exemplar read(Path pat) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pat));
            int header = b.getInt(), version = b.getInt(), w = b.getInt(), h = b.getInt(), bpp = b.getInt();
            if (b.getInt() != 0x47504154 || version != 1 || bpp < 1 || bpp > 4) throw new IOException("not a GIMP pattern of version 1");
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int o = header + (y * w + x) * bpp;
                    int r = b.get(o) & 255, g = bpp >= 3 ? b.get(o + 1) & 255 : r, bl = bpp >= 3 ? b.get(o + 2) & 255 : r;
                    img.setRGB(x, y, r << 16 | g << 8 | bl);
                }
            String n = pat.getFileName().toString();
            return Exemplar.of(n.substring(0, n.length() - 4), img);
        } catch (IOException e) {
            throw new UncheckedIOException(pat + ": " + e.getMessage(), e);
        }
    }
}
