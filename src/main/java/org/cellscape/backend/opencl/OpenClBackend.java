package org.cellscape.backend.opencl;

import static org.lwjgl.opencl.CL10.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Backend;
import org.cellscape.backend.BackendUnavailableException;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;
import org.lwjgl.PointerBuffer;
import org.lwjgl.opencl.CL11;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * NCA steps on an OpenCL device, bit-exact with {@link org.cellscape.engine.ReferenceStep} (docs/opencl-backend.md).
 *
 * <p>{@link #advance} keeps the state on the device for all its steps: a tile that fits is uploaded once,
 * stepped by ping-ponging two device buffers and downloaded once. A larger tile (or, on a device with its own
 * memory, any big one, to hide the transfers) is streamed in horizontal bands with halos ({@link BandPlan}):
 * while the device steps one band, a second queue uploads the next and downloads the previous.
 *
 * <p>Not thread-safe beyond its own lock: one render thread uses it.
 */
public final class OpenClBackend implements Backend {
    private final ClDevice device;
    private final Tuning tuning;
    private final boolean compact;
    private long context, compute, transfer;
    private final Map<String, StepProgram> programs = new HashMap<>();
    private final Map<String, DeviceBuffer> buffers = new HashMap<>();
    private final Map<String, Staging> staging = new HashMap<>();
    private NcaModel weightsOf;
    private boolean committed;
    private Stats last = new Stats(0, 0, 0, 0, 0);

    /** What the last {@link #advance} did: bands, rows per band window, device kernel time, wall time, cell updates. */
    record Stats(int bands, int windowRows, long kernelNanos, long wallNanos, long cellUpdates) {}

    private record StepProgram(long program, long kernel, int workGroup, boolean constantWeights) {}

    private record DeviceBuffer(long handle, long bytes) {}

    OpenClBackend(ClDevice device, Tuning tuning) {
        this.device = device;
        this.tuning = tuning;
        this.compact = tuning.kernel() != null ? tuning.kernel().equals("compact") : device.isGpuLike();
        if (tuning.kernel() != null && !tuning.kernel().equals("compact") && !tuning.kernel().equals("direct"))
            throw new IllegalArgumentException("cellscape.opencl.kernel must be 'direct' or 'compact', got '" + tuning.kernel() + "'");
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

    public ClDevice device() {
        return device;
    }

    Stats lastStats() {
        return last;
    }

    @Override
    public String describe() {
        return "opencl (" + device.name() + " [" + device.index() + ", " + device.typeName() + ", " + device.computeUnits()
                + " CUs @ " + device.clockMHz() + " MHz], " + (compact ? "compacting" : "direct") + " kernel"
                + ")";
    }

    // ---------------------------------------------------------------- steps

    @Override
    public synchronized void advance(Tile tile, NcaModel model, StepContext ctx, int level, int firstStep, int steps) {
        if (tile.channels() != model.channels())
            throw new IllegalArgumentException("tile has " + tile.channels() + " channels, the model " + model.channels());
        if (steps <= 0) return;
        long t0 = System.nanoTime();
        StepProgram prog = program(model);
        long maxAlloc = tuning.maxAlloc() > 0 ? tuning.maxAlloc() : device.maxAlloc();
        long budget = (tuning.budget() > 0 ? tuning.budget() : device.globalMem() / 4 * 3) - buffers.get("weights").bytes();
        long bandBytes = tuning.bandBytes() > 0 ? tuning.bandBytes() : 64L << 20;
        boolean overlap = tuning.overlap() != null ? tuning.overlap() : !device.hostUnifiedMemory();
        OpenCl.OutOfDeviceMemory outOfMemory = null;
        while (true) {
            BandPlan plan;
            try {
                plan = BandPlan.plan(tile.width(), tile.height(), tile.channels(), tile.isTorus(), steps, maxAlloc, budget, bandBytes, overlap);
            } catch (CellscapeException e) {
                if (outOfMemory != null) throw outOfMemory; // the device refused even the smallest bands
                throw e;
            }
            committed = false;
            try {
                long kernelNs = plan.single() ? runWhole(tile, prog, ctx, level, firstStep, plan) : runBands(tile, prog, ctx, level, firstStep, plan);
                last = new Stats(plan.bands().size(), plan.maxWindowRows(), kernelNs, System.nanoTime() - t0, (long) tile.width() * tile.height() * steps);
                return;
            } catch (OpenCl.OutOfDeviceMemory e) {
                releaseStateBuffers();
                if (committed) throw e;
                outOfMemory = e;
                budget /= 2; // nothing was written back yet: retry with smaller bands
            }
        }
    }

    /** The whole tile on the device: one upload, all steps, one download (blocking, straight from the heap array). */
    private long runWhole(Tile tile, StepProgram prog, StepContext ctx, int level, int firstStep, BandPlan plan) {
        long bytes = (long) tile.data().length * Float.BYTES;
        long a = buffer("a0", bytes), b = buffer("b0", bytes);
        List<Long> events = new ArrayList<>();
        try {
            OpenCl.check(clEnqueueWriteBuffer(compute, a, true, 0, tile.data(), null, null), "clEnqueueWriteBuffer");
            if (!plan.torus()) OpenCl.check(clEnqueueCopyBuffer(compute, a, b, 0, 0, bytes, null, null), "clEnqueueCopyBuffer");
            long[] k = enqueueSteps(prog, a, b, tile, plan, plan.bands().get(0), ctx, level, firstStep, events, null);
            long result = plan.steps() % 2 == 0 ? a : b;
            OpenCl.check(clEnqueueReadBuffer(compute, result, true, 0, tile.data(), null, null), "clEnqueueReadBuffer");
            committed = true;
            return elapsed(k[0], k[1]);
        } finally {
            events.forEach(e -> clReleaseEvent(e));
        }
    }

    /**
     * Bands in flight two at a time: iteration n stages band n on the host, uploads it (transfer queue), steps it
     * (compute queue), then downloads band n-1 and writes it back into the tile in place. A band's halo rows
     * belonging to band n-1 are staged before band n-1 is written back; the last band's wrap-around rows 0..k-1
     * (written back first) come from a saved copy.
     */
    private long runBands(Tile tile, StepProgram prog, StepContext ctx, int level, int firstStep, BandPlan plan) {
        final int n = plan.bands().size(), k = plan.steps(), H = tile.height();
        final int rowFloats = tile.width() * tile.channels();
        final long rowBytes = plan.rowBytes(), windowBytes = plan.maxWindowRows() * rowBytes;
        int innerMax = 0;
        for (BandPlan.Band b : plan.bands()) innerMax = Math.max(innerMax, b.end() - b.start());
        long[] a = {buffer("a0", windowBytes), buffer("a1", windowBytes)}, b = {buffer("b0", windowBytes), buffer("b1", windowBytes)};
        Staging[] in = {staging("in0", windowBytes), staging("in1", windowBytes)};
        Staging out = staging("out", innerMax * rowBytes);
        float[] data = tile.data();
        float[] saved = plan.torus() ? Arrays.copyOf(data, Math.min(k, H) * rowFloats) : null;
        long[] up = new long[n], done = new long[n], down = new long[n], kFirst = new long[n], kLast = new long[n];
        List<Long> events = new ArrayList<>();
        long kernelNs = 0;
        try (MemoryStack s = stackPush()) {
            PointerBuffer ev = s.mallocPointer(1);
            for (int i = 0; i <= n; i++) {
                if (i < n) {
                    BandPlan.Band band = plan.bands().get(i);
                    int set = i & 1;
                    stage(data, saved, plan, band, rowFloats, in[set].floats);
                    long bytes = band.windowRows() * rowBytes;
                    OpenCl.check(clEnqueueWriteBuffer(transfer, a[set], false, 0, in[set].view(bytes), null, ev), "clEnqueueWriteBuffer");
                    up[i] = track(ev, events);
                    long[] waits = i >= 2 ? new long[]{up[i], down[i - 2]} : new long[]{up[i]};
                    long[] first = waits;
                    if (!plan.torus()) {
                        try (MemoryStack s2 = stackPush()) {
                            OpenCl.check(clEnqueueCopyBuffer(compute, a[set], b[set], 0, 0, bytes, s2.pointers(waits), ev), "clEnqueueCopyBuffer");
                        }
                        done[i] = track(ev, events);
                        first = null;
                    }
                    long[] kk = enqueueSteps(prog, a[set], b[set], tile, plan, band, ctx, level, firstStep, events, first);
                    kFirst[i] = kk[0];
                    kLast[i] = kk[1];
                    if (kk[1] != 0) done[i] = kk[1];
                    if (done[i] == 0) done[i] = up[i];
                }
                if (i >= 1) {
                    BandPlan.Band band = plan.bands().get(i - 1);
                    int set = (i - 1) & 1;
                    long result = k % 2 == 0 ? a[set] : b[set];
                    long inner = (long) (band.end() - band.start()) * rowBytes;
                    try (MemoryStack s2 = stackPush()) {
                        OpenCl.check(clEnqueueReadBuffer(transfer, result, false, (band.start() - band.windowStart()) * rowBytes,
                                out.view(inner), s2.pointers(done[i - 1]), ev), "clEnqueueReadBuffer");
                    }
                    down[i - 1] = track(ev, events);
                    await(down[i - 1], "band download");
                    int start = band.start();
                    rows(band.end() - start, rowFloats, r -> out.floats.get(r * rowFloats, data, (start + r) * rowFloats, rowFloats));
                    committed = true;
                    kernelNs += elapsed(kFirst[i - 1], kLast[i - 1]);
                }
            }
        } finally {
            clFinish(compute);
            clFinish(transfer);
            events.forEach(e -> clReleaseEvent(e));
        }
        return kernelNs;
    }

    /** Copies a band's window rows (unwrapped, so torus rows wrap) from the tile into staging memory. */
    private static void stage(float[] data, float[] saved, BandPlan plan, BandPlan.Band band, int rowFloats, FloatBuffer dst) {
        int H = plan.height(), ws = band.windowStart();
        rows(band.windowRows(), rowFloats, i -> {
            int r = ws + i;
            if (r >= H) dst.put(i * rowFloats, saved, (r - H) * rowFloats, rowFloats); // rows 0..k-1 may already hold results
            else dst.put(i * rowFloats, data, Math.floorMod(r, H) * rowFloats, rowFloats);
        });
    }

    /** Row copies between the heap and staging: in parallel when big, as one thread copies slower than PCIe. */
    private static void rows(int n, int rowFloats, java.util.function.IntConsumer copy) {
        if ((long) n * rowFloats >= 1 << 20) java.util.stream.IntStream.range(0, n).parallel().forEach(copy);
        else for (int i = 0; i < n; i++) copy.accept(i);
    }

    /**
     * Enqueues the call's steps on one band (buffers a = input, b = other), the first waiting on {@code waits}.
     * Returns the first and last kernel events (0 when every region was empty).
     */
    private long[] enqueueSteps(StepProgram prog, long a, long b, Tile tile, BandPlan plan, BandPlan.Band band,
                                StepContext ctx, int level, int firstStep, List<Long> events, long[] waits) {
        long kernel = prog.kernel();
        int W = tile.width(), rows = band.windowRows();
        long cw = tile.canvasWidth(), ch = tile.canvasHeight();
        long ox = Math.floorMod(tile.originX(), cw), oy = Math.floorMod(tile.originY() + band.windowStart(), ch);
        long[] ends = new long[2];
        try (MemoryStack s = stackPush()) {
            PointerBuffer global = s.mallocPointer(1), local = s.mallocPointer(1), ev = s.mallocPointer(1);
            OpenCl.check(clSetKernelArg1p(kernel, 2, buffers.get("weights").handle()), "clSetKernelArg");
            setInt(kernel, 3, W);
            setInt(kernel, 4, rows);
            setLong(kernel, 9, ox);
            setLong(kernel, 10, oy);
            setLong(kernel, 11, cw);
            setLong(kernel, 12, ch);
            setInt(kernel, 14, ctx.threshold());
            if (compact) OpenCl.check(clSetKernelArg(kernel, 15, (long) prog.workGroup() * KernelSource.CPI * Integer.BYTES), "clSetKernelArg(local)");
            for (int i = 0; i < plan.steps(); i++) {
                int[] r = plan.region(band, i);
                int rw = r[2] - r[0], rh = r[3] - r[1];
                if (rw <= 0 || rh <= 0) continue;
                long cells = (long) rw * rh;
                long perGroup = compact ? (long) prog.workGroup() * KernelSource.CPI : prog.workGroup();
                global.put(0, Math.ceilDiv(cells, perGroup) * prog.workGroup());
                local.put(0, prog.workGroup());
                OpenCl.check(clSetKernelArg1p(kernel, 0, i % 2 == 0 ? a : b), "clSetKernelArg");
                OpenCl.check(clSetKernelArg1p(kernel, 1, i % 2 == 0 ? b : a), "clSetKernelArg");
                setInt(kernel, 5, r[0]);
                setInt(kernel, 6, r[1]);
                setInt(kernel, 7, rw);
                setInt(kernel, 8, rh);
                setLong(kernel, 13, ctx.stepKey(level, firstStep + i));
                PointerBuffer wait = null;
                if (waits != null && ends[0] == 0) wait = s.pointers(waits);
                OpenCl.check(clEnqueueNDRangeKernel(compute, kernel, 1, null, global, local, wait, ev), "clEnqueueNDRangeKernel");
                long e = track(ev, events);
                if (ends[0] == 0) ends[0] = e;
                ends[1] = e;
            }
        }
        return ends;
    }

    private StepProgram program(NcaModel model) {
        float[] packed = KernelSource.packWeights(model);
        long wBytes = (long) packed.length * Float.BYTES;
        boolean constant = !tuning.globalWeights() && wBytes <= device.constantBufferSize() && device.maxConstantArgs() >= 1;
        String source = KernelSource.step(model, constant, tuning.unrollHidden());
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
        if (weightsOf != model) {
            long w = buffer("weights", wBytes);
            OpenCl.check(clEnqueueWriteBuffer(compute, w, true, 0, packed, null, null), "clEnqueueWriteBuffer(weights)");
            weightsOf = model;
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

    private long build(String source, String what) {
        try (MemoryStack s = stackPush()) {
            IntBuffer err = s.mallocInt(1);
            long program = clCreateProgramWithSource(context, source, err);
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

    /** Builds and discards a program: lets tests see how build failures are reported. */
    void buildForTest(String source) {
        clReleaseProgram(build(source, "test"));
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

    // ---------------------------------------------------------------- memory

    /** A device buffer of at least {@code bytes}, reused across calls. */
    private long buffer(String name, long bytes) {
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
            long h = clCreateBuffer(context, CL_MEM_READ_WRITE, Math.max(bytes, 4), err);
            OpenCl.check(err.get(0), "clCreateBuffer(" + bytes + " bytes)");
            buffers.put(name, new DeviceBuffer(h, Math.max(bytes, 4)));
            return h;
        }
    }

    /** Frees the band buffers and staging (after a failed allocation), keeping programs and weights. */
    private void releaseStateBuffers() {
        clFinish(compute);
        clFinish(transfer);
        for (Iterator<Map.Entry<String, DeviceBuffer>> it = buffers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, DeviceBuffer> e = it.next();
            if (e.getKey().equals("weights")) continue;
            clReleaseMemObject(e.getValue().handle());
            it.remove();
        }
        staging.values().forEach(Staging::free);
        staging.clear();
    }

    /**
     * Host memory that transfers read from or write to. Pinned (a mapped CL_MEM_ALLOC_HOST_PTR buffer, so the
     * device can DMA it while the host works) where the device has its own memory; plain native memory otherwise.
     */
    private final class Staging {
        final long clBuffer;
        final ByteBuffer bytes;
        final FloatBuffer floats;
        final long capacity;

        Staging(long capacity, boolean pinned) {
            this.capacity = capacity;
            long buf = 0;
            ByteBuffer mapped = null;
            if (pinned) {
                try (MemoryStack s = stackPush()) {
                    IntBuffer err = s.mallocInt(1);
                    buf = clCreateBuffer(context, CL_MEM_ALLOC_HOST_PTR | CL_MEM_READ_WRITE, capacity, err);
                    if (err.get(0) == 0) {
                        mapped = clEnqueueMapBuffer(compute, buf, true, CL_MAP_READ | CL_MAP_WRITE, 0, capacity, null, null, err, null);
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

        ByteBuffer view(long n) {
            return bytes.duplicate().order(ByteOrder.nativeOrder()).position(0).limit((int) n);
        }

        void free() {
            if (clBuffer != 0) {
                clEnqueueUnmapMemObject(compute, clBuffer, bytes, null, null);
                clFinish(compute);
                clReleaseMemObject(clBuffer);
            } else {
                MemoryUtil.memFree(bytes);
            }
        }
    }

    private Staging staging(String name, long bytes) {
        if (bytes > Integer.MAX_VALUE - 8)
            throw new BackendUnavailableException("a streaming band of " + bytes + " bytes is too large for host staging");
        Staging st = staging.get(name);
        if (st != null && st.capacity >= bytes) return st;
        if (st != null) st.free();
        boolean pinned = tuning.pinned() != null ? tuning.pinned() : !device.hostUnifiedMemory();
        st = new Staging(Math.max(bytes, 4), pinned);
        staging.put(name, st);
        return st;
    }

    /** Whether band staging is pinned (for tests). */
    boolean stagingPinned(String name) {
        Staging st = staging.get(name);
        return st != null && st.pinned();
    }

    // ---------------------------------------------------------------- small helpers

    private static void setInt(long kernel, int index, int v) {
        OpenCl.check(clSetKernelArg1i(kernel, index, v), "clSetKernelArg");
    }

    private static void setLong(long kernel, int index, long v) {
        OpenCl.check(clSetKernelArg1l(kernel, index, v), "clSetKernelArg");
    }

    private static long track(PointerBuffer ev, List<Long> events) {
        long e = ev.get(0);
        events.add(e);
        return e;
    }

    private static void await(long event, String what) {
        int err = clWaitForEvents(event);
        if (err == 0) return;
        try (MemoryStack s = stackPush()) {
            IntBuffer status = s.mallocInt(1);
            if (clGetEventInfo(event, CL_EVENT_COMMAND_EXECUTION_STATUS, status, null) == 0 && status.get(0) < 0)
                err = status.get(0);
        }
        throw OpenCl.error(err, what);
    }

    /** Device time from the start of one profiled command to the end of another. */
    private static long elapsed(long first, long last) {
        if (first == 0 || last == 0) return 0;
        try (MemoryStack s = stackPush()) {
            var t = s.mallocLong(1);
            if (clGetEventProfilingInfo(first, CL_PROFILING_COMMAND_START, t, null) != 0) return 0;
            long start = t.get(0);
            if (clGetEventProfilingInfo(last, CL_PROFILING_COMMAND_END, t, null) != 0) return 0;
            return t.get(0) - start;
        }
    }

    @Override
    public synchronized void close() {
        if (context == 0) return;
        if (compute != 0) clFinish(compute);
        if (transfer != 0) clFinish(transfer);
        staging.values().forEach(Staging::free);
        staging.clear();
        buffers.values().forEach(b -> clReleaseMemObject(b.handle()));
        buffers.clear();
        for (StepProgram p : programs.values()) {
            clReleaseKernel(p.kernel());
            clReleaseProgram(p.program());
        }
        programs.clear();
        if (transfer != 0) clReleaseCommandQueue(transfer);
        if (compute != 0) clReleaseCommandQueue(compute);
        clReleaseContext(context);
        context = compute = transfer = 0;
        weightsOf = null;
    }
}
