import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.cellscape.engine.ControlMap;
import org.cellscape.engine.ControlSpec;
import org.cellscape.image.RgbImage;

/**
 * The picture of docs/control-maps.md: a 16 x 10 legend map (shown 10x), the control field it gives a 160 x 100
 * grid (each cell the blend of the legend colours by its weights), and the field of an 8 x 1 grayscale ramp.
 * Usage: java -cp target/cellscape.jar bench/ControlPicture.java OUT.png
 */
public class ControlPicture {
    static final int[] COLOURS = {0x2288aa, 0xddcc88, 0x338833};
    static final List<String> RULES = List.of("sea", "shore", "land");

    public static void main(String[] args) throws Exception {
        int mw = 16, mh = 10, gw = 160, gh = 100, gap = 8;
        float[] rgb = new float[mw * mh * 3];
        for (int y = 0; y < mh; y++)
            for (int x = 0; x < mw; x++) {
                double d = Math.hypot((x - 7.5) / 7.0, (y - 4.5) / 4.5); // an island: land, a shore ring, sea
                int c = COLOURS[d > 1.0 ? 0 : d > 0.7 ? 1 : 2];
                for (int k = 0; k < 3; k++) rgb[(y * mw + x) * 3 + k] = (c >> (16 - 8 * k) & 255) / 255f;
            }
        List<ControlSpec.LegendEntry> legend = List.of(new ControlSpec.LegendEntry(COLOURS[0], "sea"),
                new ControlSpec.LegendEntry(COLOURS[1], "shore"), new ControlSpec.LegendEntry(COLOURS[2], "land"));
        ControlMap island = ControlMap.legend(new RgbImage(mw, mh, rgb), legend, RULES);
        BufferedImage ramp = new BufferedImage(8, 1, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 8; x++) ramp.getRaster().setSample(x, 0, 0, x * 255 / 7);
        Path rampFile = Files.createTempFile("ramp", ".png");
        ImageIO.write(ramp, "png", rampFile.toFile());
        ControlMap weights = ControlMap.load(ControlSpec.parse(List.of("shore=" + rampFile), null, null), RULES, Path.of("picture"));
        Files.delete(rampFile);

        BufferedImage out = new BufferedImage(3 * gw + 2 * gap, gh, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < gh; y++) for (int x = 0; x < out.getWidth(); x++) out.setRGB(x, y, 0xffffff);
        for (int y = 0; y < gh; y++)
            for (int x = 0; x < gw; x++) {
                int p = (y * mh / gh * mw + x * mw / gw) * 3;
                out.setRGB(x, y, (int) (rgb[p] * 255 + 0.5) << 16 | (int) (rgb[p + 1] * 255 + 0.5) << 8 | (int) (rgb[p + 2] * 255 + 0.5));
            }
        paint(out, island.field(0, 0, gw, gh, gw, gh), gw + gap, gw, gh);
        paint(out, weights.field(0, 0, gw, gh, gw, gh), 2 * (gw + gap), gw, gh);
        ImageIO.write(out, "png", new File(args[0]));
    }

    /** Each cell as the blend of the rule colours by its weights. */
    static void paint(BufferedImage out, float[] field, int x0, int w, int h) {
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double[] c = new double[3];
                for (int r = 0; r < 3; r++)
                    for (int k = 0; k < 3; k++) c[k] += field[(y * w + x) * 3 + r] * (COLOURS[r] >> (16 - 8 * k) & 255);
                out.setRGB(x0 + x, y, (int) Math.round(c[0]) << 16 | (int) Math.round(c[1]) << 8 | (int) Math.round(c[2]));
            }
    }
}
