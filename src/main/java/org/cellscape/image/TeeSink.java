package org.cellscape.image;

import java.io.IOException;

/** Several sinks fed the same rows: a render's image and its deep-zoom folder. Finished in order; all are closed. */
public final class TeeSink implements RasterSink {
    private final RasterSink[] sinks;

    public TeeSink(RasterSink... sinks) {
        this.sinks = sinks.clone();
    }

    @Override
    public void writeRows(short[] rgb, int rows) throws IOException {
        for (RasterSink s : sinks) s.writeRows(rgb, rows);
    }

    @Override
    public void finish() throws IOException {
        for (RasterSink s : sinks) s.finish();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (RasterSink s : sinks) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    /** Closes a sink after a failure that matters more. */
    public static void closeQuietly(RasterSink s) {
        try {
            s.close();
        } catch (IOException | RuntimeException ignored) {
            // the caller reports the original failure
        }
    }
}
