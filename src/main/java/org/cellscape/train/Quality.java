package org.cellscape.train;

import java.util.SplittableRandom;
import org.cellscape.engine.Backend;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.Backends;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;

/**
 * How well a model makes its texture: the patch loss of the model's render (from zeros, as Cellscape renders it)
 * against the exemplar, next to the same loss for an untrained model (the ceiling) and for a crop of the exemplar
 * itself (the floor: sampling noise of the loss). Lower is better; a good model sits near the crop.
 */
public final class Quality {
    /** Side of the render the structure measure judges. */
    static final int STRUCTURE_SIZE = 128;

    private Quality() {}

    /** Where a model's patch loss sits between an untrained model's (0) and an exemplar crop's (1). */
    public static double score(double model, double untrained, double exemplarCrop) {
        return (untrained - model) / Math.max(1e-12, untrained - exemplarCrop);
    }

    /**
     * The patch-loss figures, and beside them the independent {@link StructureMeasure} distances (never a training
     * loss) of the model's render, an untrained model's and an exemplar crop, each against the exemplar.
     */
    public record Report(double model, double untrained, double exemplarCrop, int size, int steps,
                         StructureMeasure.Distance structureModel, StructureMeasure.Distance structureUntrained,
                         StructureMeasure.Distance structureCrop, int structureSize) {
        /** Where the model sits between untrained (0) and the exemplar itself (1). */
        public double score() {
            return Quality.score(model, untrained, exemplarCrop);
        }

        public String describe() {
            return String.format(java.util.Locale.ROOT, "quality (patch loss of a %dx%d render after %d steps; lower is better): model %.5f, untrained %.5f, exemplar crop %.5f; score %.2f (0 = untrained, 1 = as good as the exemplar)%n"
                            + "structure (independent measure of a %dx%d render; lower is better): model %.3f, untrained %.3f, exemplar crop %.3f",
                    size, size, steps, model, untrained, exemplarCrop, score(), structureSize, structureSize,
                    structureModel.total(), structureUntrained.total(), structureCrop.total());
        }

        /** The structure figures in one line, for the model's metadata. */
        public String structureSummary() {
            return String.format(java.util.Locale.ROOT, "model %.4f, untrained %.4f, exemplar crop %.4f (%dx%d render; %s)", structureModel.total(),
                    structureUntrained.total(), structureCrop.total(), structureSize, structureSize, structureModel.describe());
        }
    }

    /**
     * Renders the model from zeros on a size x size torus with the engine's fire masks (seed) for steps steps.
     * Uses the best automatic backend; where that is only the scalar reference, uses the trainer's vectorised
     * forward pass, which computes the same bits (see FastNcaTest).
     */
    public static float[] render(NcaModel m, int size, int steps, long seed) {
        return render(m, size, steps, seed, null);
    }

    /** As {@link #render(NcaModel, int, int, long)} with control inputs ({@code ctl[(y*size+x)*R+r]}; the trainer's forward). */
    public static float[] render(NcaModel m, int size, int steps, long seed, float[] ctl) {
        return render(m, size, steps, seed, ctl, 0);
    }

    /** As {@link #render(NcaModel, int, int, long, float[])} from the renderer's seeded noise of {@code noise} (0: zeros). */
    public static float[] render(NcaModel m, int size, int steps, long seed, float[] ctl, float noise) {
        StepContext ctx = new StepContext(seed, m.fireRate());
        if (ctl == null) try (Backend b = Backends.create("auto", BackendOptions.DEFAULT, null)) {
            if (!(b instanceof ReferenceBackend)) {
                Tile t = Tile.canvas(size, size, m.channels());
                if (noise > 0) Renderer.fillNoise(t, noise, seed);
                for (int done = 0; done < steps; done += 64) b.advance(t, m, ctx, 0, done, Math.min(64, steps - done));
                return t.data();
            }
        }
        FastNca f = new FastNca(m, NcaParams.of(m));
        FastNca.Work wk = f.work();
        Tile init = Tile.canvas(size, size, m.channels());
        if (noise > 0) Renderer.fillNoise(init, noise, seed);
        float[] a = init.data(), c = new float[a.length];
        FireMask mask = FireMask.renderer(ctx, 0, steps);
        for (int s = 0; s < steps; s++) {
            f.step(a, c, size, size, ctl, mask, s, wk);
            float[] t = a; a = c; c = t;
        }
        return a;
    }

