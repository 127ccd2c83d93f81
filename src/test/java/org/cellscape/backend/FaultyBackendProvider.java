package org.cellscape.backend;

import org.cellscape.engine.Backend;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;

/**
 * {@code --backend faulty}, on the test class path only: a backend with a bug, whose step throws the
 * IllegalArgumentException a bug in the engine would. The CLI must call it an internal error (exit 1), never a
 * usage error.
 */
public final class FaultyBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "faulty";
    }

    @Override
    public String description() {
        return "a backend with a bug (tests only)";
    }

    @Override
    public boolean automatic() {
        return false;
    }

    @Override
    public Backend create(BackendOptions options) {
        return new Backend() {
            @Override
            public String describe() {
                return "faulty";
            }

            @Override
            public void advance(Tile tile, NcaModel model, StepContext ctx, int level, int firstStep, int steps) {
                throw new IllegalArgumentException("index " + firstStep + " out of range (a bug)");
            }
        };
    }
}
