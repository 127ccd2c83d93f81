package org.cellscape.canvas;

import java.nio.file.Path;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.render.RenderSettings;

/** Builds {@link RenderJob}s around in-memory models for tests. */
final class Jobs {
    private Jobs() {}

    static RenderJob job(NcaModel model, Schedule fitted, long outW, long outH, long seed, Precision p, Layout layout,
                         Path scratch, Path stateOut) {
        RenderSettings s = new RenderSettings(null, fitted.toString(), seed, outW, outH, 0, Float.NaN, Float.NaN, Float.NaN,
                scratch.resolveSibling("out.png"), 16, "reference", 1, 0, 0, scratch.getParent(), p.id(), null, stateOut,
                false, false, false, null, null);
        return new RenderJob(s, model, ModelIO.hash(model), fitted, outW, outH, new StepContext(seed, model.fireRate()),
                ColourMap.of(model), p, layout, 1L << 30, scratch, null);
    }
}
