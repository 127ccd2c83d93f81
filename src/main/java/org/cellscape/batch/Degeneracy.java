package org.cellscape.batch;

import java.util.Locale;
import org.cellscape.engine.Backend;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.ControlMap;
import org.cellscape.engine.Look;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.preset.ResolvedPreset;

/**
 * Spots renders not worth finishing, from the coarse levels only (rendered in memory, a small fraction of the
 * work): the pattern died out to one flat colour, or blew up (NaN, Inf, runaway values), or is nearly all
 * saturated colour. The full-size level is never computed here.
 */
public final class Degeneracy {
    /** Spatial standard deviation of every colour channel (0..1 units) below this is "flat": under 1/2 of an 8-bit step. */
    public static final double FLAT_STD = 0.5 / 255;
    /** |state| beyond this, in any channel, is a runaway: trained models stay within a few units. */
    public static final double RUNAWAY = 1e4;
    /** This share of colour samples at 0 or 1 (clamped) or more is "saturated". */
    public static final double SATURATED = 0.97;
    /** Default cell budget for the check: levels whose canvas has more cells are not rendered. */
    public static final long DEFAULT_BUDGET = 512 * 512;

    public enum Kind { OK, DEAD, EXPLODED, SATURATED, UNCHECKED }

    /**
     * Measurements of one state.
     *
     * @param nonFinite  NaN or infinite values in any channel
     * @param maxAbs     largest finite |value| over all channels
     * @param std        spatial standard deviation of each colour channel, in 0..1 colour units
     * @param saturated  share of colour samples clamped to 0 or 1
     */
    public record Stats(long cells, long nonFinite, double maxAbs, double[] std, double saturated) {
        public double maxStd() {
            double m = 0;
            for (double s : std) m = Math.max(m, s);
            return m;
        }
    }

    /** The outcome, the level it was judged on and its canvas size. */
    public record Verdict(Kind kind, int level, long width, long height, Stats stats, String message) {
        public boolean degenerate() {
            return kind == Kind.DEAD || kind == Kind.EXPLODED || kind == Kind.SATURATED;
        }
    }

    private Degeneracy() {}

    public static Stats measure(Tile t, ColourMap cm) {
        float[] d = t.data();
        int C = t.channels();
        long cells = (long) t.width() * t.height(), nonFinite = 0, sat = 0;
        double maxAbs = 0;
        double[] sum = new double[3], sq = new double[3];
        for (int i = 0; i < d.length; i += C) {
            for (int c = 0; c < C; c++) {
                float v = d[i + c];
                if (!Float.isFinite(v)) nonFinite++;
                else if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
            }
            for (int c = 0; c < 3; c++) {
                float u = cm.unit(d[i + c]);
                if (u <= 0f || u >= 1f) sat++;
                sum[c] += u;
                sq[c] += (double) u * u;
            }
        }
        double[] std = new double[3];
        for (int c = 0; c < 3; c++) {
            double mean = sum[c] / cells;
            std[c] = Math.sqrt(Math.max(0, sq[c] / cells - mean * mean));
        }
        return new Stats(cells, nonFinite, maxAbs, std, sat / (3.0 * cells));
    }

    public static Verdict judge(Stats s, int level, long w, long h) {
        String at = " at level " + level + " (" + w + "x" + h + ")";
        if (s.nonFinite() > 0)
            return new Verdict(Kind.EXPLODED, level, w, h, s, "exploded: " + s.nonFinite() + " NaN or infinite values" + at);
        if (s.maxAbs() > RUNAWAY)
            return new Verdict(Kind.EXPLODED, level, w, h, s, String.format(Locale.ROOT, "exploded: values reach %.3g%s", s.maxAbs(), at));
        if (s.maxStd() < FLAT_STD)
            return new Verdict(Kind.DEAD, level, w, h, s, String.format(Locale.ROOT, "dead: flat colour (std %.2g)%s", s.maxStd(), at));
        if (s.saturated() >= SATURATED)
            return new Verdict(Kind.SATURATED, level, w, h, s, String.format(Locale.ROOT, "saturated: %.1f%% of colour samples clipped%s", 100 * s.saturated(), at));
        return new Verdict(Kind.OK, level, w, h, s, String.format(Locale.ROOT, "ok: colour std %.3f, %.1f%% clipped%s", s.maxStd(), 100 * s.saturated(), at));
    }

    /** The check for a resolved preset: its model, fitted schedule, seed, fire rate and colours. */
    public static Verdict check(ResolvedPreset p, Backend backend, long budget) {
        NcaModel m = ModelIO.read(p.model());
        Look look = p.look(m);
        ControlMap control = ControlMap.of(p.control(), m, p.model());
        return check(m, p.fittedSchedule(), look.context(p.seed()), look.colours(), control, backend, budget);
    }

    /**
     * Renders the coarse levels of {@code fitted} in memory and judges each. A seed larger than the budget is
     * checked on a window of it (the dynamics are local, so a window behaves like the whole); levels whose canvas
     * exceeds the budget, and the final level, are not rendered. A control map (null = none) is resampled to the
     * levels as rendered (a window of the seed takes the whole map).
     */
    public static Verdict check(NcaModel model, Schedule fitted, StepContext ctx, ColourMap cm, Backend backend, long budget) {
        return check(model, fitted, ctx, cm, null, backend, budget);
    }

    public static Verdict check(NcaModel model, Schedule fitted, StepContext ctx, ColourMap cm, ControlMap control, Backend backend, long budget) {
        int last = fitted.levelCount() - 1;
        if (last == 0) return new Verdict(Kind.UNCHECKED, 0, fitted.seedWidth(), fitted.seedHeight(), null, "not checked: the schedule has no coarse level");
        int side = (int) Math.max(8, Math.sqrt(budget));
        Schedule s = fitted.withSeedSize(Math.min(fitted.seedWidth(), side), Math.min(fitted.seedHeight(), side));
        int to = 0;
        while (to + 1 < last && s.width(to + 1) * s.height(to + 1) <= budget) to++;
        Verdict[] v = {null};
        new Renderer(model, s, ctx, backend, RenderListener.NONE, control).run(null, 0, to, new Renderer.Visitor() {
            @Override
            public boolean done(int level, Tile t) {
                v[0] = judge(measure(t, cm), level, t.width(), t.height());
                return v[0].kind() != Kind.EXPLODED; // no later level recovers from NaN
            }
        });
        return v[0];
    }
}
