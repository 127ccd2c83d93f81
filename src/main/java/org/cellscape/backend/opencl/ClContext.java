package org.cellscape.backend.opencl;

import static org.lwjgl.opencl.CL10.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import java.nio.IntBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * A context on one device and its two queues: {@code compute} (profiled, for the kernels) and {@code transfer}
 * (so band uploads and downloads overlap the steps).
 */
final class ClContext implements AutoCloseable {
    final ClDevice device;
    private long context, compute, transfer;

    ClContext(ClDevice device) {
        this.device = device;
        try (MemoryStack s = stackPush()) {
            IntBuffer err = s.mallocInt(1);
            PointerBuffer props = s.mallocPointer(3).put(CL_CONTEXT_PLATFORM).put(device.platform()).put(0).flip();
            context = clCreateContext(props, device.id(), null, 0, err);
            OpenCl.check(err.get(0), "clCreateContext");
            compute = clCreateCommandQueue(context, device.id(), CL_QUEUE_PROFILING_ENABLE, err);
            OpenCl.check(err.get(0), "clCreateCommandQueue");
            transfer = clCreateCommandQueue(context, device.id(), 0, err);
            OpenCl.check(err.get(0), "clCreateCommandQueue");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    long context() {
        return context;
    }

    long compute() {
        return compute;
    }

    long transfer() {
        return transfer;
    }

    boolean open() {
        return context != 0;
    }

    /** Waits for both queues. */
    void finish() {
        if (compute != 0) clFinish(compute);
        if (transfer != 0) clFinish(transfer);
    }

    @Override
    public void close() {
        if (context == 0) return;
        if (transfer != 0) clReleaseCommandQueue(transfer);
        if (compute != 0) clReleaseCommandQueue(compute);
        clReleaseContext(context);
        context = compute = transfer = 0;
    }
}
