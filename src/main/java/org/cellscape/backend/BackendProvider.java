package org.cellscape.backend;

/**
 * One kind of backend. Providers are listed in {@link Backends}; each either creates a working backend or throws
 * {@link BackendUnavailableException} saying why this machine cannot run it (no OpenCL library, no device, ...).
 */
public interface BackendProvider {
    /** The name users type: {@code --backend NAME}. */
    String name();

    /** One line for {@code --help} and {@code cellscape devices}. */
    String description();

    /** Whether {@code --backend auto} may pick it (the slow reference is never picked). */
    default boolean automatic() {
        return true;
    }

    /** Higher first when {@code auto} chooses; a GPU outranks the CPU. */
    default int rank() {
        return 0;
    }

    Backend create(BackendOptions options) throws BackendUnavailableException;
}
