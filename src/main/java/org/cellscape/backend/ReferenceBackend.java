package org.cellscape.backend;

import org.cellscape.engine.Backend;
import org.cellscape.engine.ReferenceStep;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;

/** The scalar reference step, single-threaded. Slow on purpose: it is the yardstick. */
public final class ReferenceBackend implements Backend {
    @Override
    public String describe() {
        return "reference (scalar, 1 thread)";
    }

    @Override
    public void advance(Tile tile, NcaModel model, StepContext ctx, int level, int firstStep, int steps) {
        float[] a = tile.data(), b = a.clone(), ctl = Backend.control(tile, model);
        for (int i = 0; i < steps; i++) {
            int[] r = Backend.region(tile, i);
            ReferenceStep.step(model, ctx, level, firstStep + i, tile, a, b, ctl, r[0], r[1], r[2], r[3]);
            float[] t = a; a = b; b = t;
        }
        tile.setData(a);
    }
}
