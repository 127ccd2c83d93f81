package org.cellscape.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.cellscape.CellscapeException;

/**
 * A Deep Zoom (DZI) pyramid of 8-bit tiles, written as rows pass: {@code NAME.dzi} and {@code NAME_files/L/C_R.jpg}
 * (or .png) in {@code folder}, level L = ceil(log2(max side)) the image, each lower level half the size (the 2x2
 * box means of {@link BoxReducer}) down to 1x1. Samples become 8 bits at each level: dithered ({@link Dither}) for PNG tiles, rounded for JPEG (encoded by
 * libjpeg-turbo when the system has it, else by the JDK).
 * Each level holds one band of tileSize + 2 * overlap rows; tiles are encoded on a pool, a bounded number in flight.
 * The caller owns the folder (see the zoom package: it is a staging folder renamed when the page is complete).
 */
public final class DeepZoomSink implements RasterSink {
    /** Tile format, side, overlap and JPEG quality (1-100). */
    public record Options(int tileSize, int overlap, String format, int quality, int threads) {
        public static final int MAX_TILE = 8192;

        public Options {
            format = tileFormat(format);
            if (!format.equals("jpg") && !format.equals("png")) throw CellscapeException.invalid("tile format must be jpeg or png, got " + format);
            if (tileSize < 1 || tileSize > MAX_TILE) throw CellscapeException.invalid("tile size must be 1.." + MAX_TILE + ", got " + tileSize);
            if (overlap < 0 || overlap > tileSize / 2) throw CellscapeException.invalid("overlap must be 0.." + tileSize / 2 + " for " + tileSize + " px tiles, got " + overlap);
            if (quality < 1 || quality > 100) throw CellscapeException.invalid("quality must be 1..100, got " + quality);
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        }

        /** A tile format as written in file names: lower case, "jpeg" as "jpg". */
        static String tileFormat(String format) {
            String f = format.toLowerCase(Locale.ROOT);
            return f.equals("jpeg") ? "jpg" : f;
        }

        /** 254 px tiles with 1 px overlap (the DZI convention: 256 with both overlaps), JPEG quality 85. */
        public static Options defaults() {
            return new Options(254, 1, "jpg", 85, Runtime.getRuntime().availableProcessors());
        }
    }

    private final Path folder;
    private final String name;
    private final long width, height;
    private final Options o;
    private final int maxLevel;
    private final Band[] bands;
    private final BoxReducer reducer;
    private final ExecutorService pool;
    private final ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();
    private long rowsDone;
    private boolean finished;

    /** One level's rows of the current tile row (with the overlap above and below). */
    private final class Band {
        final int level;
        final long w, h;
        /** 16-bit rows, made 8-bit by each tile's own task (the dither's thresholds depend on (x, y) only: the same bytes). */
        final ArrayDeque<short[]> rows = new ArrayDeque<>();
        long firstY, tileRow;

        Band(int level, long w, long h) {
            this.level = level;
            this.w = w;
            this.h = h;
        }

        void add(short[] rgb, int off, long y) throws IOException {
            rows.addLast(java.util.Arrays.copyOfRange(rgb, off, off + (int) (w * 3)));
            long end = Math.min(h, (tileRow + 1) * o.tileSize() + o.overlap());
            if (y == end - 1) {
                emitRow();
                long keep = (tileRow + 1) * o.tileSize() - o.overlap();
                while (firstY < keep && !rows.isEmpty()) {
                    rows.removeFirst();
                    firstY++;
                }
                tileRow++;
            }
        }

        private void emitRow() throws IOException {
            int t = o.tileSize(), ov = o.overlap();
            long y0 = Math.max(0, tileRow * t - ov);
            int th = rows.size();
            short[][] band = rows.toArray(short[][]::new);
            int skip = (int) (y0 - firstY);
            for (long c = 0; c * t < w; c++) {
                long x0 = Math.max(0, c * t - ov), x1 = Math.min(w, (c + 1) * t + ov);
                int tw = (int) (x1 - x0);
                Path file = tileFile(level, c, tileRow);
                submit(() -> {
                    writeTile(band, skip, th, x0, y0, tw, file);
                    return null;
                });
            }
        }
    }

