package org.cellscape.backend.cpu;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Backend;
import org.cellscape.backend.BackendOptions;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;

/**
 * The fast CPU backend: {@link RowKernel} (Vector API, fused step, register-blocked MLP) on a persistent pool of
 * threads. Bit-identical to {@link org.cellscape.engine.ReferenceStep} for any thread count: every cell is computed
 * by the same code from the same inputs, whichever thread takes its rows.
 *
 * <p>Threading: each step's region is cut into fixed chunks of rows that the threads claim from a counter (so a
 * thread slowed by other load on the machine simply takes fewer chunks); one barrier separates steps. The calling
 * thread works too, so {@code threads} threads compute in all. Calls to {@link #advance} are serialised.
 */
public final class CpuBackend implements Backend {
    private final int threads;
    private final Blocking blocking;
    private final Thread[] workers;
    private final CyclicBarrier barrier;
    /** The job in progress; null tells the workers to exit. Published to them by the barrier. */
    private Job job;
    private boolean closed, broken;

    private PackedModel packed;
    private RowKernel[] kernels;
    /** The second ping-pong buffer, kept between calls (the tile keeps its own array). */
    private float[] spare;
    /**
     * Nanoseconds each thread spent in its rows, at slot id * PAD (a cache line apart: each thread writes only its own);
     * written before the step's barrier, so the caller sees them after advance returns.
     */
    private final long[] busy;
    private static final int PAD = 8;

    public CpuBackend(BackendOptions options) {
        this(options, machineBlocking());
    }

    /** With a given block shape (tests run every one). */
    CpuBackend(BackendOptions options, Blocking blocking) {
        this.blocking = blocking;
        threads = options.threadsOrCores();
        barrier = threads > 1 ? new CyclicBarrier(threads) : null;
        workers = new Thread[threads - 1];
        busy = new long[threads * PAD];
        for (int i = 0; i < workers.length; i++) {
            int id = i + 1;
            workers[i] = new Thread(() -> workerLoop(id), "cellscape-cpu-" + id);
            workers[i].setDaemon(true); // a backend left unclosed must not keep the JVM alive
            workers[i].start();
        }
    }

    private static Blocking machineBlocking() {
        if (RowKernel.L < 1) throw new IllegalStateException("no vector lanes"); // loads the Vector API now, not mid-render
        try {
            return Blocking.forThisJvm(vectorBits());
        } catch (IllegalArgumentException e) {
            throw new CellscapeException(CellscapeException.USAGE, e.getMessage());
        }
    }

