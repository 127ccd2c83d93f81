package org.cellscape.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.CellGrid;
import org.cellscape.canvas.Precision;
import org.cellscape.canvas.RgbCache;
import org.cellscape.canvas.ScratchFolder;
import org.cellscape.canvas.StateStore;
import org.cellscape.engine.Npy;
import org.cellscape.engine.Tile;
import org.cellscape.image.RasterSink;

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
    private RgbCache rgb;
    private StateStore stateOut;
    private RasterSink sink;

    FinalPass(RenderJob job, ScratchFolder scratch, TiledRenderer.Output output, PassListener listener, CellGrid grid) {
        this.job = job;
        this.scratch = scratch;
        this.output = output;
        this.listener = listener;
        this.grid = grid;
    }

    static Path partialOf(Path p) {
        return p.resolveSibling(p.getFileName() + ".partial");
    }

    @Override
    public int open(int startTile) throws IOException {
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
        sink = output.open();
        int fullRows = startTile / grid.tilesX();
        if (fullRows > 0) rgb.stream(0, Math.min(grid.rowEnd(fullRows - 1), job.outHeight()), sink);
        return startTile;
    }

    @Override
    public void write(Tile t, CellGrid.Rect core, int index) throws IOException {
        rgb.write(t, core, job.colours());
        if (stateOut != null) {
            long x1 = Math.min(core.endX(), job.outWidth()), y1 = Math.min(core.endY(), job.outHeight());
            stateOut.write(t, new CellGrid.Rect(core.x(), core.y(), (int) (x1 - core.x()), (int) (y1 - core.y())));
        }
        if (grid.endsRow(index)) {
            int r = grid.row(index);
            rgb.stream(grid.rowStart(r), Math.min(grid.rowEnd(r), job.outHeight()), sink);
        }
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
