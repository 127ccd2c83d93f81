package org.cellscape.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellscape.CellscapeException;
import org.cellscape.TerminalText;

/**
 * The scale schedule: a seed grid and the levels that grow it. Level 0 is the seed; level n (n &ge; 1) upsamples
 * level n-1 by its factor and then runs its steps. Written compactly as
 * <pre>
 *   SEED, LEVEL, LEVEL, ...
 *   SEED  = [WxH | N | auto] : INIT : STEPS       INIT = zeros | noise | noise(AMPLITUDE)
 *   LEVEL = xF [: nearest | bilinear] : STEPS     (bilinear when omitted)
 * </pre>
 * e.g. {@code "128:zeros:200, x2:bilinear:40, x2:40"}. With {@code auto} (or no size) the seed size is derived
 * from the final size. See docs/schedules.md.
 */
public record Schedule(int seedWidth, int seedHeight, Init init, float noiseAmplitude, int seedSteps, List<Level> levels) {
    public enum Init { ZEROS, NOISE }

    /** Most steps of one level, for schedule text and presets alike (more is surely a typo, and plans print every step). */
    public static final int MAX_STEPS = 1_000_000;

    public record Level(int factor, Upsample.Mode mode, int steps) {
        public Level {
            if (factor < 1 || factor > 16) throw CellscapeException.invalid("upsample factor must be 1..16, got " + factor);
            checkSteps(steps);
        }

        @Override
        public String toString() {
            return "x" + factor + ":" + mode.id() + ":" + steps;
        }
    }

    public Schedule {
        levels = List.copyOf(levels);
        checkSteps(seedSteps);
        if (seedWidth < 0 || seedHeight < 0) throw CellscapeException.invalid("seed size must be positive");
        if (!(noiseAmplitude >= 0 && noiseAmplitude <= MAX_NOISE))
            throw CellscapeException.invalid("noise amplitude must be 0.." + (int) MAX_NOISE + ", got " + amplitudeText(noiseAmplitude));
    }

    /** Largest seed-noise amplitude: trained states live within a few units, so more is a typo. */
    public static final float MAX_NOISE = 100;

    /** An amplitude as schedule text reads it back: plain decimals, never an exponent (1.0E-4 would not parse). */
    static String amplitudeText(float a) {
        return Float.isFinite(a) ? new java.math.BigDecimal(Float.toString(a)).stripTrailingZeros().toPlainString() : Float.toString(a);
    }

    private static final Pattern NOISE = Pattern.compile("noise(?:\\((\\d*\\.?\\d+)\\))?");
    private static final Pattern FACTOR = Pattern.compile("x(\\d+)");