    /** Planar RGB of a state, through the model's colour mapping (unclamped, as the loss sees it in training). */
    public static double[] colours(float[] state, int size, NcaModel m, boolean clamp) {
        int n = size * size, C = m.channels();
        double[] img = new double[3 * n];
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < n; p++) {
                double v = state[p * C + c] * m.colourScale() + m.colourOffset();
                img[c * n + p] = clamp ? Math.max(0, Math.min(1, v)) : v;
            }
        return img;
    }

    /** The patch loss of an image, averaged over a few fixed sets of projections. */
    static double loss(PatchLoss pl, double[] img, int w, int h, boolean wrap, long seed) {
        double s = 0;
        int draws = 4;
        for (int d = 0; d < draws; d++) {
            PatchLoss.Target t = pl.target(new SplittableRandom(seed + d));
            s += wrap ? pl.loss(img, w, h, t, null).total() : pl.lossNoWrap(img, w, h, t).total();
        }
        return s / draws;
    }

    /** One-hot control inputs of rule {@code rule} over a size x size grid (null for rule -1: no controls). */
    public static float[] oneHot(NcaModel m, int size, int rule) {
        if (rule < 0) return null;
        int R = m.extraInputs();
        float[] ctl = new float[size * size * R];
        for (int i = 0; i < size * size; i++) ctl[i * R + rule] = 1f;
        return ctl;
    }

    public static Report measure(NcaModel m, Exemplar ex, PatchLoss.Config cfg, int size, int steps, long seed) {
        return measure(m, ex, cfg, size, steps, seed, -1, 0);
    }

    /**
     * The report of one rule of a multi-rule model (its one-hot control everywhere) against that rule's exemplar
     * (-1: no rule), every render grown from seeded noise of amplitude {@code noise} (0: zeros), as in training.
     */
    public static Report measure(NcaModel m, Exemplar ex, PatchLoss.Config cfg, int size, int steps, long seed, int rule, float noise) {
        PatchLoss pl = new PatchLoss(new PatchLoss.Config(cfg.levels(), cfg.patch(), 64, cfg.colourWeight(), 4096), ex.rgb(), ex.width(), ex.height());
        double model = loss(pl, colours(render(m, size, steps, seed, oneHot(m, size, rule), noise), size, m, true), size, size, true, seed);
        NcaModel blank = NcaParams.initial(m.channels(), m.hidden(), m.kernelCount(), m.extraInputs(), seed).toModel(m);
        double untrained = loss(pl, colours(render(blank, size, steps, seed, oneHot(m, size, rule), noise), size, m, true), size, size, true, seed);
        int cw = Math.min(size, ex.width()), ch = Math.min(size, ex.height());
        SplittableRandom r = new SplittableRandom(seed);
        double[] crop = ex.crop(r.nextInt(ex.width() - cw + 1), r.nextInt(ex.height() - ch + 1), cw, ch);
        double floor = loss(pl, crop, cw, ch, false, seed);
        // the independent measure, on a larger render so structures tens of pixels across are seen whole
        int ss = STRUCTURE_SIZE;
        StructureMeasure.Profile target = StructureMeasure.profile(ex.rgb(), ex.width(), ex.height());
        StructureMeasure.Distance sm = StructureMeasure.distance(target, StructureMeasure.profile(colours(render(m, ss, steps, seed, oneHot(m, ss, rule), noise), ss, m, true), ss, ss));
        StructureMeasure.Distance su = StructureMeasure.distance(target, StructureMeasure.profile(colours(render(blank, ss, steps, seed, oneHot(m, ss, rule), noise), ss, m, true), ss, ss));
        int sw = Math.min(ss, ex.width() * 3 / 4), sh = Math.min(ss, ex.height() * 3 / 4); // a crop, never the exemplar itself
        StructureMeasure.Distance sc = sw >= 16 && sh >= 16
                ? StructureMeasure.distance(target, StructureMeasure.profile(ex.crop((ex.width() - sw) / 3, (ex.height() - sh) / 3, sw, sh), sw, sh))
                : new StructureMeasure.Distance(0, 0, 0);
        return new Report(model, untrained, floor, size, steps, sm, su, sc, ss);
    }
}
