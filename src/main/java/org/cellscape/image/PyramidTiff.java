package org.cellscape.image;

import java.io.IOException;
import java.nio.file.Path;
import org.cellscape.CellscapeException;

/** An existing TIFF rewritten as a pyramidal one, streaming: band by band in, tiles and reduced pages out. */
public final class PyramidTiff {
    private PyramidTiff() {}

    /** What a conversion wrote. */
    public record Result(long width, long height, int levels) {}

    /**
     * Reads {@code in} (any 8/16-bit grey or RGB(A) TIFF; exit 3 otherwise) and writes {@code out} (.tif/.tiff) with
     * reduced-resolution pages down to one tile, keeping the input's render parameters and resolution.
     */
    public static Result convert(Path in, Path out, WriterOptions opts) {
        if (ImageWriters.formatOf(out) != ImageWriters.Format.TIFF)
            throw CellscapeException.invalid("cannot write " + out + ": a pyramid is a TIFF; name it .tif or .tiff");
        try (TiffBands src = TiffBands.open(in)) {
            if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize()))
                throw CellscapeException.invalid("the input " + in + " and the output " + out + " are the same file; give another name");
            ImageSpec spec = new ImageSpec(src.width(), src.height(), 16, src.parameters(), src.dpi());
            try (RasterSink sink = ImageWriters.open(out, spec, opts.withPyramid(true))) {
                src.copyTo(sink);
                sink.finish();
            } catch (IOException e) {
                throw CellscapeException.io("writing " + out + " failed: " + PartialFileSink.oneLine(e), e);
            }
            return new Result(src.width(), src.height(), BoxReducer.levelsUntil(src.width(), src.height(), opts.tileSize()) + 1);
        }
    }
}
