package org.cellscape.backend;

/**
 * Options a backend may use: worker threads (0 = all cores) and a device selector (null = the backend's choice,
 * e.g. an OpenCL "platform:device" index pair or a name fragment).
 */
public record BackendOptions(int threads, String device) {
    public static final BackendOptions DEFAULT = new BackendOptions(0, null);

    public int threadsOrCores() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
