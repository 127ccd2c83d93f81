package org.cellscape.model;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small atlases in Google's texture-NCA export format: 4 channels, 4 hidden units, one block per name. */
final class Atlases {
    private Atlases() {}

    static String json(List<String> names) throws IOException {
        int n = names.size();
        StringBuilder b = new StringBuilder("{\"model_names\": [");
        for (int i = 0; i < n; i++) b.append(i > 0 ? ", " : "").append('"').append(names.get(i)).append('"');
        b.append("], \"layers\": [").append(layer(17, 4, n, 1)).append(", ").append(layer(5, 4, n, 2)).append("]}");
        return b.toString();
    }

    /** A layer of shape [rows, outputs] for n models side by side. */
    private static String layer(int rows, int outputs, int n, long seed) throws IOException {
        BufferedImage img = new BufferedImage(n * outputs / 4, rows, BufferedImage.TYPE_INT_ARGB);
        Random r = new Random(seed);
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) img.setRGB(x, y, r.nextInt());
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        return "{\"shape\": [" + rows + ", " + outputs + "], \"layout\": [" + n + ", 1], \"scale\": 1.5, \"data\": \"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png.toByteArray()) + "\"}";
    }
}
