package org.cellscape.backend;

import java.io.PrintWriter;
import org.cellscape.engine.Backend;

/**
 * One kind of backend, found by {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/org.cellscape.backend.BackendProvider}). Each either creates a working backend or throws
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

    /** Why {@code auto} passes this one over on this machine, or null: shown by {@code cellscape devices}. */
    default String autoNote() {
        return automatic() ? null : "never chosen by auto";
    }

    /** Higher first when {@code auto} chooses; a GPU outranks the CPU. */
    default int rank() {
        return 0;
    }

    /** Whether a device selector means anything to it (a backend without devices refuses one rather than ignore it). */
    default boolean hasDevices() {
        return false;
    }

    Backend create(BackendOptions options) throws BackendUnavailableException;

    /** Describes the devices this backend could use (drivers, memory, ...), for {@code cellscape devices}; may print nothing. */
    default void listDevices(PrintWriter out) {}

    /** The devices as data (JSON-ready maps, lists and values) for {@code cellscape devices --json}; null: none to tell. */
    default java.util.Map<String, Object> deviceInfo() {
        return null;
    }

    /**
     * Compares this backend with the reference step on small cases, printing what it ran; false if any result
     * differs. Backends without a check of their own print nothing and pass.
     */
    default boolean selfCheck(BackendOptions options, PrintWriter out) {
        return true;
    }
}
