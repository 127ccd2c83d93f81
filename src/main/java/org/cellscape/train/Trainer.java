package org.cellscape.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Rng;
import org.cellscape.engine.Tile;
import org.cellscape.model.Family;
import org.cellscape.model.NcaModel;

/**
 * The training loop: a pool of states, batches rolled out for a random number of steps, the patch loss on the final
 * colours plus an overflow penalty, backpropagation through time, Adam. Every random choice of iteration i comes from
 * (seed, i) alone, and gradients are summed in batch order, so a resumed run computes what an uninterrupted one would,
 * whatever the thread count.
 *
 * <p>With R rules (one exemplar each) every pool slot has a {@link Layout}: its rule over the whole grid, or two rules
 * split into halves (a mixed sample, scored half by half). The control inputs are the layout's one-hot weights.
 */
public final class Trainer implements AutoCloseable {
    /**
     * One iteration's numbers (the columns of metrics.csv); {@code images} holds each image loss's unweighted value,
     * in the order of the trainer's image losses (batch means, like the others).
     */
    public record Metrics(int iteration, double loss, double patches, double colour, double overflow, double lr, int steps, double seconds,
                          double[] images) {
        public Metrics(int iteration, double loss, double patches, double colour, double overflow, double lr, int steps, double seconds) {
            this(iteration, loss, patches, colour, overflow, lr, steps, seconds, new double[0]);
        }
    }

    /** Time spent in the NCA's passes, summed over the worker threads (for the benchmark's breakdown). */
    public record Timing(long forwardNanos, long backwardNanos) {}

    private static final String MAGIC = "cellscape-train-checkpoint-1";

    final TrainConfig cfg;
    final NcaModel template;
    final PatchLoss[] losses;
    /** Rules (control inputs); 0 for a single-exemplar model. */
    final int R;
    /** Per pool slot (R > 0): rule of the first part, of the second part, and the split (0 none, 1 left/right, 2 top/bottom). */
    final int[] ruleA, ruleB, split;
    NcaParams params;
    Adam adam;
    final float[][] pool;
    /** Per pool slot: the loss of its last rollout (kept only with cfg.replaceWorst(): the reset takes the worst). */
    final double[] poolLoss;
    int iteration;
    private final int n, C;
    private final float[][][] states;
    private final float[][] spare;
    private final ExecutorService exec;
    private final int threads;
    private int[] lastBatch = new int[0];
    private final List<ImageLoss> imageLosses;
    /** The summed gradient of the last iteration, before Adam (for the tests). */
    NcaParams lastGradient;
    private final java.util.concurrent.atomic.LongAdder forwardNanos = new java.util.concurrent.atomic.LongAdder(),
            backwardNanos = new java.util.concurrent.atomic.LongAdder();

    public Trainer(TrainConfig cfg, Exemplar ex, int threads) {
        this(cfg, List.of(ex), threads);
    }

    /** One exemplar per rule of {@code cfg.rules()}, in order (one exemplar and no rules: a plain model). */
    public Trainer(TrainConfig cfg, List<Exemplar> exs, int threads) {
        this(cfg, exs, threads, List.of());
    }

