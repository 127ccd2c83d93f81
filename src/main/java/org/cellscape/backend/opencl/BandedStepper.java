package org.cellscape.backend.opencl;

import static org.lwjgl.opencl.CL10.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cellscape.backend.opencl.ClPrograms.StepProgram;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * Runs one {@code advance} call's steps on the device by a {@link BandPlan}: the whole tile at once, or bands
 * streamed two at a time, the compute queue stepping one while the transfer queue moves the others.
 */
final class BandedStepper {
    private final long compute, transfer;
    private final DeviceMemory memory;
    private final boolean compact;
    private boolean committed;
    /** Whether the running program takes control inputs (then each band sets its control row). */
    private boolean control;

    BandedStepper(ClContext cl, DeviceMemory memory, boolean compact) {
        this.compute = cl.compute();
        this.transfer = cl.transfer();
        this.memory = memory;
        this.compact = compact;
    }

    /**
     * Runs the plan's steps on the tile in place; returns the device time of the kernels. {@code ctl}: the tile's
     * control inputs (uploaded whole, each band reads its rows), or null when the program takes none.
     */
    long run(Tile tile, StepProgram prog, StepContext ctx, int level, int firstStep, BandPlan plan, float[] ctl) {
        committed = false;
        long kernel = prog.kernel();
        if (ctl != null) {
            long buf = memory.buffer("ctl", (long) ctl.length * Float.BYTES);
            OpenCl.check(clEnqueueWriteBuffer(compute, buf, true, 0, ctl, null, null), "clEnqueueWriteBuffer(control)");
            OpenCl.check(clSetKernelArg1p(kernel, ctlArg(), buf), "clSetKernelArg");
            setInt(kernel, ctlArg() + 2, tile.height());
        }
        control = ctl != null;
        return plan.single() ? runWhole(tile, prog, ctx, level, firstStep, plan) : runBands(tile, prog, ctx, level, firstStep, plan);
    }

    /** Whether the last {@link #run} wrote results back into the tile (then a failure cannot be retried). */
    boolean committed() {
        return committed;
    }

    /** The whole tile on the device: one upload, all steps, one download (blocking, straight from the heap array). */
    private long runWhole(Tile tile, StepProgram prog, StepContext ctx, int level, int firstStep, BandPlan plan) {
        long bytes = (long) tile.data().length * Float.BYTES;
        long a = memory.buffer("a0", bytes), b = memory.buffer("b0", bytes);
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
        long[] a = {memory.buffer("a0", windowBytes), memory.buffer("a1", windowBytes)}, b = {memory.buffer("b0", windowBytes), memory.buffer("b1", windowBytes)};
        Staging[] in = {memory.staging("in0", windowBytes), memory.staging("in1", windowBytes)};
        Staging out = memory.staging("out", innerMax * rowBytes);
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
            OpenCl.check(clSetKernelArg1p(kernel, 2, memory.weightsHandle()), "clSetKernelArg");
            setInt(kernel, 3, W);
            setInt(kernel, 4, rows);
            setLong(kernel, 9, ox);
            setLong(kernel, 10, oy);
            setLong(kernel, 11, cw);
            setLong(kernel, 12, ch);
            setInt(kernel, 14, ctx.threshold());
            if (compact) OpenCl.check(clSetKernelArg(kernel, 15, (long) prog.workGroup() * KernelSource.CPI * Integer.BYTES), "clSetKernelArg(local)");
            if (control) setInt(kernel, ctlArg() + 1, Math.floorMod(band.windowStart(), tile.height()));
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

    /** Index of the control buffer argument: after the local list in the compacting kernel. */
    private int ctlArg() {
        return compact ? 16 : 15;
    }

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
}
