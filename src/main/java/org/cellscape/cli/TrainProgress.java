package org.cellscape.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.cellscape.train.Trainer;

/** A progress bar with ETA on a terminal; a plain line every ~10 s otherwise. */
final class TrainProgress {
    final PrintWriter err;
    final int total;
    final boolean tty;
    final long start = System.nanoTime();
    long lastPrint;
    int done;

    TrainProgress(PrintWriter err, int total, boolean tty) {
        this.err = err;
        this.total = total;
        this.tty = tty;
    }

    void update(Trainer.Metrics m) {
        done = m.iteration() + 1;
        long now = System.nanoTime();
        if (!tty && now - lastPrint < 10_000_000_000L && done != total) return;
        if (tty && now - lastPrint < 200_000_000L && done != total) return;
        lastPrint = now;
        double el = (now - start) / 1e9;
        // rate over this session's iterations (a resumed run starts part-way)
        int sessionDone = Math.max(1, done - firstDone(m));
        double eta = el / sessionDone * (total - done);
        String line = String.format(Locale.ROOT, "iteration %d/%d  loss %.5f  %.2f s/it  ETA %s", done, total, m.loss(), el / sessionDone, time(eta));
        if (tty) {
            int w = 30, f = (int) Math.round(w * done / (double) total);
            err.print("\r[" + "#".repeat(f) + ".".repeat(w - f) + "] " + line + "   ");
        } else {
            err.println("cellscape: train " + line);
        }
        err.flush();
    }

    private int first = -1;

    private int firstDone(Trainer.Metrics m) {
        if (first < 0) first = m.iteration();
        return first;
    }

    void done() {
        if (tty) err.println();
    }

    static String time(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format("%dh%02dm", t / 3600, t / 60 % 60) : String.format("%dm%02ds", t / 60, t % 60);
    }
}
