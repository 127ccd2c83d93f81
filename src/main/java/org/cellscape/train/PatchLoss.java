package org.cellscape.train;

import java.util.SplittableRandom;

/**
 * The network-free texture loss: a multi-scale patch sliced-Wasserstein distance on colour (as in μNCA / GPDM).
 * At every level of a 2x2 box pyramid, all p x p colour patches of the generated image (torus: patches wrap) and
 * of the exemplar (patches inside it) are projected on fresh random unit directions; each projection's sorted
 * values are compared with the exemplar's sorted values at the same quantiles (mean squared difference).
 * A second term does the same with 1x1 patches (the colour distribution alone) at full resolution.
 *
 * <p>Images are planar RGB in float64: {@code img[(c * h + y) * w + x]}. Everything here is double so the
 * gradient can be checked by finite differences; it costs a small part of an iteration.
 */
public final class PatchLoss {
    /** Loss settings. {@code maxExemplarPatches} caps the exemplar patches drawn per level and iteration. */
    public record Config(int levels, int patch, int projections, double colourWeight, int maxExemplarPatches) {
        public Config {
            if (levels < 1 || levels > 8) throw new IllegalArgumentException("loss levels must be 1..8, got " + levels);
            if (patch < 1 || patch > 15) throw new IllegalArgumentException("patch size must be 1..15, got " + patch);
            if (projections < 1) throw new IllegalArgumentException("projections must be positive");
        }

        public static Config defaults() {
            return new Config(4, 7, 64, 1.0, 4096);
        }

        /** Smallest exemplar side: the coarsest level must still hold a few whole patches. */
        public int minExemplarSide() {
            return (patch + 3) << (levels - 1);
        }

        /** Smallest generated side: the coarsest level must hold one patch; sides must halve evenly. */
        public int minTrainingSide() {
            return Math.max(patch, 2) << (levels - 1);
        }
    }

    /** One sliced-Wasserstein term: a pyramid level, a patch size and a weight. */
    record Term(int level, int patch, double weight) {
        int dim() { return 3 * patch * patch; }
    }

    /** The loss of one image: total, the patch term and the colour term (both already weighted). */
    public record Result(double total, double patches, double colour) {}

    /** Random projections of one iteration, and the exemplar's sorted projections on them, per term. */
    public static final class Target {
        final double[][] proj;      // per term: [P][D]
        final double[][][] sorted;  // per term, per projection: sorted exemplar values

        Target(double[][] proj, double[][][] sorted) {
            this.proj = proj;
            this.sorted = sorted;
        }
    }

    private final Config cfg;
    private final Term[] terms;
    private final double[][] exLevels;
    private final int[] exW, exH;

    /** @param exemplar planar RGB in [0, 1], w x h */
    public PatchLoss(Config cfg, double[] exemplar, int w, int h) {
        this.cfg = cfg;
        if (Math.min(w, h) < cfg.minExemplarSide())
            throw new IllegalArgumentException("exemplar " + w + "x" + h + " is too small for " + cfg.levels() + " levels of "
                    + cfg.patch() + "x" + cfg.patch() + " patches: it must be at least " + cfg.minExemplarSide() + " pixels on each side");
        Term[] t = new Term[cfg.levels() + (cfg.colourWeight() > 0 ? 1 : 0)];
        for (int l = 0; l < cfg.levels(); l++) t[l] = new Term(l, cfg.patch(), 1.0);
        if (cfg.colourWeight() > 0) t[cfg.levels()] = new Term(0, 1, cfg.colourWeight());
        terms = t;
        exLevels = new double[cfg.levels()][];
        exW = new int[cfg.levels()];
        exH = new int[cfg.levels()];
        exLevels[0] = exemplar.clone();
        exW[0] = w;
        exH[0] = h;
        for (int l = 1; l < cfg.levels(); l++) {
            exW[l] = exW[l - 1] / 2;
            exH[l] = exH[l - 1] / 2;
            exLevels[l] = downsample(exLevels[l - 1], exW[l - 1], exH[l - 1]);
        }
    }

