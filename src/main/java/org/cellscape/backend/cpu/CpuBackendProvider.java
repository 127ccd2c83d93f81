package org.cellscape.backend.cpu;

import org.cellscape.engine.Backend;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.BackendProvider;
import org.cellscape.backend.BackendUnavailableException;

/** Registers {@link CpuBackend} as "cpu". Touches no Vector API class itself, so it loads on any JVM. */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return "multithreaded CPU with SIMD (Java Vector API); bit-identical to the reference";
    }

    @Override
    public Backend create(BackendOptions options) throws BackendUnavailableException {
        try {
            return new CpuBackend(options);
        } catch (NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new BackendUnavailableException("the Java Vector API is missing; start Java with --add-modules jdk.incubator.vector", e);
        }
    }
}
