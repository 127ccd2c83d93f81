package org.cellscape.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.cellscape.CellscapeException;

/** 8-bit RGB images for looking at (contact sheets, thumbnails): made from states, shrunk, written. */
public final class Images {
    private Images() {}


    /**
     * Shrinks by area averaging (every source pixel counts, so fine detail turns into its mean colour instead of
     * aliasing) to fit within {@code maxW x maxH}; never enlarges.
     */
    public static BufferedImage fit(BufferedImage src, int maxW, int maxH) {
        int sw = src.getWidth(), sh = src.getHeight();
        double k = Math.min(1.0, Math.min((double) maxW / sw, (double) maxH / sh));
        int dw = Math.max(1, (int) Math.round(sw * k)), dh = Math.max(1, (int) Math.round(sh * k));
        if (dw == sw && dh == sh) return src;
        double[] acc = new double[dw * dh * 3], wsum = new double[dw * dh];
        int[] row = new int[sw];
        for (int y = 0; y < sh; y++) {
            src.getRGB(0, y, sw, 1, row, 0, sw);
            double fy0 = (double) y * dh / sh, fy1 = (double) (y + 1) * dh / sh;
            for (int x = 0; x < sw; x++) {
                double fx0 = (double) x * dw / sw, fx1 = (double) (x + 1) * dw / sw;
                int p = row[x];
                for (int ty = (int) fy0; ty < Math.min(dh, Math.ceil(fy1)); ty++) {
                    double oy = Math.min(fy1, ty + 1) - Math.max(fy0, ty);
                    if (oy <= 0) continue;
                    for (int tx = (int) fx0; tx < Math.min(dw, Math.ceil(fx1)); tx++) {
                        double o = oy * (Math.min(fx1, tx + 1) - Math.max(fx0, tx));
                        if (o <= 0) continue;
                        int i = ty * dw + tx;
                        acc[i * 3] += o * (p >> 16 & 255);
                        acc[i * 3 + 1] += o * (p >> 8 & 255);
                        acc[i * 3 + 2] += o * (p & 255);
                        wsum[i] += o;
                    }
                }
            }
        }
        BufferedImage out = new BufferedImage(dw, dh, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < wsum.length; i++) {
            int r = (int) Math.round(acc[i * 3] / wsum[i]), g = (int) Math.round(acc[i * 3 + 1] / wsum[i]), b = (int) Math.round(acc[i * 3 + 2] / wsum[i]);
            out.setRGB(i % dw, i / dw, r << 16 | g << 8 | b);
        }
        return out;
    }

    /** Enlarges by pixel repetition (for coarse states shown at preview size: blocks, not blur). */
    public static BufferedImage enlarge(BufferedImage src, int factor) {
        if (factor <= 1) return src;
        BufferedImage out = new BufferedImage(src.getWidth() * factor, src.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++)
            for (int x = 0; x < out.getWidth(); x++) out.setRGB(x, y, src.getRGB(x / factor, y / factor));
        return out;
    }

    /** Writes PNG or JPEG (by extension) via NAME.partial and a rename, so no half-written file has the final name. */
    public static void write(BufferedImage img, Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String format = n.endsWith(".jpg") || n.endsWith(".jpeg") ? "jpeg" : "png";
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.deleteIfExists(tmp); // ImageIO's output stream does not truncate a leftover file
            if (format.equals("jpeg")) Jpeg.write(img, tmp, 0.88f);
            else if (!ImageIO.write(img, format, tmp.toFile())) throw new IOException("no " + format + " writer");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write error is the one worth reporting
            }
            throw CellscapeException.io("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
