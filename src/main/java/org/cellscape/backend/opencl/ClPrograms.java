package org.cellscape.backend.opencl;

import static org.lwjgl.opencl.CL10.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cellscape.backend.BackendUnavailableException;
import org.cellscape.model.NcaModel;
import org.lwjgl.PointerBuffer;
import org.lwjgl.opencl.CL11;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * Builds the step programs (one per source, i.e. per model shape, kernel set and weight space) and chooses their
 * work-group size. A build failure is a one-line {@link BackendUnavailableException} quoting the build log.
 */
final class ClPrograms implements AutoCloseable {
    private final ClContext cl;
    private final ClDevice device;
    private final Tuning tuning;
    private final boolean compact;
    private final Map<String, StepProgram> programs = new HashMap<>();

    /** A built step program, its kernel, the work-group size chosen for it and where its weights live. */
    record StepProgram(long program, long kernel, int workGroup, boolean constantWeights) {}

    ClPrograms(ClContext cl, Tuning tuning, boolean compact) {
        this.cl = cl;
        this.device = cl.device;
        this.tuning = tuning;
        this.compact = compact;
    }

    /**
     * The step program for a model whose packed weights take {@code weightBytes}, with or without control inputs;
     * built once, then cached.
     */
    StepProgram step(NcaModel model, long weightBytes, boolean control) {
        boolean constant = !tuning.globalWeights() && weightBytes <= device.constantBufferSize() && device.maxConstantArgs() >= 1;
        String source = KernelSource.step(model, constant, tuning.unrollHidden(), control);
        StepProgram p = programs.get(source);
        if (p == null) {
            long program = build(source, "step");
            try (MemoryStack s = stackPush()) {
                IntBuffer err = s.mallocInt(1);
                long kernel = clCreateKernel(program, compact ? "step_compact" : "step_direct", err);
                OpenCl.check(err.get(0), "clCreateKernel");
                p = new StepProgram(program, kernel, workGroup(kernel), constant);
            }
            programs.put(source, p);
        }
        return p;
    }

    /** Work-group size for this kernel on this device: as large as its registers allow, up to 256 (64 on CPUs). */
    private int workGroup(long kernel) {
        long kernelMax = kernelInfo(kernel, CL_KERNEL_WORK_GROUP_SIZE);
        long multiple = kernelInfo(kernel, CL11.CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE);
        long localUsed = kernelInfo(kernel, CL_KERNEL_LOCAL_MEM_SIZE);
        long limit = Math.min(kernelMax, Math.min(device.maxWorkGroupSize(), device.maxWorkItemSizes()[0]));
        long wg = Math.min(tuning.workGroup() > 0 ? tuning.workGroup() : device.isGpuLike() ? 256 : 64, limit);
        if (compact) while (wg > 1 && wg * KernelSource.CPI * Integer.BYTES + localUsed + 16 > device.localMem()) wg /= 2;
        if (tuning.workGroup() == 0 && multiple > 0 && wg >= multiple) wg = wg / multiple * multiple;
        return (int) Math.max(1, wg);
    }

    private long kernelInfo(long kernel, int param) {
        try (MemoryStack s = stackPush()) {
            ByteBuffer b = s.calloc(8);
            OpenCl.check(clGetKernelWorkGroupInfo(kernel, device.id(), param, b, null), "clGetKernelWorkGroupInfo");
            return b.getLong(0);
        }
    }

    /** Builds a program from source; the caller releases it. */
    long build(String source, String what) {
        try (MemoryStack s = stackPush()) {
            IntBuffer err = s.mallocInt(1);
            long program = clCreateProgramWithSource(cl.context(), source, err);
            OpenCl.check(err.get(0), "clCreateProgramWithSource");
            int e = clBuildProgram(program, device.id(), "", null, 0);
            if (e != 0) {
                String log = buildLog(program);
                clReleaseProgram(program);
                throw new BackendUnavailableException("OpenCL " + what + " program failed to build on " + device.name()
                        + " (" + OpenCl.errorName(e) + "): " + firstLines(log, 4));
            }
            return program;
        }
    }

    private String buildLog(long program) {
        try (MemoryStack s = stackPush()) {
            PointerBuffer size = s.mallocPointer(1);
            if (clGetProgramBuildInfo(program, device.id(), CL_PROGRAM_BUILD_LOG, (ByteBuffer) null, size) != 0) return "(no build log)";
            ByteBuffer b = MemoryUtil.memAlloc((int) Math.max(1, size.get(0)));
            try {
                clGetProgramBuildInfo(program, device.id(), CL_PROGRAM_BUILD_LOG, b, null);
                return ClDevice.cString(b);
            } finally {
                MemoryUtil.memFree(b);
            }
        }
    }

    static String firstLines(String log, int n) {
        List<String> lines = new ArrayList<>();
        for (String l : log.split("\n")) if (!l.isBlank() && lines.size() < n) lines.add(l.trim());
        return lines.isEmpty() ? "(empty build log)" : String.join(" | ", lines);
    }

    @Override
    public void close() {
        for (StepProgram p : programs.values()) {
            clReleaseKernel(p.kernel());
            clReleaseProgram(p.program());
        }
        programs.clear();
    }
}
