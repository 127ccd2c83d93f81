package org.cellscape.canvas;

import java.awt.image.BufferedImage;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.Tile;

/** A tile's colours as an 8-bit picture, for previews, contact sheets and pages (renders go through the 16-bit path). */
public final class TileImages {
    private TileImages() {}

    /** The colours of a rectangle of a tile, 8 bits per channel, rounded. */
    public static BufferedImage fromTile(Tile t, int x0, int y0, int w, int h, ColourMap cm) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int C = t.channels();
        float[] d = t.data();
        int[] row = new int[w];
        float[] rgb = new float[3];
        for (int y = 0; y < h; y++) {
            int base = ((y0 + y) * t.width() + x0) * C;
            for (int x = 0; x < w; x++, base += C) {
                cm.unitRgb(d, base, rgb);
                row[x] = byte8(rgb[0]) << 16 | byte8(rgb[1]) << 8 | byte8(rgb[2]);
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    private static int byte8(float unit) {
        return (int) (unit * 255f + 0.5f);
    }
}
