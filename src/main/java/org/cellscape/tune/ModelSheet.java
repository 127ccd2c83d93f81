package org.cellscape.tune;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.TileImages;
import org.cellscape.engine.Backend;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Size;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;
import org.cellscape.render.RenderJob;
import org.cellscape.render.RenderSettings;

/**
 * A contact sheet of a folder of models: each rendered small in memory with exactly what {@code render --model M
 * --size PX} would use (schedule, seed, colours), its name over it.
 */
public final class ModelSheet {
    private ModelSheet() {}

    /** The .safetensors files of a folder, sorted by name. */
    public static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) throw CellscapeException.badInput("cannot list models in " + dir + ": no such folder");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors"))
                    .sorted().toList();
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot list models in " + dir + ": " + e.getMessage());
        }
    }

    /** The sheet and how many models could not be rendered (each reported on {@code log}). */
    public record Sheet(BufferedImage image, int failed) {}

    /**
     * Renders every model at {@code px} x {@code px} with the render defaults and lays them out; a model that fails
     * is reported and shown as an empty card.
     */
    public static Sheet render(String title, List<Path> files, int px, Backend backend, PrintWriter log, boolean quiet) {
        List<TuneReport.Card> cards = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            String name = f.getFileName().toString().replaceFirst("(?i)\\.safetensors$", "");
            try {
                long t0 = System.nanoTime();
                RenderJob job = RenderJob.resolve(RenderSettings.builder().model(f).size(new Size(px, px)).build());
                Tile t = Renderer.render(job.model(), job.schedule(), job.ctx(), null, backend, RenderListener.NONE);
                NcaModel m = job.model();
                BufferedImage img = TileImages.fromTile(t, 0, 0, (int) job.outWidth(), (int) job.outHeight(), job.colours());
                cards.add(new TuneReport.Card(name, m.family().id() + ", " + m.channels() + "/" + m.hidden(), List.of(img), 1));
                if (!quiet) log.printf(Locale.ROOT, "cellscape: %d/%d %s (%.1f s)%n", i + 1, files.size(), name, (System.nanoTime() - t0) / 1e9);
            } catch (CellscapeException e) {
                failed++;
                log.println("cellscape: " + f + ": " + e.getMessage());
                cards.add(new TuneReport.Card(name, "ERROR: " + e.getMessage(), List.of(), 0));
            }
        }
        return new Sheet(TuneReport.sheet(title, cards, px, log), failed);
    }
}
