package org.cellscape.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32C;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.CellGrid;
import org.cellscape.canvas.Precision;
import org.cellscape.canvas.RgbCache;
import org.cellscape.canvas.ScratchFolder;
import org.cellscape.canvas.StateStore;
import org.cellscape.engine.Npy;
import org.cellscape.engine.Tile;
import org.cellscape.image.RasterSink;
import org.cellscape.render.PhaseTimes.Phase;

/**
 * Where the last pass's tiles go: their colours into the RGB cache, from which each finished row band streams to
 * the image sink in order; their float32 state into the state-out file, if asked for. Tiles come in row-major
 * order, so a band is complete when the last tile of its row is written.
 */
final class FinalPass implements TiledRenderer.PassOutput {
    private final RenderJob job;
    private final ScratchFolder scratch;
    private final TiledRenderer.Output output;
    private final PassListener listener;
    private final CellGrid grid;
    /** The pass's tile CRCs, filled by the renderer from {@link #write}'s results: each band is checked before it is encoded. */
    private final int[] crcs;
    private final PhaseTimes times;
    private RgbCache rgb;
    private StateStore stateOut;
    private RasterSink sink;

    FinalPass(RenderJob job, ScratchFolder scratch, TiledRenderer.Output output, PassListener listener, CellGrid grid, int[] crcs,
              PhaseTimes times) {
        this.times = times;
        this.job = job;
        this.scratch = scratch;
        this.output = output;
        this.listener = listener;
        this.grid = grid;
        this.crcs = crcs;
    }

    static Path partialOf(Path p) {
        return p.resolveSibling(p.getFileName() + ".partial");
    }

    @Override
    public int open(int startTile, int[] crcs) throws IOException {
        Path stateOutPartial = job.settings().stateOut() == null ? null : partialOf(job.settings().stateOut());
        boolean lost = !Files.exists(scratch.rgb()) || (stateOutPartial != null && !Files.exists(stateOutPartial));
        if (lost && startTile > 0) {
            listener.notice("the final pass's earlier tiles are not in the scratch folder; redoing that pass");
            startTile = 0;
        }
        rgb = RgbCache.open(scratch.rgb(), job.outWidth(), job.outHeight());
        if (stateOutPartial != null)
            stateOut = StateStore.openWritable(stateOutPartial, job.outWidth(), job.outHeight(), job.channels(), Precision.FLOAT32,
                    Npy.header(job.outHeight(), job.outWidth(), job.channels()));
        startTile = TiledRenderer.verified(this, startTile, crcs, listener);
        Phase was = times.enter(Phase.ENCODE);
        sink = timed(output.open());
        times.enter(was);
        int fullRows = startTile / grid.tilesX();
        if (fullRows > 0) rgb.stream(0, Math.min(grid.rowEnd(fullRows - 1), job.outHeight()), sink);
        return startTile;
    }

    @Override
    public int write(Tile t, CellGrid.Rect core, int index) throws IOException {
        CRC32C crc = TiledRenderer.crc();
        Phase was = times.enter(Phase.COLOUR);
        rgb.write(t, core, job.colours(), crc);
        times.enter(Phase.SCRATCH);
        if (stateOut != null) stateOut.write(t, inImage(core), crc);
        if (grid.endsRow(index)) {
            int r = grid.row(index);
            if (crc != null) checkBand(r, index, TiledRenderer.value(crc));
            rgb.stream(grid.rowStart(r), Math.min(grid.rowEnd(r), job.outHeight()), sink);
        }
        times.enter(was);
        return TiledRenderer.value(crc);
    }

    /** The sink, its calls timed as encoding (the cache reads around them stay scratch time). */
    private RasterSink timed(RasterSink s) {
        return new RasterSink() {
            @Override
            public void writeRows(short[] rgb, int rows) throws IOException {
                Phase was = times.enter(Phase.ENCODE);
                try {
                    s.writeRows(rgb, rows);
                } finally {
                    times.enter(was);
                }
            }

            @Override
            public void finish() throws IOException {
                Phase was = times.enter(Phase.ENCODE);
                try {
                    s.finish();
                } finally {
                    times.enter(was);
                }
            }

            @Override
            public void close() throws IOException {
                s.close();
            }
        };
    }

    /** The cache (and state) of band {@code r} is still what its tiles wrote; tile {@code last}'s CRC is not in the table yet. */
    private void checkBand(int r, int last, int lastCrc) {
        for (int i = last - grid.tilesX() + 1; i <= last; i++) {
            if (checksum(i) != (i == last ? lastCrc : crcs[i]))
                throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "scratch file " + scratch.rgb() + " changed while rendering (tile " + i
                        + " of row " + r + " does not match its checksum); run the same command again to compute it again");
        }
    }

    @Override
    public int checksum(int index) {
        CRC32C crc = new CRC32C();
        CellGrid.Rect core = grid.core(index);
        rgb.checksum(core, crc);
        if (stateOut != null) stateOut.checksum(inImage(core), crc);
        return (int) crc.getValue();
    }

    private CellGrid.Rect inImage(CellGrid.Rect core) {
        long x1 = Math.min(core.endX(), job.outWidth()), y1 = Math.min(core.endY(), job.outHeight());
        return new CellGrid.Rect(core.x(), core.y(), (int) (x1 - core.x()), (int) (y1 - core.y()));
    }

    @Override
    public void force() {
        rgb.force();
        if (stateOut != null) stateOut.force();
    }

    @Override
    public void finish() throws IOException {
        sink.finish();
        if (stateOut != null) {
            stateOut.force();
            stateOut.close();
            stateOut = null;
            Path to = job.settings().stateOut();
            try {
                Files.move(partialOf(to), to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw CellscapeException.io("cannot rename " + partialOf(to) + " to " + to + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        if (sink != null) {
            try {
                sink.close();
            } catch (IOException | RuntimeException e) {
                listener.notice(e.getMessage());
            }
            sink = null;
        }
        if (stateOut != null) { stateOut.close(); stateOut = null; }
        if (rgb != null) { rgb.close(); rgb = null; }
    }
}
