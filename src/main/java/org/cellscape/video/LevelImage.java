package org.cellscape.video;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.cellscape.canvas.TileImages;
import org.cellscape.engine.Tile;
import org.cellscape.image.ImageReaders;
import org.cellscape.image.Images;
import org.cellscape.render.Preview;
import org.cellscape.render.RenderJob;

/**
 * One level's colours over the image area (8-bit RGB, packed), and its scale: level cells per final-image pixel.
 * Frames are sampled from these: {@link #sample} maps a view given in final-image pixels onto a frame.
 */
record LevelImage(int width, int height, int[] rgb, double scaleX, double scaleY) {
    /** Supersampling is capped here: beyond 4x4 samples a frame pixel the extra cost buys nothing visible. */
    private static final int MAX_SAMPLES = 4;

    /** The image area of {@code level}'s state, coloured as the render colours it. */
    static LevelImage of(RenderJob job, int level, Tile state) {
        long[] a = Preview.area(job, level);
        return of(job, level, TileImages.fromTile(state, 0, 0, (int) a[0], (int) a[1], job.colours()));
    }

    static LevelImage of(RenderJob job, int level, BufferedImage img) {
        var s = job.schedule();
        int w = img.getWidth(), h = img.getHeight();
        return new LevelImage(w, h, img.getRGB(0, 0, w, h, null, 0, w),
                (double) s.width(level) / s.finalWidth(), (double) s.height(level) / s.finalHeight());
    }

    void save(Path file) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, rgb, 0, width);
        Images.write(img, file);
    }

    static LevelImage load(RenderJob job, int level, Path file) {
        return of(job, level, ImageReaders.decode(file, (long) Integer.MAX_VALUE));
    }

    /**
     * The view {x, y, w, h} (final-image pixels) as a {@code fw x fh} frame: bilinear between cell centres, edges
     * clamped, with k x k samples a pixel where the level has more than one cell a pixel (no aliasing shimmer).
     * Returns float RGB 0..255 (sRGB values, blended as stored), three a pixel.
     */
    float[] sample(double[] view, int fw, int fh) {
        double cx = view[2] / fw * scaleX, cy = view[3] / fh * scaleY;
        int k = (int) Math.max(1, Math.min(MAX_SAMPLES, Math.ceil(Math.max(cx, cy) - 1e-9)));
        float[] out = new float[fw * fh * 3];
        float[] px = new float[3];
        for (int y = 0; y < fh; y++)
            for (int x = 0; x < fw; x++) {
                float r = 0, g = 0, b = 0;
                for (int j = 0; j < k; j++)
                    for (int i = 0; i < k; i++) {
                        double fx = view[0] + (x + (i + 0.5) / k) * view[2] / fw, fy = view[1] + (y + (j + 0.5) / k) * view[3] / fh;
                        bilinear(fx * scaleX - 0.5, fy * scaleY - 0.5, px);
                        r += px[0]; g += px[1]; b += px[2];
                    }
                int o = (y * fw + x) * 3;
                float n = k * k;
                out[o] = r / n; out[o + 1] = g / n; out[o + 2] = b / n;
            }
        return out;
    }

    private void bilinear(double u, double v, float[] px) {
        u = Math.clamp(u, 0, width - 1);
        v = Math.clamp(v, 0, height - 1);
        int x0 = (int) u, y0 = (int) v, x1 = Math.min(x0 + 1, width - 1), y1 = Math.min(y0 + 1, height - 1);
        float a = (float) (u - x0), b = (float) (v - y0);
        int p00 = rgb[y0 * width + x0], p10 = rgb[y0 * width + x1], p01 = rgb[y1 * width + x0], p11 = rgb[y1 * width + x1];
        for (int c = 0, sh = 16; c < 3; c++, sh -= 8) {
            float top = (p00 >> sh & 255) * (1 - a) + (p10 >> sh & 255) * a, bottom = (p01 >> sh & 255) * (1 - a) + (p11 >> sh & 255) * a;
            px[c] = top * (1 - b) + bottom * b;
        }
    }

    /** Float RGB (0..255) rounded into an 8-bit frame. */
    static BufferedImage frame(float[] rgb, int fw, int fh) {
        int[] packed = new int[fw * fh];
        for (int i = 0; i < packed.length; i++)
            packed[i] = byte8(rgb[i * 3]) << 16 | byte8(rgb[i * 3 + 1]) << 8 | byte8(rgb[i * 3 + 2]);
        BufferedImage img = new BufferedImage(fw, fh, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, fw, fh, packed, 0, fw);
        return img;
    }

    private static int byte8(float v) {
        return Math.clamp(Math.round(v), 0, 255);
    }
}
