import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.train.Exemplar;
import org.cellscape.train.Quality;
import org.cellscape.train.StructureMeasure;

/**
 * The table and the sheet of bench/train-quality.sh: for each texture and each run folder (a column: "before",
 * "after", ...), the trainer's loss-based score (from the model's metadata), the independent structure distance of
 * its 1x render against the exemplar, and a row of pictures: exemplar, then per column the 1x render and the
 * fractal render.
 *
 * <p>The structure distance is the mean over the 1x renders of seeds 1-3, taken at the exemplar's own scale: a model trained with --scale s draws its structures
 * s times as large, so its render is resampled by 1/s first (and, for reference, the render against the exemplar
 * resampled by s: "at the model's scale").
 *
 * <p>Usage: java -cp target/cellscape.jar bench/TrainQuality.java SHEET.jpg EXEMPLAR_DIR NAMES COLUMN_DIR...
 * (NAMES comma-separated; COLUMN_DIR/NAME.safetensors, NAME.r1.png [NAME.r1.s2.png ...], NAME.fractal.png, NAME.time).
 */
public class TrainQuality {
    static final int BOX = 200, GAP = 6, TEXT = 30;
    static final Pattern QUALITY = Pattern.compile("model ([0-9.eE+-]+), untrained ([0-9.eE+-]+), exemplar crop ([0-9.eE+-]+)");

    record Cell(double lossScore, double structure, double structureModelScale, double scale, String minutes, BufferedImage r1, BufferedImage fractal) {}

    public static void main(String[] a) throws Exception {
        if (a.length < 4) throw new IllegalArgumentException("usage: TrainQuality SHEET.jpg EXEMPLAR_DIR NAMES COLUMN_DIR...");
        Path sheet = Path.of(a[0]), exDir = Path.of(a[1]);
        String[] names = a[2].split(",");
        List<Path> cols = new ArrayList<>();
        for (int i = 3; i < a.length; i++) cols.add(Path.of(a[i]));
        int w = GAP + (BOX + GAP) * (1 + 2 * cols.size()), h = GAP + (BOX + TEXT + GAP) * names.length + 24;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.BLACK);
        StringBuilder head = new StringBuilder("exemplar");
        for (Path c : cols) head.append("  |  ").append(c.getFileName()).append(": 1x render, fractal render");
        g.drawString(head.toString(), GAP, 16);
        System.out.printf(Locale.ROOT, "%-12s", "texture");
        for (Path c : cols) System.out.printf(Locale.ROOT, " | %-8s loss-score structure (model scale) scale minutes", c.getFileName());
        System.out.println();
        double[] sums = new double[cols.size()];
        for (int row = 0; row < names.length; row++) {
            String name = names[row];
            Exemplar ex = Exemplar.read(exDir.resolve(name + ".png"));
            StructureMeasure.Profile target = StructureMeasure.profile(ex.rgb(), ex.width(), ex.height());
            int y = 24 + GAP + row * (BOX + TEXT + GAP);
            BufferedImage exImg = ImageIO.read(exDir.resolve(name + ".png").toFile());
            double k = BOX / (double) Math.max(ex.width(), ex.height());
            draw(g, exImg, GAP, y, k);
            System.out.printf(Locale.ROOT, "%-12s", name);
            List<String> labels = new ArrayList<>();
            for (int ci = 0; ci < cols.size(); ci++) {
                Cell c = cell(cols.get(ci), name, ex, target);
                int x = GAP + (BOX + GAP) * (1 + 2 * ci);
                if (c == null) {
                    System.out.printf(Locale.ROOT, " | %-8s %s", "", "missing");
                    labels.add("missing");
                    continue;
                }
                draw(g, c.r1, x, y, k / c.scale); // at the exemplar's scale
                draw(g, c.fractal, x + BOX + GAP, y, BOX / (double) c.fractal.getWidth());
                sums[ci] += c.structure;
                System.out.printf(Locale.ROOT, " | %-8s %10.2f %9.3f (%.3f) %5.3g %7s", "", c.lossScore, c.structure, c.structureModelScale, c.scale, c.minutes);
                labels.add(String.format(Locale.ROOT, "loss score %.2f, structure %.3f, %s min", c.lossScore, c.structure, c.minutes));
            }
            System.out.println();
            g.setColor(Color.BLACK);
            g.drawString(name, GAP, y + BOX + 14);
            for (int ci = 0; ci < labels.size(); ci++) g.drawString(labels.get(ci), GAP + (BOX + GAP) * (1 + 2 * ci), y + BOX + 14);
        }
        System.out.printf(Locale.ROOT, "%-12s", "mean");
        for (double s : sums) System.out.printf(Locale.ROOT, " | structure %.3f", s / names.length);
        System.out.println();
        g.dispose();
        Path tmp = sheet.resolveSibling(sheet.getFileName() + ".partial");
        ImageIO.write(out, "jpg", tmp.toFile());
        Files.move(tmp, sheet, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("sheet: " + sheet);
    }

