package org.cellscape.image;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cellscape.CellscapeException;

/**
 * An existing TIFF read band by band (only the tiles or strips of a band are decoded), as 16-bit RGB rows for a {@link RasterSink}: 8-bit samples are scaled by 257, grey is spread to RGB,
 * an alpha channel is dropped. Memory is one band, whatever the image's size.
 */
public final class TiffBands implements AutoCloseable {
    /** Where the bands come from: {@link DirectTiff} for deflate and plain files, ImageIO for the rest. */
    interface Source extends AutoCloseable {
        int width();
        int height();
        /** Rows per read: whole tile rows or strips, about 256. */
        int bandHeight();
        /** ImageDescription, or null. */
        String description();
        double dpi();
        /** Rows y..y+rows as 16-bit RGB (into {@code reuse} when it is large enough). */
        short[] read(int y, int rows, short[] reuse) throws IOException;
        @Override
        void close() throws IOException;
    }

    private final Path file;
    private final Source src;

    private TiffBands(Path file, Source src) {
        this.file = file;
        this.src = src;
    }

    /** Opens a TIFF; anything else, or a file that cannot be read, is a one-line bad-input error (exit 3). */
    public static TiffBands open(Path file) {
        if (!Files.isRegularFile(file)) throw CellscapeException.badInput("cannot read image " + file + ": no such file");
        if (!Files.isReadable(file)) throw CellscapeException.badInput("cannot read image " + file + ": permission denied");
        if (!isTiff(file)) throw CellscapeException.badInput("cannot read " + file + ": not a TIFF file");
        try {
            DirectTiff d = DirectTiff.tryOpen(file);
            return new TiffBands(file, d != null ? d : ImageIoBands.open(file));
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read " + file + ": " + PartialFileSink.oneLine(e));
        }
    }

    /** Whether the file starts with a TIFF or BigTIFF header (II*\0, MM\0*, II+\0, MM\0+). */
    public static boolean isTiff(Path file) {
        byte[] h = new byte[4];
        try (InputStream s = Files.newInputStream(file)) {
            if (s.readNBytes(h, 0, 4) < 4) return false;
        } catch (IOException e) {
            return false;
        }
        boolean le = h[0] == 'I' && h[1] == 'I' && h[3] == 0 && (h[2] == 42 || h[2] == 43);
        boolean be = h[0] == 'M' && h[1] == 'M' && h[2] == 0 && (h[3] == 42 || h[3] == 43);
        return le || be;
    }

    public int width() {
        return src.width();
    }

    public int height() {
        return src.height();
    }

    /** The render parameters of a Cellscape TIFF (its ImageDescription JSON), else empty. */
    public Map<String, String> parameters() {
        Map<String, String> out = new LinkedHashMap<>();
        String text = src.description();
        if (text == null || !text.strip().startsWith("{")) return out;
        try {
            JsonMapper.builder().build().readTree(text).properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        } catch (IOException | RuntimeException e) {
            out.clear(); // a description that is not our JSON carries no parameters
        }
        return out;
    }

    /** Dots per inch recorded in the file, or 0 when none is. */
    public double dpi() {
        return src.dpi();
    }

    /** Streams every row to {@code sink}, band by band (the caller finishes the sink). */
    public void copyTo(RasterSink sink) throws IOException {
        short[] rgb = null;
        int band = src.bandHeight(), h = src.height();
        for (int y = 0; y < h; y += band) {
            int rows = Math.min(band, h - y);
            try {
                rgb = src.read(y, rows, rgb);
            } catch (IOException | RuntimeException e) {
                throw CellscapeException.badInput("cannot read " + file + " at row " + y + ": " + PartialFileSink.oneLine(e));
            }
            sink.writeRows(rgb, rows);
        }
    }

    @Override
    public void close() {
        try {
            src.close();
        } catch (IOException ignored) {
            // reading is over; nothing was written through this file
        }
    }
}
