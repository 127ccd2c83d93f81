package org.cellscape.backend.opencl;

import static org.lwjgl.opencl.CL10.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * Host memory that transfers read from or write to. Pinned (a mapped CL_MEM_ALLOC_HOST_PTR buffer, so the
 * device can DMA it while the host works) where the device has its own memory; plain native memory otherwise.
 */
final class Staging {
    private final ClContext cl;
    private final long clBuffer;
    private final ByteBuffer bytes;
    final FloatBuffer floats;
    final long capacity;

    Staging(ClContext cl, long capacity, boolean pinned) {
        this.cl = cl;
        this.capacity = capacity;
        long buf = 0;
        ByteBuffer mapped = null;
        if (pinned) {
            try (MemoryStack s = stackPush()) {
                IntBuffer err = s.mallocInt(1);
                buf = clCreateBuffer(cl.context(), CL_MEM_ALLOC_HOST_PTR | CL_MEM_READ_WRITE, capacity, err);
                if (err.get(0) == 0) {
                    mapped = clEnqueueMapBuffer(cl.compute(), buf, true, CL_MAP_READ | CL_MAP_WRITE, 0, capacity, null, null, err, null);
                    if (err.get(0) != 0 || mapped == null) {
                        clReleaseMemObject(buf);
                        buf = 0;
                        mapped = null;
                    }
                } else buf = 0;
            }
        }
        this.clBuffer = buf;
        this.bytes = (mapped != null ? mapped : MemoryUtil.memAlloc((int) capacity)).order(ByteOrder.nativeOrder());
        this.floats = bytes.asFloatBuffer();
    }

    boolean pinned() {
        return clBuffer != 0;
    }

    /** The first {@code n} bytes, for a transfer. */
    ByteBuffer view(long n) {
        return bytes.duplicate().order(ByteOrder.nativeOrder()).position(0).limit((int) n);
    }

    void free() {
        if (clBuffer != 0) {
            clEnqueueUnmapMemObject(cl.compute(), clBuffer, bytes, null, null);
            clFinish(cl.compute());
            clReleaseMemObject(clBuffer);
        } else {
            MemoryUtil.memFree(bytes);
        }
    }
}