    public Config config() {
        return cfg;
    }

    /** 2x2 box average (odd last rows/columns dropped). */
    static double[] downsample(double[] img, int w, int h) {
        int w2 = w / 2, h2 = h / 2;
        double[] r = new double[3 * w2 * h2];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h2; y++)
                for (int x = 0; x < w2; x++) {
                    int a = (c * h + 2 * y) * w + 2 * x;
                    r[(c * h2 + y) * w2 + x] = 0.25 * (img[a] + img[a + 1] + img[a + w] + img[a + w + 1]);
                }
        return r;
    }

    /** Draws this iteration's projections and projects the exemplar. */
    public Target target(SplittableRandom rnd) {
        return target(rnd, null);
    }

    /**
     * As {@link #target(SplittableRandom)}, the terms' exemplar projections and sorts computed on {@code exec}
     * (null: here): the random draws come first, in the same order, so the target is the same bits either way.
     */
    public Target target(SplittableRandom rnd, java.util.concurrent.ExecutorService exec) {
        double[][] proj = new double[terms.length][];
        int[][] positions = new int[terms.length][];
        for (int ti = 0; ti < terms.length; ti++) {
            Term t = terms[ti];
            int P = cfg.projections(), D = t.dim();
            double[] pr = new double[P * D];
            for (int k = 0; k < P; k++) {
                double norm = 0;
                for (int d = 0; d < D; d++) {
                    double g = gaussian(rnd);
                    pr[k * D + d] = g;
                    norm += g * g;
                }
                norm = 1 / Math.sqrt(norm);
                for (int d = 0; d < D; d++) pr[k * D + d] *= norm;
            }
            proj[ti] = pr;
            int all = (exW[t.level()] - t.patch() + 1) * (exH[t.level()] - t.patch() + 1);
            int m = Math.min(all, cfg.maxExemplarPatches());
            int[] pos = new int[m];
            for (int i = 0; i < m; i++) pos[i] = m == all ? i : rnd.nextInt(all);
            positions[ti] = pos;
        }
        double[][][] sorted = new double[terms.length][][];
        java.util.List<java.util.concurrent.Callable<Void>> jobs = new java.util.ArrayList<>();
        for (int ti = 0; ti < terms.length; ti++) {
            final int i = ti;
            jobs.add(() -> {
                sorted[i] = exemplarSorted(terms[i], proj[i], positions[i]);
                return null;
            });
        }
        try {
            if (exec == null) for (var j : jobs) j.call();
            else for (var f : exec.invokeAll(jobs)) f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing the loss's target", e);
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
        return new Target(proj, sorted);
    }

    /** The exemplar patches at {@code pos} of one term projected on {@code pr}, each projection's values sorted. */
    private double[][] exemplarSorted(Term t, double[] pr, int[] pos) {
        int w = exW[t.level()], h = exH[t.level()], p = t.patch(), P = cfg.projections(), D = t.dim();
        int nx = w - p + 1, m = pos.length, mp = Patches.stride(m);
        double[] Y = Patches.project(Patches.at(exLevels[t.level()], w, h, p, pos, nx), mp, pr, P, D);
        double[][] s = new double[P][];
        for (int k = 0; k < P; k++) s[k] = RadixSort.sorted(Y, k * mp, m);
        return s;
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Loss of a generated torus image (w x h, planar RGB); adds dLoss/dimg to grad when grad is not null. */
    public Result loss(double[] img, int w, int h, Target target, double[] grad) {
        return evaluate(img, w, h, target, grad, true);
    }

    /** The same loss for an image that is not a torus (e.g. a crop of the exemplar): patches stay inside it. */
    public Result lossNoWrap(double[] img, int w, int h, Target target) {
        return evaluate(img, w, h, target, null, false);
    }

    /**
     * The loss of a region that is not a torus (a part of a generated sample, such as one rule's half), with its
     * gradient added to grad: patches stay inside the region, and pyramid levels too small to hold one are skipped.
     */
    public Result lossInside(double[] img, int w, int h, Target target, double[] grad) {
        return evaluate(img, w, h, target, grad, false);
    }

    private Result evaluate(double[] img, int w, int h, Target target, double[] grad, boolean wrap) {
        int levels = cfg.levels();
        double[][] lv = new double[levels][];
        int[] lw = new int[levels], lh = new int[levels];
        lv[0] = img;
        lw[0] = w;
        lh[0] = h;
        for (int l = 1; l < levels; l++) {
            lw[l] = lw[l - 1] / 2;
            lh[l] = lh[l - 1] / 2;
            lv[l] = downsample(lv[l - 1], lw[l - 1], lh[l - 1]);
        }
        double[][] lg = grad == null ? null : new double[levels][];
        if (lg != null) for (int l = 0; l < levels; l++) lg[l] = l == 0 ? grad : new double[lv[l].length];
        double patchLoss = 0, colourLoss = 0;
        for (int ti = 0; ti < terms.length; ti++) {
            Term t = terms[ti];
            int l = t.level();
            double v = term(t, lv[l], lw[l], lh[l], target.proj[ti], target.sorted[ti], lg == null ? null : lg[l], wrap);
            if (t.patch() == cfg.patch() && ti < cfg.levels()) patchLoss += v;
            else colourLoss += v;
        }
        if (lg != null)
            for (int l = levels - 1; l > 0; l--) upsampleAdd(lg[l], lw[l], lh[l], lg[l - 1], lw[l - 1]);
        return new Result(patchLoss + colourLoss, patchLoss, colourLoss);
    }

    /** Spreads the gradient of a 2x2-averaged level back onto the finer level. */
    private static void upsampleAdd(double[] g, int w, int h, double[] fine, int fw) {
        int fh = h * 2;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    double v = 0.25 * g[(c * h + y) * w + x];
                    int a = (c * fh + 2 * y) * fw + 2 * x;
                    fine[a] += v;
                    fine[a + 1] += v;
                    fine[a + fw] += v;
                    fine[a + fw + 1] += v;
                }
    }

    private double term(Term t, double[] img, int w, int h, double[] proj, double[][] sorted, double[] grad, boolean wrap) {
        int p = t.patch(), D = t.dim(), P = cfg.projections();
        int nx = wrap ? w : w - p + 1, ny = wrap ? h : h - p + 1, n = nx * ny, np = Patches.stride(n);
        if (nx <= 0 || ny <= 0) return 0; // a level smaller than a patch (only in a region that is not a torus)
        double[] Y = Patches.project(Patches.all(img, w, h, p, nx, ny), np, proj, P, D);
        long[] keys = new long[n];
        double sum = 0, scale = t.weight() / ((double) n * P);
        double[] dY = grad == null ? null : new double[P * np];
        for (int k = 0; k < P; k++) {
            double[] e = sorted[k];
            int m = e.length;
            for (int i = 0; i < n; i++) keys[i] = sortKey(Y[k * np + i], i);
            RadixSort.sortKeys(keys, n);
            for (int r = 0; r < n; r++) {
                int i = (int) keys[r];
                double diff = Y[k * np + i] - e[(int) ((r + 0.5) * m / n)];
                sum += diff * diff;
                if (dY != null) dY[k * np + i] = 2 * diff * scale;
            }
        }
        if (dY != null) Patches.addAll(Patches.gradient(dY, np, proj, P, D), grad, w, h, p, nx, ny);
        return sum * scale;
    }

    /** Orders by value (as float bits, order-preserving), then carries the index in the low 32 bits. */
    static long sortKey(double v, int i) {
        int b = Float.floatToRawIntBits((float) v);
        b ^= (b >> 31) & 0x7fffffff;
        return ((long) b << 32) | (i & 0xffffffffL);
    }
}