    /** Vector width in bits of the path that runs. */
    public static int vectorBits() {
        return RowKernel.S.vectorBitSize();
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public synchronized long busyNanos() {
        long sum = 0;
        for (int i = 0; i < threads; i++) sum += busy[i * PAD];
        return sum;
    }

    @Override
    public String describe() {
        return "cpu (Vector API, " + vectorBits() + "-bit, " + blocking + " blocking, " + threads + (threads == 1 ? " thread)" : " threads)");
    }

    @Override
    public synchronized void advance(Tile tile, NcaModel model, StepContext ctx, int level, int firstStep, int steps) {
        if (closed) throw new IllegalStateException("the cpu backend is closed");
        if (broken) throw new CellscapeException(CellscapeException.INTERNAL, "the cpu backend's worker threads were interrupted");
        if (tile.channels() != model.channels())
            throw new IllegalArgumentException("tile has " + tile.channels() + " channels, model " + model.name() + " has " + model.channels());
        if (steps <= 0) return;
        prepare(model);
        float[] a = tile.data();
        if (spare == null || spare.length < a.length) {
            spare = null; // let the old one go before allocating the larger one
            spare = new float[a.length];
        }
        float[] b = spare;
        // Outside a shrinking region cells are not written: start both buffers equal, as the reference does (each
        // thread copies a slice before the first step, rather than the calling thread all of it while the rest wait).
        Job j = new Job(tile, ctx, level, firstStep, steps, a, b, Backend.control(tile, model));
        if (threads == 1) {
            j.work(0);
        } else {
            job = j;
            await();      // start the workers
            j.work(0);    // returns after the last step's barrier: all workers are done
            job = null;
        }
        if (j.error.get() != null) {
            Throwable e = j.error.get();
            if (e instanceof RuntimeException re) throw re;
            if (e instanceof Error er) throw er;
            throw new IllegalStateException(e);
        }
        if (steps % 2 == 1) System.arraycopy(b, 0, a, 0, a.length); // the result stays in the tile's own array
    }

    private void prepare(NcaModel model) {
        if (packed != null && packed.model == model) return;
        packed = new PackedModel(model, RowKernel.L, blocking);
        kernels = new RowKernel[threads];
        for (int i = 0; i < threads; i++) kernels[i] = new RowKernel(packed);
    }

    private void workerLoop(int id) {
        while (true) {
            try {
                barrier.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                return;
            }
            Job j = job;
            if (j == null) return;
            j.work(id);
        }
    }

    private void await() {
        try {
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broken = true;
            barrier.reset();
            throw new CellscapeException(CellscapeException.INTERNAL, "interrupted while stepping");
        } catch (BrokenBarrierException e) {
            broken = true;
            throw new CellscapeException(CellscapeException.INTERNAL, "the cpu backend's worker threads were interrupted");
        }
    }

    /** Stops the worker threads and frees the buffers. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        spare = null;
        kernels = null;
        packed = null;
        if (barrier == null) return;
        job = null;
        if (!broken) {
            try {
                barrier.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (BrokenBarrierException ignored) {
                // workers already gone
            }
        }
        for (Thread t : workers) {
            if (broken) t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One advance() call: its steps, the chunks of rows of each step, and the first error. */
    private final class Job {
        final Tile tile;
        final StepContext ctx;
        final int level, firstStep, steps, threshold;
        final float[] a, b, ctl;
        final AtomicIntegerArray next;
        final AtomicReference<Throwable> error = new AtomicReference<>();

        Job(Tile tile, StepContext ctx, int level, int firstStep, int steps, float[] a, float[] b, float[] ctl) {
            this.ctl = ctl;
            this.tile = tile;
            this.ctx = ctx;
            this.level = level;
            this.firstStep = firstStep;
            this.steps = steps;
            this.threshold = ctx.threshold();
            this.a = a;
            this.b = b;
            this.next = new AtomicIntegerArray(steps);
        }

        void work(int id) {
            RowKernel k = kernels[id];
            if (!tile.isTorus()) {
                long from = (long) a.length * id / threads, to = (long) a.length * (id + 1) / threads;
                System.arraycopy(a, (int) from, b, (int) from, (int) (to - from));
                if (barrier != null) {
                    if (id == 0) await();
                    else if (!workerAwait()) return;
                }
            }
            for (int i = 0; i < steps; i++) {
                if (error.get() == null) {
                    long t0 = System.nanoTime();
                    try {
                        step(k, i);
                    } catch (Throwable t) {
                        error.compareAndSet(null, t);
                    }
                    busy[id * PAD] += System.nanoTime() - t0;
                }
                if (barrier != null) {
                    if (id == 0) await();
                    else if (!workerAwait()) return;
                }
            }
        }

        private boolean workerAwait() {
            try {
                barrier.await();
                return true;
            } catch (InterruptedException | BrokenBarrierException e) {
                return false;
            }
        }

        private void step(RowKernel k, int i) {
            int[] r = Backend.region(tile, i);
            int rows = r[3] - r[1];
            if (rows <= 0 || r[2] <= r[0]) return;
            float[] src = i % 2 == 0 ? a : b, dst = i % 2 == 0 ? b : a;
            // Several chunks per thread so that a thread slowed by other load takes fewer.
            int chunk = Math.max(1, (rows + threads * 8 - 1) / (threads * 8));
            int chunks = (rows + chunk - 1) / chunk;
            long key = ctx.stepKey(level, firstStep + i);
            for (int c; (c = next.getAndIncrement(i)) < chunks; ) {
                int ya = r[1] + c * chunk;
                k.rows(src, dst, ctl, tile, key, threshold, r[0], r[2], ya, Math.min(r[3], ya + chunk));
            }
        }
    }
}