    /**
     * One tile from rows {@code skip..skip+th} of a band, columns {@code x0..x0+tw}. PNG tiles are dithered to 8 bits
     * (lossless: the dither keeps smooth gradients free of bands). JPEG tiles are rounded instead: the JPEG
     * quantiser's own error is far larger than a dither's, which would only cost bytes.
     */
    private void writeTile(short[][] band, int skip, int th, long x0, long y0, int tw, Path file) throws IOException {
        boolean jpeg = o.format().equals("jpg");
        byte[] rgb8 = new byte[tw * th * 3];
        int from = (int) (x0 * 3), n = tw * 3;
        for (int r = 0; r < th; r++) {
            short[] row = band[skip + r];
            if (jpeg) for (int i = 0, d = r * n; i < n; i++, d++) rgb8[d] = (byte) (((row[from + i] & 0xFFFF) + 128) / 257);
            else Dither.row(row, from, rgb8, r * n, tw, x0, y0 + r);
        }
        if (jpeg && TurboJpeg.available()) {
            Files.write(file, TurboJpeg.encode(rgb8, tw, th, o.quality()));
            return;
        }
        BufferedImage img = new BufferedImage(tw, th, BufferedImage.TYPE_3BYTE_BGR);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i += 3) {
            px[i] = rgb8[i + 2];
            px[i + 1] = rgb8[i + 1];
            px[i + 2] = rgb8[i];
        }
        if (jpeg) Jpeg.write(img, file, o.quality() / 100f);
        else if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer");
    }

    public DeepZoomSink(Path folder, String name, long width, long height, Options o) {
        if (width * 3 > Integer.MAX_VALUE - 16)
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT, folder + ": width " + width + " is too large for one row buffer");
        this.folder = folder;
        this.name = name;
        this.width = width;
        this.height = height;
        this.o = o;
        this.maxLevel = levels(width, height);
        this.bands = new Band[maxLevel + 1];
        try {
            for (int k = 0; k <= maxLevel; k++) {
                bands[k] = new Band(maxLevel - k, BoxReducer.size(width, k), BoxReducer.size(height, k));
                Files.createDirectories(folder.resolve(name + "_files").resolve(Integer.toString(maxLevel - k)));
            }
        } catch (IOException e) {
            throw CellscapeException.io("cannot make " + folder.resolve(name + "_files") + ": " + PartialFileSink.oneLine(e), e);
        }
        this.reducer = new BoxReducer(width, height, maxLevel, (k, row, y) -> bands[k].add(row, 0, y));
        this.pool = Executors.newFixedThreadPool(o.threads(), r -> {
            Thread t = new Thread(r, "cellscape-dzi");
            t.setDaemon(true);
            return t;
        });
    }

    /** Which encoder writes tiles of {@code format} here: "libjpeg-turbo" or "the JDK" (for PNG, always the JDK). */
    public static String tileEncoder(String format) {
        return Options.tileFormat(format).equals("jpg") && TurboJpeg.available() ? "libjpeg-turbo" : "the JDK";
    }

    /** The DZI's top level: ceil(log2(max side)), so level 0 is 1x1. */
    public static int levels(long width, long height) {
        return BoxReducer.levelsUntil(width, height, 1);
    }

    /** Where tile (column, row) of DZI level {@code level} goes. */
    public Path tileFile(int level, long column, long row) {
        return folder.resolve(name + "_files").resolve(Integer.toString(level)).resolve(column + "_" + row + "." + o.format());
    }

    /** The .dzi descriptor's text. */
    public String descriptor() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Image xmlns=\"http://schemas.microsoft.com/deepzoom/2008\" Format=\""
                + o.format() + "\" Overlap=\"" + o.overlap() + "\" TileSize=\"" + o.tileSize() + "\">\n  <Size Width=\"" + width
                + "\" Height=\"" + height + "\"/>\n</Image>\n";
    }

    private void submit(java.util.concurrent.Callable<Void> task) throws IOException {
        inFlight.addLast(pool.submit(task));
        while (inFlight.size() > 4 * o.threads()) PartialFileSink.await(inFlight.removeFirst());
    }

    @Override
    public void writeRows(short[] rgb, int rows) throws IOException {
        if (finished) throw new IllegalStateException(folder + ": sink already finished");
        if (rowsDone + rows > height) throw new IllegalStateException(folder + ": more rows than the image's " + height);
        int n = (int) (width * 3);
        try {
            for (int r = 0; r < rows; r++) {
                bands[0].add(rgb, r * n, rowsDone + r);
                reducer.push(rgb, r * n, rowsDone + r);
            }
        } catch (IOException e) {
            throw CellscapeException.io("writing tiles under " + folder + " failed: " + PartialFileSink.oneLine(e), e);
        }
        rowsDone += rows;
    }

    @Override
    public void finish() throws IOException {
        if (rowsDone != height) throw new IllegalStateException(folder + ": finished after " + rowsDone + " of " + height + " rows");
        try {
            while (!inFlight.isEmpty()) PartialFileSink.await(inFlight.removeFirst());
        } catch (IOException e) {
            throw CellscapeException.io("writing tiles under " + folder + " failed: " + PartialFileSink.oneLine(e), e);
        }
        TextFile.write(folder.resolve(name + ".dzi"), descriptor());
        finished = true;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
