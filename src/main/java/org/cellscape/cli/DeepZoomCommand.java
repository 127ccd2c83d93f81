package org.cellscape.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cellscape.image.DeepZoomSink;
import org.cellscape.zoom.DeepZoom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cellscape deepzoom IMAGE --out DIR}: a DZI pyramid and a page that shows it. */
@Command(name = "deepzoom", mixinStandardHelpOptions = true,
        description = {"Write a Deep Zoom (DZI) pyramid of 8-bit tiles and an index.html that shows it with OpenSeadragon",
                "(bundled in the folder: the page needs no network and works from file://), with the render's parameters.",
                "A TIFF streams band by band, whatever its size; other formats are read whole."},
        footer = {"", "Examples:",
                "  cellscape deepzoom mural.tif --out mural-zoom/             # then open mural-zoom/index.html",
                "  cellscape deepzoom poster.png --out zoom/ --format png --tile-size 510 --overlap 1",
                "  cellscape render presets/lichen.yaml --out lichen.tif --deepzoom lichen-zoom/"})
public final class DeepZoomCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", description = "The image: a TIFF (streamed), or PNG, JPEG and others (read whole).")
    Path image;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "The folder to write (NAME.dzi, NAME_files/, index.html).")
    Path out;

    @CommandLine.Mixin
    DeepZoomOptions zoom;

    @Override
    public Integer call() {
        DeepZoomSink.Options o = zoom.options();
        DeepZoom.Result r = DeepZoom.fromImage(image, out, o, zoom.force);
        spec.commandLine().getOut().printf("wrote %s (%dx%d, %d levels, %s tiles by %s); open %s%n", r.folder(), r.width(), r.height(),
                r.levels(), o.format().toUpperCase(java.util.Locale.ROOT), DeepZoomSink.tileEncoder(o.format()), r.page());
        return 0;
    }

    /** The tile options, shared with {@code render --deepzoom}. */
    public static final class DeepZoomOptions {
        @Option(names = "--tile-size", paramLabel = "PX", defaultValue = "254", description = "Tile side without the overlap (default: ${DEFAULT-VALUE}).")
        int tileSize;

        @Option(names = "--overlap", paramLabel = "PX", defaultValue = "1", description = "Pixels each tile shares with its neighbours (default: ${DEFAULT-VALUE}).")
        int overlap;

        @Option(names = "--format", paramLabel = "jpeg|png", defaultValue = "jpeg", description = "Tile format (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--quality", paramLabel = "1-100", defaultValue = "85", description = "JPEG quality (default: ${DEFAULT-VALUE}).")
        int quality;

        @Option(names = "--force", description = "Replace a folder that exists and is not empty (only once the new one is complete).")
        boolean force;

        DeepZoomSink.Options options() {
            return RenderOptions.option(null, () -> new DeepZoomSink.Options(tileSize, overlap, format, quality, Runtime.getRuntime().availableProcessors()));
        }
    }
}
