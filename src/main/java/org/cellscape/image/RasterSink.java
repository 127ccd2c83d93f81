package org.cellscape.image;

import java.io.IOException;

/**
 * Where finished pixels go. The renderer hands rows strictly top to bottom, in bands of any height, with no gaps
 * (libvips' disc-sink contract); a sink only encodes. Samples are 16-bit RGB, interleaved, unsigned values stored
 * in Java shorts (0..65535 as (short) v).
 *
 * <p>Life cycle: open (writes to NAME.partial), {@link #writeRows} until every row was given, {@link #finish}
 * (flushes and renames to the final name), {@link #close}. Closing an unfinished sink deletes the partial file,
 * so nothing half-written ever appears under the final name.
 */
public interface RasterSink extends AutoCloseable {
    /**
     * Appends {@code rows} rows. {@code rgb} holds rows * width * 3 samples, row-major, RGB interleaved.
     * The sink may keep no reference to the array after returning.
     */
    void writeRows(short[] rgb, int rows) throws IOException;

    /** Finishes the file and moves it to its final name. Fails if fewer rows than the height were written. */
    void finish() throws IOException;

    /** Releases resources; deletes the partial file unless {@link #finish} completed. */
    @Override
    void close() throws IOException;
}
