package org.cellscape.render;

import java.util.ArrayList;
import java.util.List;
import org.cellscape.canvas.CellGrid;
import org.cellscape.canvas.Layout;
import org.cellscape.engine.Schedule;

/**
 * The passes of a render. A level of S steps runs ceil(S / passSteps) passes (at least one), the steps shared as
 * evenly as possible, larger first. The first pass of a level upsamples (or seeds) as it loads; the last pass of the
 * last level writes pixels instead of state, and covers only the output crop.
 */
public final class PassPlan {
    /**
     * One pass: steps [firstStep, firstStep + steps) of a level over a grid.
     *
     * @param index        position in the render (0-based); pass i writes scratch store i % 2
     */
    public record Pass(int index, int level, int firstStep, int steps, boolean firstOfLevel, boolean last, CellGrid grid) {
        /** Useful work: region cells x steps, plus one step's worth per cell for loading and storing. */
        public long work() {
            return grid.regionWidth() * grid.regionHeight() * (steps + 1L);
        }
    }

    private final Schedule schedule;
    private final Layout layout;
    private final List<Pass> passes;
    private final long outWidth, outHeight;

    public PassPlan(Schedule schedule, long outWidth, long outHeight, int channels, Layout layout) {
        if (!schedule.hasSeedSize()) throw new IllegalArgumentException("schedule has no seed size; fit it first");
        if (outWidth > schedule.finalWidth() || outHeight > schedule.finalHeight())
            throw new IllegalArgumentException("output " + outWidth + "x" + outHeight + " is larger than the canvas " + schedule.finalWidth() + "x" + schedule.finalHeight());
        this.schedule = schedule;
        this.layout = layout;
        this.outWidth = outWidth;
        this.outHeight = outHeight;
        List<Pass> list = new ArrayList<>();
        int last = schedule.levelCount() - 1;
        for (int level = 0; level <= last; level++) {
            long w = schedule.width(level), h = schedule.height(level);
            int[] split = split(schedule.steps(level), layout.passSteps());
            int first = 0;
            for (int i = 0; i < split.length; i++) {
                boolean isLast = level == last && i == split.length - 1;
                CellGrid grid = layout.untiled(w, h, channels) ? CellGrid.untiled(w, h)
                        : CellGrid.tiled(w, h, isLast ? outWidth : w, isLast ? outHeight : h, layout.tile(), split[i]);
                list.add(new Pass(list.size(), level, first, split[i], i == 0, isLast, grid));
                first += split[i];
            }
        }
        this.passes = List.copyOf(list);
    }

    /** Steps of each pass of a level: ceil(steps / max) passes, as equal as possible, larger first. */
    public static int[] split(int steps, int max) {
        int n = Math.max(1, Math.ceilDiv(steps, max));
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = steps / n + (i < steps % n ? 1 : 0);
        return r;
    }

    public List<Pass> passes() { return passes; }
    public Schedule schedule() { return schedule; }
    public Layout layout() { return layout; }
    public long outWidth() { return outWidth; }
    public long outHeight() { return outHeight; }

    public long totalWork() {
        long w = 0;
        for (Pass p : passes) w += p.work();
        return w;
    }

    /** Work of the passes before {@code pass} plus its first {@code tiles} tiles. */
    public long workBefore(int pass, int tiles) {
        long w = 0;
        for (int i = 0; i < pass; i++) w += passes.get(i).work();
        if (pass < passes.size()) {
            Pass p = passes.get(pass);
            for (int t = 0; t < tiles; t++) w += p.grid().core(t).cells() * (p.steps() + 1L);
        }
        return w;
    }
}