    public static Schedule parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*");
        if (parts.length == 0 || parts[0].isEmpty()) throw CellscapeException.invalid("empty schedule");
        String[] seed = parts[0].split("\\s*:\\s*");
        int w = 0, h = 0, i = 0;
        if (seed.length == 3) {
            if (!seed[0].equals("auto")) {
                Size z;
                try {
                    z = Size.parse(seed[0], Integer.MAX_VALUE);
                } catch (CellscapeException e) {
                    throw CellscapeException.invalid("seed size " + e.getMessage() + " (or auto)");
                }
                w = (int) z.width();
                h = (int) z.height();
            }
            i = 1;
        } else if (seed.length != 2) {
            throw CellscapeException.invalid("seed '" + TerminalText.escape(parts[0]) + "' must be SIZE:INIT:STEPS (e.g. 128:zeros:200)");
        }
        Init init;
        float amp = 0;
        Matcher nm = NOISE.matcher(seed[i]);
        if (seed[i].equals("zeros") || seed[i].equals("zero")) init = Init.ZEROS;
        else if (nm.matches()) {
            init = Init.NOISE;
            amp = nm.group(1) == null ? 0.5f : Float.parseFloat(nm.group(1));
        } else throw CellscapeException.invalid("seed init '" + TerminalText.escape(seed[i]) + "' must be zeros, noise or noise(AMPLITUDE)");
        int steps = parseInt(seed[i + 1], "seed steps");
        List<Level> levels = new ArrayList<>();
        for (int p = 1; p < parts.length; p++) levels.add(level(parts[p]));
        return new Schedule(w, h, init, amp, steps, levels);
    }

    /** Levels alone, "LEVEL, LEVEL, ..." (no seed); empty text is no level. */
    public static List<Level> parseLevels(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        List<Level> levels = new ArrayList<>();
        if (t.isEmpty()) return levels;
        for (String part : t.split("\\s*,\\s*", -1)) levels.add(level(part));
        return levels;
    }

    private static Level level(String part) {
        String[] f = part.split("\\s*:\\s*");
        Matcher fm = f.length >= 2 ? FACTOR.matcher(f[0]) : null;
        if (fm == null || !fm.matches() || f.length > 3)
            throw CellscapeException.invalid("level '" + TerminalText.escape(part) + "' must be xF:STEPS or xF:MODE:STEPS (e.g. x2:bilinear:40)");
        Upsample.Mode mode = f.length == 3 ? Upsample.Mode.parse(f[1]) : Upsample.Mode.BILINEAR;
        return new Level(parseInt(fm.group(1), "factor"), mode, parseInt(f[f.length - 1], "steps"));
    }

    private static void checkSteps(int steps) {
        if (steps < 0 || steps > MAX_STEPS) throw CellscapeException.invalid("steps must be 0.." + MAX_STEPS + ", got " + steps);
    }

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw CellscapeException.invalid(what + " '" + TerminalText.escape(s) + "' is not a whole number");
        }
    }

    public boolean hasSeedSize() {
        return seedWidth > 0;
    }

    /** Product of all upsample factors. */
    public long totalFactor() {
        long f = 1;
        for (Level l : levels) f *= l.factor();
        return f;
    }

    public int levelCount() {
        return levels.size() + 1;
    }

    /** Steps run at level n (0 = seed). */
    public int steps(int level) {
        return level == 0 ? seedSteps : levels.get(level - 1).steps();
    }

    /** Canvas width at level n. */
    public long width(int level) {
        long w = seedWidth;
        for (int i = 0; i < level; i++) w *= levels.get(i).factor();
        return w;
    }

    public long height(int level) {
        long h = seedHeight;
        for (int i = 0; i < level; i++) h *= levels.get(i).factor();
        return h;
    }

    public long finalWidth() { return width(levels.size()); }
    public long finalHeight() { return height(levels.size()); }

    /** Cell updates of the whole render (cells x steps, summed over levels). */
    public long cellUpdates() {
        long n = 0;
        for (int l = 0; l < levelCount(); l++) n += width(l) * height(l) * steps(l);
        return n;
    }

    public Schedule withSeedSize(int w, int h) {
        return new Schedule(w, h, init, noiseAmplitude, seedSteps, levels);
    }

    /**
     * Fits the schedule to a requested final size: the seed becomes ceil(size / totalFactor) per axis, so the canvas
     * covers the request by less than one seed cell and the output is its top-left crop. A schedule that names its
     * own seed size must produce exactly that canvas, else the message says what would fit.
     */
    public Schedule fitTo(long width, long height) {
        long f = totalFactor();
        long sw = Math.ceilDiv(width, f), sh = Math.ceilDiv(height, f);
        if (hasSeedSize() && (sw != seedWidth || sh != seedHeight))
            throw CellscapeException.invalid("the schedule grows a " + seedWidth + "x" + seedHeight + " seed to "
                    + finalWidth() + "x" + finalHeight() + ", not " + width + "x" + height + "; use seed size "
                    + sw + "x" + sh + " or 'auto' (total upsample factor " + f + ")");
        if (sw > Integer.MAX_VALUE || sh > Integer.MAX_VALUE) throw CellscapeException.invalid("size too large");
        return withSeedSize((int) sw, (int) sh);
    }

    /**
     * Fitted to {@code width x height} keeping the composition this schedule has at {@code w0 x h0} (a preset's own
     * size): the seed stays the one {@code w0 x h0} gives, and levels are dropped from the end, or x2 levels with the
     * last level's steps added, until the canvas is the nearest to the requested size (by scale). When that canvas
     * covers the request, the image is its top-left crop: exactly that level of the {@code w0 x h0} render. When it
     * does not (another aspect ratio), the seed is fitted to the request at that depth. See docs/schedules.md.
     */
    public Schedule keepingComposition(long w0, long h0, long width, long height) {
        Schedule base = fitTo(w0, h0);
        double want = Math.log(totalFactor() * Math.max((double) width / w0, (double) height / h0));
        List<Level> all = new ArrayList<>(levels);
        int extraSteps = levels.isEmpty() ? seedSteps : levels.getLast().steps();
        while (all.size() < levels.size() + 16) all.add(new Level(2, Upsample.Mode.BILINEAR, extraSteps));
        int best = 0;
        double f = 1, bestD = Math.abs(want);
        for (int n = 1; n <= all.size(); n++) {
            f *= all.get(n - 1).factor();
            double d = Math.abs(Math.log(f) - want);
            if (d <= bestD + 1e-9) {
                best = n;
                bestD = d;
            }
        }
        Schedule s = new Schedule(base.seedWidth, base.seedHeight, init, noiseAmplitude, seedSteps, all.subList(0, best));
        if (s.finalWidth() >= width && s.finalHeight() >= height) return s;
        return s.withSeedSize(0, 0).fitTo(width, height);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(hasSeedSize() ? seedWidth + "x" + seedHeight : "auto").append(':')
                .append(init == Init.ZEROS ? "zeros" : (noiseAmplitude == 0.5f ? "noise" : "noise(" + amplitudeText(noiseAmplitude) + ")"))
                .append(':').append(seedSteps);
        for (Level l : levels) b.append(", ").append(l);
        return b.toString();
    }
}
