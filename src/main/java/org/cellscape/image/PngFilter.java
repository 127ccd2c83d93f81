package org.cellscape.image;

/**
 * PNG row filtering (filter method 0). Each row is tried with all five filters and the one whose output has the
 * smallest sum of absolute values (bytes read as signed) is kept: the heuristic the PNG specification suggests,
 * and the one libpng uses. For smooth renders this usually picks Paeth, Up or Average, which deflate far better
 * than raw samples.
 */
final class PngFilter {
    static final int NONE = 0, SUB = 1, UP = 2, AVERAGE = 3, PAETH = 4;

    private final int bpp;
    private final byte[][] trial;

    /** @param bpp bytes per complete pixel (6 for 16-bit RGB, 3 for 8-bit) */
    PngFilter(int bpp, int rowBytes) {
        this.bpp = bpp;
        this.trial = new byte[5][rowBytes];
    }

    /**
     * Filters {@code row} (raw bytes) given the previous raw row ({@code prev}, all zeros for the first row) and
     * writes the filter type byte followed by the filtered bytes to {@code out[off..]}.
     *
     * @param adaptive false forces filter None (only used to measure what filtering gains)
     */
    void filter(byte[] row, byte[] prev, byte[] out, int off, boolean adaptive) {
        int n = row.length;
        if (!adaptive) {
            out[off] = NONE;
            System.arraycopy(row, 0, out, off + 1, n);
            return;
        }
        byte[] none = trial[NONE], sub = trial[SUB], up = trial[UP], avg = trial[AVERAGE], paeth = trial[PAETH];
        long sNone = 0, sSub = 0, sUp = 0, sAvg = 0, sPaeth = 0;
        for (int i = 0; i < n; i++) {
            int x = row[i] & 0xFF;
            int a = i >= bpp ? row[i - bpp] & 0xFF : 0;
            int b = prev[i] & 0xFF;
            int c = i >= bpp ? prev[i - bpp] & 0xFF : 0;
            byte fNone = (byte) x, fSub = (byte) (x - a), fUp = (byte) (x - b);
            byte fAvg = (byte) (x - ((a + b) >>> 1)), fPaeth = (byte) (x - paeth(a, b, c));
            none[i] = fNone;
            sub[i] = fSub;
            up[i] = fUp;
            avg[i] = fAvg;
            paeth[i] = fPaeth;
            sNone += Math.abs(fNone);
            sSub += Math.abs(fSub);
            sUp += Math.abs(fUp);
            sAvg += Math.abs(fAvg);
            sPaeth += Math.abs(fPaeth);
        }
        long[] sums = {sNone, sSub, sUp, sAvg, sPaeth};
        int best = NONE;
        for (int f = 1; f < 5; f++) if (sums[f] < sums[best]) best = f;
        out[off] = (byte) best;
        System.arraycopy(trial[best], 0, out, off + 1, n);
    }

    /** The Paeth predictor: whichever of left, up, upper-left is closest to left + up - upper-left. */
    static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }
}
