package org.cellscape.backend;

import org.cellscape.engine.Backend;

/** {@code --backend reference}: the scalar reference step, never chosen by {@code auto}. */
public final class ReferenceBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String description() {
        return "the scalar reference step, single-threaded (slow; for checking)";
    }

    @Override
    public boolean automatic() {
        return false;
    }

    @Override
    public Backend create(BackendOptions o) {
        return new ReferenceBackend();
    }
}