    /**
     * With losses on each sample's final colours beside the patch loss: each adds its weight times its gradient into
     * the image's gradient and its value into the metrics (none: the same numbers as without).
     */
    public Trainer(TrainConfig cfg, List<Exemplar> exs, int threads, List<ImageLoss> imageLosses) {
        this.cfg = cfg;
        this.imageLosses = List.copyOf(imageLosses);
        this.R = cfg.rules().size();
        if (exs.size() != Math.max(1, R)) throw new IllegalArgumentException(exs.size() + " exemplars for " + R + " rules");
        this.losses = new PatchLoss[exs.size()];
        for (int r = 0; r < losses.length; r++)
            losses[r] = new PatchLoss(cfg.lossConfig(), exs.get(r).rgb(), exs.get(r).width(), exs.get(r).height());
        this.params = NcaParams.initial(cfg.channels(), cfg.hidden(), 4, R, cfg.seed());
        NcaModel.Builder tb = params.toModel(R == 0 ? exs.getFirst().name() : String.join("-", cfg.rules())).toBuilder().fireRate(cfg.fireRate());
        if (R > 0) tb.metadata("rules", String.join(",", cfg.rules()));
        this.template = tb.build();
        this.adam = new Adam(params);
        this.n = cfg.size() * cfg.size();
        this.C = cfg.channels();
        this.pool = new float[cfg.pool()][n * C];
        this.poolLoss = new double[cfg.replaceWorst() ? cfg.pool() : 0];
        if (cfg.seedNoise() > 0) for (int i = 0; i < pool.length; i++) seedState(pool[i], Rng.mix(cfg.seed() ^ 0x706f6f6cL ^ i));
        this.states = new float[cfg.batch()][cfg.stepsMax() + 1][n * C];
        this.spare = new float[cfg.batch()][n * C];
        this.ruleA = new int[R > 0 ? cfg.pool() : 0];
        this.ruleB = new int[ruleA.length];
        this.split = new int[ruleA.length];
        SplittableRandom lr = new SplittableRandom(Rng.mix(cfg.seed() ^ 0x72756c6573L));
        for (int i = 0; i < ruleA.length; i++) drawLayout(lr, i);
        this.threads = Math.max(1, threads);
        this.exec = Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "cellscape-train");
            t.setDaemon(true);
            return t;
        });
    }

    public int iteration() { return iteration; }
    public TrainConfig config() { return cfg; }
    public int threads() { return threads; }
    public List<ImageLoss> imageLosses() { return imageLosses; }

    public Timing timing() {
        return new Timing(forwardNanos.sum(), backwardNanos.sum());
    }

    /** The current weights as a model (CELLSCAPE family, the config's fire rate). */
    public NcaModel model() {
        return params.toModel(template);
    }

    /** Final states of the last batch, for snapshots. */
    public List<float[]> lastBatchStates() {
        List<float[]> l = new ArrayList<>();
        for (int i : lastBatch) l.add(pool[i]);
        return l;
    }

    /** A fresh layout for pool slot i: a rule, and with probability cfg.mixed() a second rule on one half. */
    private void drawLayout(SplittableRandom r, int i) {
        ruleA[i] = r.nextInt(R);
        boolean mixed = r.nextDouble() < cfg.mixed();
        ruleB[i] = mixed ? (ruleA[i] + 1 + r.nextInt(R - 1)) % R : ruleA[i];
        split[i] = mixed ? 1 + r.nextInt(2) : 0;
    }

    /** The rule of a cell of pool slot i's layout. */
    int ruleAt(int i, int x, int y) {
        int half = cfg.size() / 2;
        return switch (split[i]) {
            case 1 -> x < half ? ruleA[i] : ruleB[i];
            case 2 -> y < half ? ruleA[i] : ruleB[i];
            default -> ruleA[i];
        };
    }

    /** One-hot control inputs of pool slot i's layout, R per cell; null without rules. */
    float[] control(int i) {
        if (R == 0) return null;
        int size = cfg.size();
        float[] ctl = new float[n * R];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) ctl[(y * size + x) * R + ruleAt(i, x, y)] = 1f;
        return ctl;
    }

    /** Per pool thread: the forward pass's activations for its backward pass (null where a rollout is too large). */
    private final ThreadLocal<Tape> tapes = new ThreadLocal<>();

    /** A sample's patch loss (unweighted), overflow, image losses (unweighted), weighted total and gradient. */
    private record Sample(PatchLoss.Result result, double overflow, double[] images, double total, NcaParams grad) {}

    /** Runs one iteration; throws TRAINING_DIVERGED (weights untouched) when the loss or gradient is not finite. */
    public Metrics step() {
        long t0 = System.nanoTime();
        final int it = iteration;
        SplittableRandom rnd = new SplittableRandom(Rng.mix(cfg.seed() ^ Rng.mix(it + 1L)));
        final int steps = cfg.stepsMin() + rnd.nextInt(cfg.stepsMax() - cfg.stepsMin() + 1);
        int[] idx = distinct(rnd, cfg.batch(), cfg.pool());
        final boolean reset = it % cfg.resetEvery() == 0;
        final PatchLoss.Target[] targets = new PatchLoss.Target[losses.length];
        for (int r = 0; r < losses.length; r++) targets[r] = losses[r].target(rnd, exec); // its sorts on the pool: a serial part of each step before
        final int resetSlot = reset ? resetSlot(idx) : -1;
        if (reset && R > 0) drawLayout(rnd, idx[resetSlot]); // a sample grown from its seed gets a fresh layout
        final FastNca f = new FastNca(template, params);
        List<Callable<Sample>> tasks = new ArrayList<>();
        for (int b = 0; b < cfg.batch(); b++) {
            final int slot = b;
            tasks.add(() -> sample(f, slot, idx[slot], slot == resetSlot, steps, it, targets));
        }
        List<Sample> res = new ArrayList<>();
        try {
            for (Future<Sample> fu : exec.invokeAll(tasks)) res.add(fu.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CellscapeException(CellscapeException.INTERNAL, "training interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
        NcaParams grad = params.zerosLike();
        double l = 0, lp = 0, lc = 0, lo = 0;
        double[] li = new double[imageLosses.size()];
        for (Sample s : res) {
            grad.addFrom(s.grad);
            l += s.total + s.overflow;
            lp += s.result.patches();
            lc += s.result.colour();
            lo += s.overflow;
            for (int j = 0; j < li.length; j++) li[j] += s.images[j];
        }
        int B = cfg.batch();
        for (int j = 0; j < li.length; j++) li[j] /= B;
        if (!Double.isFinite(l) || !grad.isFinite())
            throw new CellscapeException(CellscapeException.TRAINING_DIVERGED, "training diverged at iteration " + it
                    + " (loss " + l / B + "): not-a-number or infinite values; try a lower --lr");
        lastGradient = grad;
        double lr = cfg.learningRate(it);
        adam.step(params, grad, lr);
        if (!params.isFinite())
            throw new CellscapeException(CellscapeException.TRAINING_DIVERGED, "training diverged at iteration " + it + ": weights became non-finite");
        for (int b = 0; b < B; b++) System.arraycopy(states[b][steps], 0, pool[idx[b]], 0, n * C);
        if (poolLoss.length > 0) for (int b = 0; b < B; b++) poolLoss[idx[b]] = res.get(b).total;
        lastBatch = idx;
        iteration++;
        return new Metrics(it, l / B, lp / B, lc / B, lo / B, lr, steps, (System.nanoTime() - t0) / 1e9, li);
    }

    /** The batch slot whose pool sample starts again from a seed: the first, or the one of the worst last loss. */
    private int resetSlot(int[] idx) {
        int worst = 0;
        for (int b = 1; b < idx.length && poolLoss.length > 0; b++) if (poolLoss[idx[b]] > poolLoss[idx[worst]]) worst = b;
        return worst;
    }

    /** A seed state: the renderer's noise init (amplitude seedNoise) of a size x size canvas, keyed by {@code key}. */
    private void seedState(float[] st, long key) {
        int size = cfg.size();
        Renderer.fillNoise(new Tile(size, size, C, 0, 0, size, size, st), cfg.seedNoise(), key);
    }

    private Sample sample(FastNca f, int slot, int poolIndex, boolean reset, int steps, int it, PatchLoss.Target[] targets) {
        float[][] st = states[slot];
        if (reset) {
            if (cfg.seedNoise() > 0) seedState(st[0], Rng.mix(cfg.seed() ^ Rng.mix((long) it * cfg.batch() + slot)));
            else java.util.Arrays.fill(st[0], 0f);
        }
        else System.arraycopy(pool[poolIndex], 0, st[0], 0, n * C);
        FireMask mask = FireMask.training(cfg.seed(), (long) it * cfg.batch() + slot, steps, cfg.fireRate());
        Tape tape = tapes.get();
        if (!f.fits(tape)) {
            tape = f.tape(cfg.stepsMax(), (long) cfg.size() * cfg.size(), cfg.fireRate());
            tapes.set(tape);
        }
        FastNca.Work wk = f.work(tape);
        int size = cfg.size();
        float[] ctl = control(poolIndex);
        long t0 = System.nanoTime();
        f.forward(st, size, size, ctl, mask, wk);
        forwardNanos.add(System.nanoTime() - t0);
        float[] fin = st[steps];
        float scale = template.colourScale(), offset = template.colourOffset();
        double[] img = new double[3 * n];
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < n; p++) img[c * n + p] = fin[p * C + c] * scale + offset;
        double[] gi = new double[3 * n];
        double pw = cfg.patchWeight();
        PatchLoss.Result r = pw == 0 ? new PatchLoss.Result(0, 0, 0)
                : R == 0 || split[poolIndex] == 0
                ? losses[R == 0 ? 0 : ruleA[poolIndex]].loss(img, size, size, targets[R == 0 ? 0 : ruleA[poolIndex]], gi)
                : halves(img, size, poolIndex, targets, gi);
        if (pw != 1) for (int i = 0; i < gi.length; i++) gi[i] *= pw;
        double total = pw * r.total();
        double[] li = new double[imageLosses.size()];
        for (int j = 0; j < li.length; j++) {
            ImageLoss loss = imageLosses.get(j);
            long key = Rng.mix(cfg.seed() ^ Rng.mix(((long) it * cfg.batch() + slot) * 64 + j + 1));
            li[j] = loss instanceof RuleLoss rl && R > 0 ? ruleLoss(rl, img, size, poolIndex, key, gi) : loss.lossAndGradient(img, size, size, key, gi);
            total += loss.weight() * li[j];
        }
        // overflow: keep every channel within [-1, 1] (colour within [0, 1]), far from the hard state clip
        float[] g = spare[slot];
        double ov = 0, ow = cfg.overflowWeight() / (n * (double) C);
        float[] gs = new float[n * C];
        for (int i = 0; i < n * C; i++) {
            double v = fin[i], e = v - Math.max(-1, Math.min(1, v));
            ov += e * e;
            gs[i] = (float) (2 * ow * e);
        }
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < n; p++) gs[p * C + c] += (float) (gi[c * n + p] * scale);
        long t1 = System.nanoTime();
        f.backward(st, size, size, ctl, mask, gs, g, wk);
        backwardNanos.add(System.nanoTime() - t1);
        return new Sample(r, ov * ow, li, total, wk.gradients());
    }

    /**
     * A mixed sample's loss: each half (not a torus: its patches stay inside it, so the cells at the border must
     * already look like their own rule's texture) against its rule's exemplar, each weighted 1/2.
     */
    private PatchLoss.Result halves(double[] img, int size, int i, PatchLoss.Target[] targets, double[] gi) {
        double total = 0, patches = 0, colour = 0;
        for (int part = 0; part < 2; part++) {
            int rule = part == 0 ? ruleA[i] : ruleB[i];
            Half half = new Half(size, split[i] == 1, part);
            double[] sub = half.of(img), g = new double[sub.length];
            PatchLoss.Result r = losses[rule].lossInside(sub, half.w, half.h, targets[rule], g);
            half.addInto(g, 0.5, gi);
            total += 0.5 * r.total();
            patches += 0.5 * r.patches();
            colour += 0.5 * r.colour();
        }
        return new PatchLoss.Result(total, patches, colour);
    }

    /** A rule's own image loss on a sample: the whole sample of that rule, the half of a mixed one under it (x 1/2), else 0. */
    private double ruleLoss(RuleLoss loss, double[] img, int size, int i, long key, double[] gi) {
        if (split[i] == 0) return ruleA[i] == loss.rule() ? loss.lossAndGradient(img, size, size, key, gi) : 0;
        double value = 0;
        for (int part = 0; part < 2; part++) {
            if ((part == 0 ? ruleA[i] : ruleB[i]) != loss.rule()) continue;
            Half half = new Half(size, split[i] == 1, part);
            double[] sub = half.of(img), g = new double[sub.length];
            value += 0.5 * loss.lossAndGradient(sub, half.w, half.h, Rng.mix(key ^ part), g);
            half.addInto(g, 0.5, gi);
        }
        return value;
    }

    /** One half of a size x size planar RGB image: left/right ({@code lr}) or top/bottom, part 0 or 1. */
    private record Half(int size, int w, int h, int x0, int y0) {
        Half(int size, boolean lr, int part) {
            this(size, lr ? size / 2 : size, lr ? size : size / 2, lr ? part * (size / 2) : 0, lr ? 0 : part * (size / 2));
        }

        double[] of(double[] img) {
            double[] sub = new double[3 * w * h];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < h; y++) System.arraycopy(img, (c * size + y0 + y) * size + x0, sub, (c * h + y) * w, w);
            return sub;
        }

        void addInto(double[] g, double f, double[] gi) {
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) gi[(c * size + y0 + y) * size + x0 + x] += f * g[(c * h + y) * w + x];
        }
    }

    private static int[] distinct(SplittableRandom r, int k, int n) {
        int[] a = new int[k];
        for (int i = 0; i < k; i++) {
            int v;
            boolean dup;
            do {
                v = r.nextInt(n);
                dup = false;
                for (int j = 0; j < i; j++) dup |= a[j] == v;
            } while (dup);
            a[i] = v;
        }
        return a;
    }

    /** Writes weights, optimiser state and pool (file.partial, then renamed). */
    public void save(Path file, String configJson) {
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            o.writeUTF(MAGIC);
            o.writeUTF(configJson);
            o.writeInt(iteration);
            o.writeInt(adam.t);
            for (float[] t : params.tensors()) writeFloats(o, t);
            for (float[] t : adam.m) writeFloats(o, t);
            for (float[] t : adam.v) writeFloats(o, t);
            o.writeInt(pool.length);
            for (float[] s : pool) writeFloats(o, s);
            for (int[] l : new int[][]{ruleA, ruleB, split}) for (int v : l) o.writeInt(v); // empty without rules
            for (double v : poolLoss) o.writeDouble(v); // empty unless the worst sample is replaced
        } catch (IOException e) {
            throw CellscapeException.io("cannot write checkpoint " + tmp + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CellscapeException.io("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** The config JSON stored in a checkpoint (to compare before loading). */
    public static String checkpointConfig(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(in.readUTF())) throw CellscapeException.badInput(file + " is not a cellscape training checkpoint");
            return in.readUTF();
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read checkpoint " + file + ": " + e.getMessage());
        }
    }

    public void load(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (!MAGIC.equals(in.readUTF())) throw CellscapeException.badInput(file + " is not a cellscape training checkpoint");
            in.readUTF();
            iteration = in.readInt();
            adam.t = in.readInt();
            for (float[] t : params.tensors()) readFloats(in, t);
            for (float[] t : adam.m) readFloats(in, t);
            for (float[] t : adam.v) readFloats(in, t);
            if (in.readInt() != pool.length) throw CellscapeException.badInput("checkpoint " + file + " has a different pool size");
            for (float[] s : pool) readFloats(in, s);
            for (int[] l : new int[][]{ruleA, ruleB, split}) for (int k = 0; k < l.length; k++) l[k] = in.readInt();
            for (int k = 0; k < poolLoss.length; k++) poolLoss[k] = in.readDouble();
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read checkpoint " + file + ": " + e.getMessage());
        }
    }

    private static void writeFloats(DataOutputStream o, float[] a) throws IOException {
        o.writeInt(a.length);
        byte[] b = new byte[a.length * 4];
        java.nio.ByteBuffer.wrap(b).asFloatBuffer().put(a);
        o.write(b);
    }

    private static void readFloats(DataInputStream in, float[] a) throws IOException {
        int len = in.readInt();
        if (len != a.length) throw new IOException("tensor of " + len + " values where " + a.length + " were expected");
        byte[] b = new byte[len * 4];
        in.readFully(b);
        java.nio.ByteBuffer.wrap(b).asFloatBuffer().get(a);
    }

    /** The family trained models belong to. */
    public static Family family() {
        return Family.CELLSCAPE;
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
