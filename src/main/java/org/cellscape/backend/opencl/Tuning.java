package org.cellscape.backend.opencl;

import java.util.Locale;

/**
 * Knobs of the OpenCL backend; every default is chosen per device (docs/opencl-backend.md). Tests use them to force
 * each code path (streaming, pinned staging, global weights, both kernels) on whatever device they have; on a GPU
 * they can be set with system properties {@code cellscape.opencl.*} for experiments.
 *
 * @param kernel        "direct", "compact" or null (compact on GPUs and accelerators, direct on CPUs)
 * @param workGroup     work-group size, 0 = chosen from the kernel's limits
 * @param maxAlloc      largest buffer, 0 = CL_DEVICE_MAX_MEM_ALLOC_SIZE
 * @param budget        device memory the backend may use, 0 = 3/4 of CL_DEVICE_GLOBAL_MEM_SIZE
 * @param bandBytes     band size when streaming to overlap transfers with compute, 0 = 64 MiB
 * @param overlap       stream big tiles in bands even when they fit, to overlap transfers; null = only on devices
 *                      with their own memory
 * @param pinned        stage bands through pinned (CL_MEM_ALLOC_HOST_PTR) host memory; null = as for overlap
 * @param globalWeights keep weights in __global memory even when they fit __constant
 * @param unrollHidden  "#pragma unroll N" on the hidden-unit loop, 0 = leave it to the compiler
 * @param failAbove     tests only: refuse device buffers over this many bytes, as a device short of memory would
 */
record Tuning(String kernel, int workGroup, long maxAlloc, long budget, long bandBytes, Boolean overlap, Boolean pinned,
              boolean globalWeights, int unrollHidden, long failAbove) {
    static final Tuning DEFAULT = new Tuning(null, 0, 0, 0, 0, null, null, false, 0, 0);

    static Tuning fromProperties() {
        return new Tuning(prop("kernel"), (int) num("workGroup"), num("maxAlloc"), num("budget"), num("bandBytes"),
                bool("overlap"), bool("pinned"), Boolean.TRUE.equals(bool("globalWeights")), (int) num("unrollHidden"), 0);
    }

    Tuning withKernel(String k) {
        return new Tuning(k, workGroup, maxAlloc, budget, bandBytes, overlap, pinned, globalWeights, unrollHidden, failAbove);
    }

    Tuning withMemory(long maxAlloc, long budget, long bandBytes, Boolean overlap) {
        return new Tuning(kernel, workGroup, maxAlloc, budget, bandBytes, overlap, pinned, globalWeights, unrollHidden, failAbove);
    }

    Tuning withPinned(Boolean p) {
        return new Tuning(kernel, workGroup, maxAlloc, budget, bandBytes, overlap, p, globalWeights, unrollHidden, failAbove);
    }

    Tuning withGlobalWeights(boolean g) {
        return new Tuning(kernel, workGroup, maxAlloc, budget, bandBytes, overlap, pinned, g, unrollHidden, failAbove);
    }

    Tuning withWorkGroup(int wg) {
        return new Tuning(kernel, wg, maxAlloc, budget, bandBytes, overlap, pinned, globalWeights, unrollHidden, failAbove);
    }

    Tuning withFailAbove(long bytes) {
        return new Tuning(kernel, workGroup, maxAlloc, budget, bandBytes, overlap, pinned, globalWeights, unrollHidden, bytes);
    }

    private static String prop(String name) {
        String v = System.getProperty("cellscape.opencl." + name);
        return v == null || v.isBlank() ? null : v.trim().toLowerCase(Locale.ROOT);
    }

    private static long num(String name) {
        String v = prop(name);
        if (v == null) return 0;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property cellscape.opencl." + name + " must be a whole number, got '" + v + "'");
        }
    }

    private static Boolean bool(String name) {
        String v = prop(name);
        return v == null ? null : Boolean.parseBoolean(v);
    }
}
