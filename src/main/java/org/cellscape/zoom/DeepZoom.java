package org.cellscape.zoom;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.cellscape.CellscapeException;
import org.cellscape.image.DeepZoomSink;
import org.cellscape.image.ImageReaders;
import org.cellscape.image.RasterSink;
import org.cellscape.image.Sidecar;
import org.cellscape.image.TiffBands;
import org.cellscape.image.WritableFile;

/**
 * A deep-zoom folder: {@code NAME.dzi}, {@code NAME_files/}, {@code index.html} and {@code openseadragon/}. It is
 * built as {@code DIR.partial} and renamed to {@code DIR} when complete, so a folder under the final name is always
 * whole. A folder that exists and is not empty is refused (exit 4) unless forced; forced, it is replaced only once
 * the new one is complete.
 */
public final class DeepZoom {
    private DeepZoom() {}

    /** What was written. */
    public record Result(Path folder, Path page, long width, long height, int levels) {}

    /** Refuses, before any work, a folder that exists and is not empty (unless {@code force}) or cannot be made (exit 4). */
    public static void checkFolder(Path dir, boolean force) {
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw CellscapeException.io("cannot write deep-zoom folder " + dir + ": it is a file", null);
        if (!force && !isEmptyOrMissing(dir))
            throw CellscapeException.io("deep-zoom folder " + dir + " exists and is not empty; choose another folder or force its replacement", null);
        WritableFile.checkFolder(dir.toAbsolutePath().getParent(), "deep-zoom folder"); // DIR.partial is made there
    }

    /** A sink for a w x h image whose {@link RasterSink#finish} completes the folder, page included. */
    public static RasterSink open(Path dir, String name, long width, long height, Map<String, String> params,
                                  DeepZoomSink.Options o, boolean force) {
        checkFolder(dir, force);
        Path stage = staging(dir);
        try {
            deleteTree(stage); // a crashed run's leftover: ours by its name
            Files.createDirectories(stage);
        } catch (IOException e) {
            throw CellscapeException.io("cannot make " + stage + ": " + e.getMessage(), e);
        }
        DeepZoomSink tiles;
        try {
            tiles = new DeepZoomSink(stage, name, width, height, o);
        } catch (RuntimeException e) {
            quietlyDelete(stage);
            throw e;
        }
        return new RasterSink() {
            boolean done;

            @Override
            public void writeRows(short[] rgb, int rows) throws IOException {
                tiles.writeRows(rgb, rows);
            }

            @Override
            public void finish() throws IOException {
                tiles.finish();
                try {
                    DeepZoomPage.write(stage, name, width, height, o.tileSize(), o.overlap(), o.format(), params);
                    if (Files.exists(dir)) deleteTree(dir); // empty, or replaced by --force now that the new one is whole
                    Files.move(stage, dir);
                } catch (IOException e) {
                    throw CellscapeException.io("cannot complete deep-zoom folder " + dir + ": " + e.getMessage(), e);
                }
                done = true;
            }

            @Override
            public void close() {
                tiles.close();
                if (!done) quietlyDelete(stage);
            }
        };
    }

    /**
     * The deep-zoom folder of an existing image: a TIFF is streamed band by band; PNG, JPEG and the rest are decoded
     * whole (within the readers' pixel limit). The page shows the image's sidecar parameters, else a Cellscape TIFF's own.
     */
    public static Result fromImage(Path image, Path dir, DeepZoomSink.Options o, boolean force) {
        checkFolder(dir, force);
        String name = stem(image);
        if (TiffBands.isTiff(image)) {
            try (TiffBands src = TiffBands.open(image)) {
                Map<String, String> params = sidecarOr(image, src.parameters());
                try (RasterSink sink = open(dir, name, src.width(), src.height(), params, o, force)) {
                    src.copyTo(sink);
                    sink.finish();
                }
                return result(dir, src.width(), src.height());
            } catch (IOException e) {
                throw CellscapeException.io("writing " + dir + " failed: " + e.getMessage(), e);
            }
        }
        ImageReaders.RawRgb raw = ImageReaders.readRawRgb(image);
        double scale = 65535.0 / ((1L << raw.bits()) - 1);
        try (RasterSink sink = open(dir, name, raw.width(), raw.height(), sidecarOr(image, Map.of()), o, force)) {
            short[] row = new short[raw.width() * 3];
            for (int y = 0; y < raw.height(); y++) {
                for (int i = 0; i < row.length; i++) row[i] = (short) Math.round(raw.samples()[y * row.length + i] * scale);
                sink.writeRows(row, 1);
            }
            sink.finish();
        } catch (IOException e) {
            throw CellscapeException.io("writing " + dir + " failed: " + e.getMessage(), e);
        }
        return result(dir, raw.width(), raw.height());
    }

    private static Result result(Path dir, long w, long h) {
        return new Result(dir, dir.resolve("index.html"), w, h, DeepZoomSink.levels(w, h) + 1);
    }

    /** The image's stem: {@code mural.tif} gives {@code mural}. */
    public static String stem(Path image) {
        String n = image.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static Map<String, String> sidecarOr(Path image, Map<String, String> otherwise) {
        Path json = Sidecar.pathFor(image);
        if (!Files.isRegularFile(json)) return otherwise;
        Map<String, String> out = new LinkedHashMap<>();
        try {
            JsonMapper.builder().build().readTree(json.toFile()).properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (IOException | RuntimeException e) {
            return otherwise; // not our sidecar: the page shows what the image itself says
        }
    }

    static Path staging(Path dir) {
        return dir.toAbsolutePath().normalize().resolveSibling(dir.toAbsolutePath().normalize().getFileName() + ".partial");
    }

    private static boolean isEmptyOrMissing(Path dir) {
        if (!Files.exists(dir)) return true;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    private static void quietlyDelete(Path p) {
        try {
            deleteTree(p);
        } catch (IOException ignored) {
            // the failure that brought us here is the one to report
        }
    }
}
