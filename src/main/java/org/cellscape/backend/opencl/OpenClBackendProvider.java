package org.cellscape.backend.opencl;

import java.util.List;
import org.cellscape.backend.Backend;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.BackendProvider;
import org.cellscape.backend.BackendUnavailableException;

/**
 * {@code --backend opencl}: NCA steps on an OpenCL device. {@code auto} tries it before the CPU, except on a machine
 * whose only OpenCL devices are CPUs (PoCL, Intel's CPU runtime): there the CPU backend's own SIMD code is
 * faster, so {@link #automatic()} says no and {@code --backend opencl} must be asked for by name.
 */
public final class OpenClBackendProvider implements BackendProvider {
    private static List<ClDevice> devices;
    private static RuntimeException failure;

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String description() {
        return "OpenCL devices (GPUs), bit-exact with the reference; --device P:D or a name picks one";
    }

    @Override
    public int rank() {
        return 100;
    }

    /** Whether auto may pick it: yes unless OpenCL works here and offers only CPU devices. */
    @Override
    public boolean automatic() {
        try {
            List<ClDevice> d = devices();
            return d.isEmpty() || d.stream().anyMatch(ClDevice::isGpuLike);
        } catch (RuntimeException e) {
            return true; // let create() say why it is unavailable
        }
    }

    /** Why auto skips it, or null: for {@code cellscape devices}. */
    public String autoNote() {
        return automatic() ? null : "auto prefers the cpu backend: the only OpenCL devices here are CPUs";
    }

    @Override
    public Backend create(BackendOptions options) throws BackendUnavailableException {
        ClDevice d = ClDevice.select(devices(), options == null ? null : options.device());
        return new OpenClBackend(d, Tuning.fromProperties());
    }

    /** The devices, listed once per process (the answer does not change while we run). */
    static synchronized List<ClDevice> devices() {
        if (failure != null) throw failure;
        if (devices == null) {
            try {
                devices = List.copyOf(ClDevice.list());
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return devices;
    }
}