    /** One texture in one column; null when its model or renders are missing. */
    static Cell cell(Path dir, String name, Exemplar ex, StructureMeasure.Profile target) throws Exception {
        Path model = dir.resolve(name + ".safetensors"), r1 = dir.resolve(name + ".r1.png"), fr = dir.resolve(name + ".fractal.png");
        if (!Files.exists(model) || !Files.exists(r1) || !Files.exists(fr)) return null;
        NcaModel m = ModelIO.read(model);
        Matcher q = QUALITY.matcher(m.metadata().getOrDefault("quality", ""));
        double lossScore = Double.NaN;
        if (q.find()) {
            double mo = Double.parseDouble(q.group(1)), un = Double.parseDouble(q.group(2)), cr = Double.parseDouble(q.group(3));
            lossScore = Quality.score(mo, un, cr);
        }
        JsonNode settings = new ObjectMapper().readTree(m.metadata().getOrDefault("trainer_settings", "{}"));
        double scale = settings.path("scale").asDouble(1);
        // The mean over the 1x renders there are (seed 1: NAME.r1.png; more seeds: NAME.r1.sN.png).
        Exemplar exAtModelScale = ex.scaled(scale);
        StructureMeasure.Profile exModel = StructureMeasure.profile(exAtModelScale.rgb(), exAtModelScale.width(), exAtModelScale.height());
        List<Path> renders = new ArrayList<>(List.of(r1));
        for (int seed = 2; ; seed++) {
            Path more = dir.resolve(name + ".r1.s" + seed + ".png");
            if (!Files.exists(more)) break;
            renders.add(more);
        }
        double s = 0, sm = 0;
        for (Path p : renders) {
            Exemplar render = Exemplar.read(p);
            Exemplar atExemplarScale = render.scaled(1 / scale);
            s += StructureMeasure.distance(target, StructureMeasure.profile(atExemplarScale.rgb(), atExemplarScale.width(), atExemplarScale.height())).total();
            sm += StructureMeasure.distance(exModel, StructureMeasure.profile(render.rgb(), render.width(), render.height())).total();
        }
        s /= renders.size();
        sm /= renders.size();
        Path time = dir.resolve(name + ".time");
        String minutes = "?";
        if (Files.exists(time)) {
            Matcher t = Pattern.compile("([0-9.]+) s wall").matcher(Files.readString(time));
            if (t.find()) minutes = String.format(Locale.ROOT, "%.1f", Double.parseDouble(t.group(1)) / 60);
        }
        return new Cell(lossScore, s, sm, scale, minutes, ImageIO.read(r1.toFile()), ImageIO.read(fr.toFile()));
    }

    /** Draws img scaled by k at (x, y), clipped to one box. */
    static void draw(Graphics2D g, BufferedImage img, int x, int y, double k) {
        Graphics2D c = (Graphics2D) g.create(x, y, BOX, BOX);
        c.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        c.drawImage(img, 0, 0, (int) Math.round(img.getWidth() * k), (int) Math.round(img.getHeight() * k), null);
        c.dispose();
    }
}
