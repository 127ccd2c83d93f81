package org.cellscape.backend.opencl;

import java.util.ArrayList;
import java.util.List;
import org.cellscape.CellscapeException;

/**
 * How one {@code advance} call cuts a tile into horizontal bands of full width that fit the device: either one
 * band (the whole tile on the device) or several, each with a halo of {@code steps} rows on both sides so that its
 * inner rows come out exactly as the whole tile's would (see docs/opencl-backend.md, "Streaming").
 *
 * <p>Rows are "unwrapped": on a torus tile a band may start above row 0 or end below the last row, and row r is
 * tile row floorMod(r, height). Bands are full width, so horizontal wrapping stays inside the band.
 */
record BandPlan(int width, int height, int channels, boolean torus, int steps, List<Band> bands) {
    /** Inner rows [start, end) are the band's result; the device holds window rows [windowStart, windowEnd). */
    record Band(int start, int end, int windowStart, int windowEnd) {
        int windowRows() {
            return windowEnd - windowStart;
        }
    }

    /** One band holding the whole tile: a torus then wraps vertically inside it as well. */
    boolean single() {
        return bands.size() == 1 && bands.get(0).windowStart == 0 && bands.get(0).windowEnd == height;
    }

    long rowBytes() {
        return (long) width * channels * Float.BYTES;
    }

    int maxWindowRows() {
        int m = 0;
        for (Band b : bands) m = Math.max(m, b.windowRows());
        return m;
    }

    /**
     * Plans the bands. One band when two tile-sized buffers fit ({@code maxAlloc} each, {@code budget} together)
     * and overlap is not wanted or the tile is under {@code bandBytes}; else bands of about {@code bandBytes}
     * (at most what four buffers in {@code budget} allow: two bands in flight, each ping-ponging two buffers).
     */
    static BandPlan plan(int width, int height, int channels, boolean torus, int steps,
                         long maxAlloc, long budget, long bandBytes, boolean overlap) {
        long row = (long) width * channels * Float.BYTES, tile = row * height;
        if (tile <= maxAlloc && 2 * tile <= budget && (!overlap || tile <= bandBytes))
            return new BandPlan(width, height, channels, torus, steps, List.of(new Band(0, height, 0, height)));
        long maxRows = Math.min(maxAlloc, budget / 4) / row;
        long innerMax = maxRows - 2L * steps;
        // Every band must be at least `steps` rows (see OpenClBackend: results are written back in place).
        long minInner = Math.max(2L * steps, 2);
        if (innerMax < minInner)
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "a band of " + (minInner + 2L * steps) + " rows of "
                    + width + " cells x " + channels + " channels (" + steps + " steps, halo " + steps
                    + ") does not fit the device's memory; use fewer steps per call or narrower tiles");
        long want = overlap ? Math.max(Math.max(16L * steps, 64), Math.ceilDiv(bandBytes, row)) : innerMax;
        long inner = Math.max(minInner, Math.min(want, innerMax));
        if (inner >= height && tile <= maxAlloc && 2 * tile <= budget)
            return new BandPlan(width, height, channels, torus, steps, List.of(new Band(0, height, 0, height)));
        int n = (int) Math.max(2, Math.ceilDiv(height, inner));
        if (height / n < steps || height / n < 1)
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT, "tile of " + height + " rows is too short to stream in bands for "
                    + steps + " steps; use fewer steps per call");
        List<Band> bands = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            int s = (int) ((long) j * height / n), e = (int) ((long) (j + 1) * height / n);
            int ws = torus ? s - steps : Math.max(0, s - steps), we = torus ? e + steps : Math.min(height, e + steps);
            bands.add(new Band(s, e, ws, we));
        }
        return new BandPlan(width, height, channels, torus, steps, List.copyOf(bands));
    }

    /**
     * The cells step {@code i} (0-based in the call) computes, in band-local coordinates {x0, y0, x1, y1}: the tile's
     * own region ({@link org.cellscape.engine.Backend#region}) intersected with the band window shrunk by i+1.
     */
    int[] region(Band b, int i) {
        int m = i + 1;
        int x0 = torus ? 0 : m, x1 = torus ? width : Math.max(m, width - m);
        if (torus && single()) return new int[]{x0, 0, x1, height};
        long lo = (long) b.windowStart + m, hi = (long) b.windowEnd - m;
        if (!torus) {
            lo = Math.max(lo, m);
            hi = Math.min(hi, Math.max(m, height - m));
        }
        if (hi < lo) hi = lo;
        return new int[]{x0, (int) (lo - b.windowStart), x1, (int) (hi - b.windowStart)};
    }
}
