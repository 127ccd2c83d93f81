package org.cellscape.image;

import org.cellscape.CellscapeException;

import java.nio.file.Path;
import java.util.Locale;

/** Opens the right {@link RasterSink} for an output file name. */
public final class ImageWriters {
    public static final String SUPPORTED = ".png, .tif, .tiff";

    private ImageWriters() {}

    /**
     * A sink writing {@code out} by its extension (.png, .tif, .tiff; any case). The data goes to
     * {@code out.partial} and is renamed to {@code out} atomically by {@link RasterSink#finish()}.
     *
     * @throws CellscapeException USAGE for an unsupported extension, IO when the folder is missing or read-only
     */
    public static RasterSink open(Path out, ImageSpec spec, WriterOptions opts) {
        Format format = checkWritable(out);
        return switch (format) {
            case PNG -> new PngWriter(out, spec, opts);
            case TIFF -> new TiffWriter(out, spec, opts);
        };
    }

    /** The image formats we write. */
    public enum Format { PNG, TIFF }

    /** The format of {@code out}, checked to be one we write, under a name that can be written (see {@link WritableFile}). */
    public static Format checkWritable(Path out) {
        Format format = formatOf(out);
        WritableFile.check(out, "image");
        return format;
    }

    /** The format for a file name, or a USAGE error listing the supported extensions. */

    public static Format formatOf(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) return Format.PNG;
        if (name.endsWith(".tif") || name.endsWith(".tiff")) return Format.TIFF;
        throw new CellscapeException(CellscapeException.USAGE,
                "cannot write " + out + ": unsupported image type; use one of " + SUPPORTED);
    }
}
