package org.cellscape.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cellscape.image.PyramidTiff;
import org.cellscape.image.WriterOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cellscape pyramid IN.tif --out OUT.tif}: an existing TIFF as a pyramidal TIFF. */
@Command(name = "pyramid", mixinStandardHelpOptions = true,
        description = {"Rewrite a TIFF as a pyramidal tiled 16-bit TIFF: the image, then reduced-resolution pages each",
                "half the size (2x2 box means) down to one tile, as libvips, OpenSlide and QuPath read. Streams: memory",
                "is a few tile rows per level, whatever the image's size."},
        footer = {"", "Examples:",
                "  cellscape pyramid mural.tif --out mural-pyramid.tif",
                "  cellscape render presets/lichen.yaml --out lichen.tif --pyramid    # the same, straight from a render"})
public final class PyramidCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "IN.tif", description = "A TIFF: 8 or 16 bits, grey or RGB (alpha is dropped), tiled or in strips.")
    Path in;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.tif", description = "The pyramidal TIFF to write (.tif or .tiff).")
    Path out;

    @Option(names = "--tile-size", paramLabel = "N", defaultValue = "256",
            description = "Tile width and height, a multiple of 16 (default: ${DEFAULT-VALUE}).")
    int tileSize;

    @Option(names = "--force-bigtiff", description = "Write BigTIFF even when a classic TIFF would do.")
    boolean forceBigTiff;

    @Option(names = "--threads", paramLabel = "N", description = "Compression threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() {
        if (tileSize < 16 || tileSize > WriterOptions.MAX_TILE_SIZE || tileSize % 16 != 0)
            throw org.cellscape.CellscapeException.invalid("--tile-size must be a multiple of 16 from 16 to " + WriterOptions.MAX_TILE_SIZE + ", got " + tileSize);
        WriterOptions o = WriterOptions.defaults().withTileSize(tileSize).withForceBigTiff(forceBigTiff);
        if (threads != null) o = o.withThreads(Math.max(1, threads));
        PyramidTiff.Result r = PyramidTiff.convert(in, out, o);
        spec.commandLine().getOut().printf("wrote %s (%dx%d, %d levels)%n", out, r.width(), r.height(), r.levels());
        return 0;
    }
}
