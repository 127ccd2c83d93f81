package org.cellscape.canvas;

import java.nio.file.Path;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Size;
import org.cellscape.engine.StepContext;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.render.RenderJob;
import org.cellscape.render.RenderSettings;

/** Builds {@link RenderJob}s around in-memory models for tests. */
final class Jobs {
    private Jobs() {}

    static RenderJob job(NcaModel model, Schedule fitted, long outW, long outH, long seed, Precision p, Layout layout,
                         Path scratch, Path stateOut) {
        return job(model, fitted, outW, outH, seed, p, layout, scratch, stateOut, null);
    }

    /** As above, with a control map (null: none). */
    static RenderJob job(NcaModel model, Schedule fitted, long outW, long outH, long seed, Precision p, Layout layout,
                         Path scratch, Path stateOut, org.cellscape.engine.ControlMap control) {
        RenderSettings s = RenderSettings.builder().schedule(fitted).seed(seed).size(new Size(outW, outH))
                .out(scratch.resolveSibling("out.png")).threads(1).scratch(scratch.getParent()).store(p).stateOut(stateOut).build();
        return new RenderJob(s, model, ModelIO.hash(model), fitted, outW, outH, new StepContext(seed, model.fireRate()),
                ColourMap.of(model), p, layout, 1L << 30, scratch, null, control);
    }
}
