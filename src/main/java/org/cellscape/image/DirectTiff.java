package org.cellscape.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The fast path of {@link TiffBands}: the first page of an uncompressed or deflate TIFF/BigTIFF (predictor 1 or
 * 2, 8 or 16 unsigned bits, 1-4 chunky samples, tiles or strips), read by the project itself with a band's tiles
 * inflated in parallel. ImageIO's readers decode one tile at a time through stream layers, about 8x slower on
 * our own files. {@link #tryOpen} returns null for anything else, which then goes through ImageIO.
 */
final class DirectTiff implements TiffBands.Source {
    private final Path file;
    private final FileChannel ch;
    private final ByteOrder order;
    private final int width, height, spp, bits, compression, predictor, tileW, tileH, across;
    private final long[] offsets, counts;
    private final String description;
    private final double dpi;

    private DirectTiff(Path file, FileChannel ch, ByteOrder order, Map<Integer, long[]> t, String description) {
        this.file = file;
        this.ch = ch;
        this.order = order;
        this.width = (int) t.get(256)[0];
        this.height = (int) t.get(257)[0];
        this.spp = (int) first(t, 277, 1);
        this.bits = (int) first(t, 258, 1);
        this.compression = (int) first(t, 259, 1);
        this.predictor = (int) first(t, 317, 1);
        boolean tiled = t.containsKey(322);
        this.tileW = tiled ? (int) t.get(322)[0] : width;
        this.tileH = tiled ? (int) t.get(323)[0] : (int) Math.min(height, first(t, 278, height));
        this.offsets = t.get(tiled ? 324 : 273);
        this.counts = t.get(tiled ? 325 : 279);
        this.across = (width + tileW - 1) / tileW;
        this.description = description;
        long[] xr = t.get(282);
        double res = xr != null && xr.length == 2 && xr[1] != 0 ? (double) xr[0] / xr[1] : 0;
        long unit = first(t, 296, 2);
        this.dpi = unit == 3 ? res * 2.54 : unit == 2 ? res : 0;
    }

    /** The file as a direct source, or null when it uses something only ImageIO reads. */
    static DirectTiff tryOpen(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            DirectTiff d = parse(file, ch);
            if (d == null) ch.close();
            return d;
        } catch (IOException | RuntimeException e) {
            ch.close();
            return null; // let ImageIO try, and word the failure
        }
    }

    private static DirectTiff parse(Path file, FileChannel ch) throws IOException {
        ByteBuffer h = read(ch, 0, 16, ByteOrder.LITTLE_ENDIAN);
        ByteOrder order = h.get(0) == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        h.order(order);
        boolean big = h.getShort(2) == 43;
        long ifd = big ? h.getLong(8) : h.getInt(4) & 0xFFFFFFFFL;
        ByteBuffer n = read(ch, ifd, 8, order);
        long entries = big ? n.getLong(0) : n.getShort(0) & 0xFFFF;
        if (entries <= 0 || entries > 4096) return null;
        int es = big ? 20 : 12;
        ByteBuffer e = read(ch, ifd + (big ? 8 : 2), (int) entries * es, order);
        Map<Integer, long[]> tags = new HashMap<>();
        String description = null;
        for (int i = 0; i < entries; i++) {
            int p = i * es, tag = e.getShort(p) & 0xFFFF, type = e.getShort(p + 2) & 0xFFFF;
            long count = big ? e.getLong(p + 4) : e.getInt(p + 4) & 0xFFFFFFFFL;
            int size = switch (type) { case 1, 2, 6, 7 -> 1; case 3, 8 -> 2; case 4, 9, 11 -> 4; case 5, 10, 12, 16, 17, 18 -> 8; default -> 0; };
            if (size == 0 || count > (1 << 28)) continue;
            long bytes = count * size;
            int inline = big ? 8 : 4;
            ByteBuffer v = bytes <= inline ? e.slice(p + (big ? 12 : 8), inline).order(order)
                    : read(ch, big ? e.getLong(p + 12) : e.getInt(p + 8) & 0xFFFFFFFFL, Math.toIntExact(bytes), order);
            if (tag == 270 && type == 2) {
                byte[] b = new byte[(int) bytes];
                v.get(0, b);
                description = new String(b, StandardCharsets.ISO_8859_1).replaceAll("\0+$", "");
                continue;
            }
            long[] vals = new long[(int) (type == 5 ? count * 2 : count)];
            for (int k = 0; k < vals.length; k++)
                vals[k] = switch (type) {
                    case 3 -> v.getShort(k * 2) & 0xFFFF;
                    case 4, 5 -> v.getInt(k * 4) & 0xFFFFFFFFL;
                    case 16 -> v.getLong(k * 8);
                    case 1, 7 -> v.get(k) & 0xFF;
                    default -> -1;
                };
            tags.put(tag, vals);
        }
        long compression = first(tags, 259, 1), predictor = first(tags, 317, 1), planar = first(tags, 284, 1);
        long spp = first(tags, 277, 1), bits = first(tags, 258, 1), format = first(tags, 339, 1);
        boolean tiled = tags.containsKey(322) && tags.containsKey(323) && tags.containsKey(324) && tags.containsKey(325);
        boolean strips = tags.containsKey(273) && tags.containsKey(279);
        if (!tags.containsKey(256) || !tags.containsKey(257) || !(tiled || strips)) return null;
        if (!(compression == 1 || compression == 8 || compression == 32946) || !(predictor == 1 || predictor == 2)) return null;
        if (planar != 1 || spp < 1 || spp > 4 || !(bits == 8 || bits == 16) || format != 1) return null;
        for (long b : tags.get(258)) if (b != bits) return null;
        long photometric = first(tags, 262, spp >= 3 ? 2 : 1);
        if (spp >= 3 ? photometric != 2 : photometric != 1) return null; // RGB, or grey with black as zero
        long w = tags.get(256)[0], hgt = tags.get(257)[0];
        if (w <= 0 || hgt <= 0 || w * 3 > Integer.MAX_VALUE - 16 || hgt > Integer.MAX_VALUE) return null;
        return new DirectTiff(file, ch, order, tags, description);
    }

    private static long first(Map<Integer, long[]> t, int tag, long otherwise) {
        long[] v = t.get(tag);
        return v == null || v.length == 0 ? otherwise : v[0];
    }

    private static ByteBuffer read(FileChannel ch, long at, int len, ByteOrder order) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            int n = ch.read(b, at + b.position());
            if (n < 0) throw new IOException("file ends at " + (at + b.position()) + ", inside a TIFF structure");
        }
        return b.flip().order(order);
    }

    @Override public int width() { return width; }
    @Override public int height() { return height; }
    @Override public int bandHeight() { return Math.min(height, Math.max(tileH, 256 / tileH * tileH)); }
    @Override public String description() { return description; }
    @Override public double dpi() { return dpi; }

    @Override
    public short[] read(int y, int rows, short[] reuse) throws IOException {
        int n = width * rows * 3;
        short[] out = reuse != null && reuse.length >= n ? reuse : new short[n];
        int r0 = y / tileH, r1 = (y + rows - 1) / tileH;
        IOException[] failed = new IOException[1];
        IntStream.range(0, (r1 - r0 + 1) * across).parallel().forEach(i -> {
            try {
                decode(r0 + i / across, i % across, y, rows, out);
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) throw failed[0];
        return out;
    }

    /** Tile (row, col) into the band of {@code rows} rows from image row y. */
    private void decode(int row, int col, int y, int rows, short[] out) throws IOException {
        int index = row * across + col;
        if (index >= offsets.length) throw new IOException(file + ": tile " + index + " is missing from the offset table");
        int ty0 = row * tileH, tileRows = Math.min(tileH, height - ty0);
        int bps = bits / 8, rowBytes = tileW * spp * bps;
        int want = rowBytes * tileRows; // the rows of a padded edge tile below the image are not needed
        ByteBuffer packed = read(ch, offsets[index], Math.toIntExact(counts[index]), order);
        byte[] raw;
        if (compression == 1) {
            raw = packed.array();
            if (raw.length < want) throw new IOException(file + ": tile " + index + " has " + raw.length + " of " + want + " bytes");
        } else {
            raw = inflate(packed, index, want, rowBytes * tileH);
        }
        int x0 = col * tileW, cols = Math.min(tileW, width - x0);
        boolean fast = bits == 16 && spp >= 3 && order == ByteOrder.LITTLE_ENDIAN;
        ByteBuffer b = fast ? null : ByteBuffer.wrap(raw).order(order);
        for (int r = Math.max(0, y - ty0); r < tileRows && ty0 + r < y + rows; r++) {
            int o = r * rowBytes, dst = ((ty0 + r - y) * width + x0) * 3;
            if (fast) {
                rgb16(raw, o, cols, out, dst);
                continue;
            }
            if (predictor == 2) undoPredictor(b, raw, o);
            for (int x = 0; x < cols; x++) {
                int s = o + x * spp * bps;
                for (int c = 0; c < 3; c++) {
                    int at = s + (spp >= 3 ? c : 0) * bps;
                    int v = bps == 2 ? b.getShort(at) & 0xFFFF : (raw[at] & 0xFF) * 257;
                    out[dst + x * 3 + c] = (short) v;
                }
            }
        }
    }

    /**
     * Tile {@code index}'s zlib data inflated: at least {@code want} bytes (the rows inside the image), at most
     * {@code whole} (an edge tile padded below the image). libdeflate when the system has it, else zlib.
     */
    private byte[] inflate(ByteBuffer packed, int index, int want, int whole) throws IOException {
        if (LibDeflate.available()) {
            byte[] raw = new byte[whole];
            int got = LibDeflate.inflate(packed.array(), packed.limit(), raw);
            if (got < 0) throw new IOException(file + ": tile " + index + " is not valid deflate data");
            if (got < want) throw new IOException(file + ": tile " + index + " inflates to " + got + " of " + want + " bytes");
            return raw;
        }
        byte[] raw = new byte[want];
        Inflater inf = new Inflater();
        try {
            inf.setInput(packed);
            int got = 0;
            while (got < want && !inf.finished()) {
                int k = inf.inflate(raw, got, want - got);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                got += k;
            }
            if (got < want) throw new IOException(file + ": tile " + index + " inflates to " + got + " of " + want + " bytes");
        } catch (DataFormatException e) {
            throw new IOException(file + ": tile " + index + " is not valid deflate data (" + e.getMessage() + ")");
        } finally {
            inf.end();
        }
        return raw;
    }

    /**
     * The common case in one pass: 16-bit little-endian RGB(A) samples of one tile row, the predictor undone as they
     * are read (running sums per channel, wrapping at 16 bits), alpha skipped.
     */
    private void rgb16(byte[] raw, int o, int cols, short[] out, int dst) {
        boolean pred = predictor == 2;
        int step = spp * 2, a0 = 0, a1 = 0, a2 = 0;
        for (int x = 0, s = o, d = dst; x < cols; x++, s += step, d += 3) {
            int v0 = raw[s] & 0xFF | raw[s + 1] << 8, v1 = raw[s + 2] & 0xFF | raw[s + 3] << 8, v2 = raw[s + 4] & 0xFF | raw[s + 5] << 8;
            if (pred) {
                a0 += v0;
                a1 += v1;
                a2 += v2;
            } else {
                a0 = v0;
                a1 = v1;
                a2 = v2;
            }
            out[d] = (short) a0;
            out[d + 1] = (short) a1;
            out[d + 2] = (short) a2;
        }
    }

    /** Predictor 2: each sample plus the same sample of the pixel to its left, along one tile row. */
    private void undoPredictor(ByteBuffer b, byte[] raw, int o) {
        int samples = tileW * spp;
        if (bits == 16) {
            for (int i = spp; i < samples; i++) {
                int p = o + 2 * i;
                b.putShort(p, (short) (b.getShort(p) + b.getShort(p - 2 * spp)));
            }
        } else {
            for (int i = o + spp; i < o + samples; i++) raw[i] = (byte) (raw[i] + raw[i - spp]);
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
