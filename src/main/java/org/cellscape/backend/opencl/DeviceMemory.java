package org.cellscape.backend.opencl;

import static org.lwjgl.opencl.CL10.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import java.nio.IntBuffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.cellscape.backend.BackendUnavailableException;
import org.cellscape.model.NcaModel;
import org.lwjgl.system.MemoryStack;

/**
 * The backend's device buffers and host staging, by name and reused across calls (grown when a call needs more).
 * The weights buffer survives {@link #releaseStateBuffers}, so an out-of-memory retry keeps them.
 */
final class DeviceMemory implements AutoCloseable {
    private static final String WEIGHTS = "weights";
    private final ClContext cl;
    private final Tuning tuning;
    private final Map<String, DeviceBuffer> buffers = new HashMap<>();
    private final Map<String, Staging> staging = new HashMap<>();
    private NcaModel weightsOf;

    private record DeviceBuffer(long handle, long bytes) {}

    DeviceMemory(ClContext cl, Tuning tuning) {
        this.cl = cl;
        this.tuning = tuning;
    }

    /** Uploads the packed weights of a model unless they are the last ones uploaded. */
    void weights(NcaModel model, float[] packed) {
        if (weightsOf == model) return;
        long w = buffer(WEIGHTS, (long) packed.length * Float.BYTES);
        OpenCl.check(clEnqueueWriteBuffer(cl.compute(), w, true, 0, packed, null, null), "clEnqueueWriteBuffer(weights)");
        weightsOf = model;
    }

    long weightsHandle() {
        return buffers.get(WEIGHTS).handle();
    }

    long weightsBytes() {
        return buffers.get(WEIGHTS).bytes();
    }

    /** A device buffer of at least {@code bytes}, reused across calls. */
    long buffer(String name, long bytes) {
        DeviceBuffer b = buffers.get(name);
        if (b != null && b.bytes() >= bytes) return b.handle();
        if (b != null) {
            clReleaseMemObject(b.handle());
            buffers.remove(name);
        }
        if (tuning.failAbove() > 0 && bytes > tuning.failAbove())
            throw OpenCl.error(-4, "clCreateBuffer(" + bytes + " bytes), refused by Tuning.failAbove");
        try (MemoryStack s = stackPush()) {
            IntBuffer err = s.mallocInt(1);
            long h = clCreateBuffer(cl.context(), CL_MEM_READ_WRITE, Math.max(bytes, 4), err);
            OpenCl.check(err.get(0), "clCreateBuffer(" + bytes + " bytes)");
            buffers.put(name, new DeviceBuffer(h, Math.max(bytes, 4)));
            return h;
        }
    }

    /** Host staging of at least {@code bytes}, pinned where the device has its own memory (or as Tuning says). */
    Staging staging(String name, long bytes) {
        if (bytes > Integer.MAX_VALUE - 8)
            throw new BackendUnavailableException("a streaming band of " + bytes + " bytes is too large for host staging");
        Staging st = staging.get(name);
        if (st != null && st.capacity >= bytes) return st;
        if (st != null) st.free();
        boolean pinned = tuning.pinned() != null ? tuning.pinned() : !cl.device.hostUnifiedMemory();
        st = new Staging(cl, Math.max(bytes, 4), pinned);
        staging.put(name, st);
        return st;
    }

    /** Whether band staging is pinned (for tests). */
    boolean stagingPinned(String name) {
        Staging st = staging.get(name);
        return st != null && st.pinned();
    }

    /** Frees the band buffers and staging (after a failed allocation), keeping the weights. */
    void releaseStateBuffers() {
        cl.finish();
        for (Iterator<Map.Entry<String, DeviceBuffer>> it = buffers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, DeviceBuffer> e = it.next();
            if (e.getKey().equals(WEIGHTS)) continue;
            clReleaseMemObject(e.getValue().handle());
            it.remove();
        }
        freeStaging();
    }

    private void freeStaging() {
        staging.values().forEach(Staging::free);
        staging.clear();
    }

    @Override
    public void close() {
        freeStaging();
        buffers.values().forEach(b -> clReleaseMemObject(b.handle()));
        buffers.clear();
        weightsOf = null;
    }
}
