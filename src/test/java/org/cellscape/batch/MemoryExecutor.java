package org.cellscape.batch;

import java.util.ArrayList;
import java.util.List;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.canvas.TileImages;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.image.Images;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.preset.ResolvedPreset;
import org.cellscape.render.RenderSettings;

/** A real (tiny) render for batch tests: in memory, reference backend, 8-bit PNG. Records what it rendered. */
final class MemoryExecutor implements Batch.Executor {
    final List<String> rendered = new ArrayList<>();

    @Override
    public void render(ResolvedPreset p, RenderSettings s) {
        NcaModel m = ModelIO.read(s.model());
        Schedule fitted = p.fittedSchedule();
        Tile t = Renderer.render(m, fitted, new StepContext(s.seed(), Float.isNaN(s.fireRate()) ? m.fireRate() : s.fireRate()),
                null, new ReferenceBackend(), RenderListener.NONE);
        Images.write(TileImages.fromTile(t, 0, 0, (int) p.outputWidth(), (int) p.outputHeight(), ColourMap.of(m)), s.out());
        rendered.add(s.out().getFileName().toString());
    }
}
