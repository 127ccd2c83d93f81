package org.cellscape.backend.opencl;

import org.cellscape.CellscapeException;
import org.cellscape.backend.opencl.ClPrograms.StepProgram;
import org.cellscape.engine.Backend;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;

/**
 * NCA steps on an OpenCL device, bit-exact with {@link org.cellscape.engine.ReferenceStep} (docs/opencl-backend.md).
 *
 * <p>{@link #advance} keeps the state on the device for all its steps: a tile that fits is uploaded once,
 * stepped by ping-ponging two device buffers and downloaded once. A larger tile (or, on a device with its own
 * memory, any big one, to hide the transfers) is streamed in horizontal bands with halos ({@link BandPlan}):
 * while the device steps one band, a second queue uploads the next and downloads the previous. The work is
 * shared by {@link ClPrograms} (building), {@link DeviceMemory} (buffers, staging) and {@link BandedStepper}.
 *
 * <p>Not thread-safe beyond its own lock: one render thread uses it.
 */
public final class OpenClBackend implements Backend {
    private final ClDevice device;
    private final Tuning tuning;
    private final boolean compact;
    private final ClContext cl;
    private final ClPrograms programs;
    private final DeviceMemory memory;
    private final BandedStepper stepper;
    private Stats last = new Stats(0, 0, 0, 0, 0);

    /** What the last {@link #advance} did: bands, rows per band window, device kernel time, wall time, cell updates. */
    record Stats(int bands, int windowRows, long kernelNanos, long wallNanos, long cellUpdates) {}

    OpenClBackend(ClDevice device, Tuning tuning) {
        this.device = device;
        this.tuning = tuning;
        this.compact = tuning.kernel() != null ? tuning.kernel().equals("compact") : device.isGpuLike();
        if (tuning.kernel() != null && !tuning.kernel().equals("compact") && !tuning.kernel().equals("direct"))
            throw new IllegalArgumentException("cellscape.opencl.kernel must be 'direct' or 'compact', got '" + tuning.kernel() + "'");
        cl = new ClContext(device);
        programs = new ClPrograms(cl, tuning, compact);
        memory = new DeviceMemory(cl, tuning);
        stepper = new BandedStepper(cl, memory, compact);
    }

    public ClDevice device() {
        return device;
    }

    Stats lastStats() {
        return last;
    }

    /** Whether band staging is pinned (for tests). */
    boolean stagingPinned(String name) {
        return memory.stagingPinned(name);
    }

    /**
     * A whole pass per call: the state stays in device memory between its steps, one transfer each way
     * ({@code -Dcellscape.opencl.stepsPerCall=N} sets another count, for measuring; see bench/opencl-pass.sh).
     */
    @Override
    public int stepsPerCall() {
        return Math.max(1, Integer.getInteger("cellscape.opencl.stepsPerCall", Integer.MAX_VALUE));
    }

    @Override
    public String describe() {
        return "opencl (" + device.name() + " [" + device.index() + ", " + device.typeName() + ", " + device.computeUnits()
                + " CUs @ " + device.clockMHz() + " MHz], " + (compact ? "compacting" : "direct") + " kernel)";
    }

    @Override
    public synchronized void advance(Tile tile, NcaModel model, StepContext ctx, int level, int firstStep, int steps) {
        if (tile.channels() != model.channels())
            throw new IllegalArgumentException("tile has " + tile.channels() + " channels, the model " + model.channels());
        if (steps <= 0) return;
        long t0 = System.nanoTime();
        float[] packed = KernelSource.packWeights(model), ctl = Backend.control(tile, model);
        StepProgram prog = programs.step(model, (long) packed.length * Float.BYTES, ctl != null);
        memory.weights(model, packed);
        long maxAlloc = tuning.maxAlloc() > 0 ? tuning.maxAlloc() : device.maxAlloc();
        long ctlBytes = ctl == null ? 0 : (long) ctl.length * Float.BYTES; // held whole beside the bands
        long budget = (tuning.budget() > 0 ? tuning.budget() : device.globalMem() / 4 * 3) - memory.weightsBytes() - ctlBytes;
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
            try {
                long kernelNs = stepper.run(tile, prog, ctx, level, firstStep, plan, ctl);
                last = new Stats(plan.bands().size(), plan.maxWindowRows(), kernelNs, System.nanoTime() - t0, (long) tile.width() * tile.height() * steps);
                return;
            } catch (OpenCl.OutOfDeviceMemory e) {
                memory.releaseStateBuffers();
                if (stepper.committed()) throw e;
                outOfMemory = e;
                budget /= 2; // nothing was written back yet: retry with smaller bands
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!cl.open()) return;
        cl.finish();
        memory.close();
        programs.close();
        cl.close();
    }
}
