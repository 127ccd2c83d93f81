package org.cellscape.train;

import java.util.Arrays;

/**
 * The forward pass's hidden and (unclipped) update values of every firing cell, step by step and row by row, kept
 * so the backward pass reads them instead of computing them again: the same bits, a quarter less arithmetic per
 * step. Only firing cells are kept (about half of them), so a 64² rollout of 64 steps with 96 hidden units takes
 * about 60 MB. Reused by one thread from rollout to rollout; buffers grow to the largest step seen.
 */
final class Tape {
    /**
     * Above this many bytes per thread the trainer computes the values again instead (see {@link #bytesFor});
     * {@code -Dcellscape.train.tape=false} always does (to measure the difference).
     */
    static final long BUDGET = Boolean.parseBoolean(System.getProperty("cellscape.train.tape", "true")) ? 256L << 20 : -1;

    private final int hp, cp;
    private float[][] hid = new float[0][], upd = new float[0][];
    /** rowAt[s][y]: the first kept cell of row y in step s; rowAt[s][h] = the step's count. */
    private int[][] rowAt = new int[0][];
    private boolean[] kept = new boolean[0];

    Tape(int hp, int cp) {
        this.hp = hp;
        this.cp = cp;
    }

    boolean fits(int hp, int cp) {
        return this.hp == hp && this.cp == cp;
    }

    /** The bytes a rollout of {@code steps} steps on {@code cells} cells firing at {@code fireRate} needs, with 10 % to spare. */
    static long bytesFor(int steps, long cells, double fireRate, int hp, int cp) {
        return (long) (steps * cells * Math.min(1, fireRate * 1.1) * (hp + cp) * Float.BYTES);
    }

    /** Forgets the last rollout; makes room for {@code steps} steps of h rows. */
    void start(int steps, int h) {
        if (hid.length < steps) {
            hid = Arrays.copyOf(hid, steps);
            upd = Arrays.copyOf(upd, steps);
            rowAt = Arrays.copyOf(rowAt, steps);
        }
        kept = new boolean[steps];
        for (int s = 0; s < steps; s++) {
            if (hid[s] == null) {
                hid[s] = new float[0];
                upd[s] = new float[0];
            }
            if (rowAt[s] == null || rowAt[s].length != h + 1) rowAt[s] = new int[h + 1];
        }
    }

    /** Keeps row y of step s: n cells, hidden rowH[0 .. n*hp) and update rowU[0 .. n*cp). Rows come in order. */
    void save(int s, int y, float[] rowH, float[] rowU, int n) {
        if (s >= kept.length) return; // a step outside a started rollout (FastNca.step called on its own)
        int at = rowAt[s][y]; // rowAt[s][0] is always 0
        int end = at + n;
        if (hid[s].length < end * hp) {
            int cap = Math.max(end, at + (at >> 1) + 64);
            hid[s] = Arrays.copyOf(hid[s], cap * hp);
            upd[s] = Arrays.copyOf(upd[s], cap * cp);
        }
        System.arraycopy(rowH, 0, hid[s], at * hp, n * hp);
        System.arraycopy(rowU, 0, upd[s], at * cp, n * cp);
        rowAt[s][y + 1] = end;
        if (y == rowAt[s].length - 2) kept[s] = true;
    }

    /** Whether every row of step s was kept in this rollout. */
    boolean has(int s) {
        return s < kept.length && kept[s];
    }

    /** Row y of step s back into rowH and rowU (n cells, as saved). */
    void load(int s, int y, float[] rowH, float[] rowU, int n) {
        int at = rowAt[s][y];
        if (rowAt[s][y + 1] - at != n) throw new IllegalStateException("tape: step " + s + " row " + y + " kept " + (rowAt[s][y + 1] - at) + " cells, not " + n);
        System.arraycopy(hid[s], at * hp, rowH, 0, n * hp);
        System.arraycopy(upd[s], at * cp, rowU, 0, n * cp);
    }
}
