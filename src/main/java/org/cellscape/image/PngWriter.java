package org.cellscape.image;

import org.cellscape.CellscapeException;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.zip.CRC32;

/**
 * Streaming PNG: RGB, 16 (or dithered 8) bits per sample, adaptive row filters, parallel deflate.
 *
 * <p>Rows are grouped into chunks of about {@link #DEFAULT_CHUNK_BYTES} of filtered data; each chunk is filtered
 * and deflated on its own thread, ending with a sync flush (the last one with the final block), and the pieces
 * are concatenated in order into one zlib stream (the pigz approach, without the shared dictionary: a chunk
 * starts with an empty window, which costs little at this chunk size). The Adler-32 of all filtered bytes is
 * combined from the pieces' own as they are written. The pieces are {@link PngPieces}'s, which a cluster encodes
 * on its executors. Chunk boundaries depend only on the width, so the file
 * is the same whatever the band heights or thread count.
 *
 * <p>Chunks written: IHDR, sRGB (with the gAMA and cHRM the PNG spec pairs with it, for older readers), pHYs (the
 * dpi, 300 unless given), tEXt Software, iTXt "cellscape" (the parameters as JSON), IDAT (one per piece), IEND.
 */
public final class PngWriter extends PartialFileSink {
    static final int DEFAULT_CHUNK_BYTES = 512 * 1024;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final PngPieces codec;
    private final int rowsPerChunk;
    private final int maxPending;
    private final ArrayDeque<Future<PngPieces.Piece>> pending = new ArrayDeque<>();
    /** Adler-32 of the filtered bytes of the pieces written so far. */
    private int adler = 1;
    private int piecesWritten;
    private boolean rowsGiven;

    private short[][] chunk;
    private int chunkRows;
    private long chunkY0;
    /** Last row of the previous chunk: the Up/Average/Paeth reference for the next chunk's first row. */
    private short[] previousRow;
    private long position;

    /** Writes {@code target}.partial; {@link #finish()} renames it to {@code target}. */
    public PngWriter(Path target, ImageSpec spec, WriterOptions opts) {
        this(target, spec, opts, DEFAULT_CHUNK_BYTES, true);
    }

    /**
     * @param chunkBytes target filtered bytes per parallel piece (tests use small ones to get many pieces)
     * @param adaptive   false writes every row with filter None (to measure what filtering gains)
     */
    PngWriter(Path target, ImageSpec spec, WriterOptions opts, int chunkBytes, boolean adaptive) {
        super(target, checkSize(target, spec), opts);
        boolean ok = false;
        try {
            int rowBytes = (int) spec.width() * 3 * (spec.bits() / 8);
            this.rowsPerChunk = Math.max(1, chunkBytes / (rowBytes + 1));
            this.codec = new PngPieces(spec.width(), spec.height(), spec.bits() / 8, opts.deflateLevel(), rowsPerChunk, adaptive);
            this.maxPending = 2 * opts.threads();
            writeHeaderChunks();
            ok = true;
        } catch (IOException e) {
            throw CellscapeException.io("writing " + partial + " failed: " + oneLine(e), e);
        } finally {
            if (!ok) {
                try {
                    close();
                } catch (IOException | RuntimeException ignored) {
                    // the original failure is the one to report
                }
            }
        }
    }

    private static ImageSpec checkSize(Path target, ImageSpec spec) {
        if (spec.width() > Integer.MAX_VALUE || spec.height() > Integer.MAX_VALUE)
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT, target + ": PNG width and height must be at most "
                    + Integer.MAX_VALUE + " (31 bits), got " + spec.width() + "x" + spec.height() + "; use TIFF");
        long rowBytes = spec.width() * 3 * (spec.bits() / 8) + 1;
        if (rowBytes > Integer.MAX_VALUE - 16)
            throw new CellscapeException(CellscapeException.DOES_NOT_FIT, target + ": a PNG row of " + spec.width()
                    + " pixels is too large to filter in memory; use TIFF");
        return spec;
    }

    private void writeHeaderChunks() throws IOException {
        writeFully(ByteBuffer.wrap(SIGNATURE), 0);
        position = SIGNATURE.length;
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt((int) spec.width()).putInt((int) spec.height());
        ihdr.put((byte) spec.bits()).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0); // RGB, deflate, filter 0, no interlace
        writeChunk("IHDR", ihdr.array());
        writeChunk("sRGB", new byte[]{0}); // rendering intent: perceptual
        writeChunk("gAMA", ByteBuffer.allocate(4).putInt(45455).array());
        ByteBuffer chrm = ByteBuffer.allocate(32); // white point, red, green, blue (x, y) * 100000, as the spec gives for sRGB
        for (int v : new int[]{31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000}) chrm.putInt(v);
        writeChunk("cHRM", chrm.array());
        long ppm = Math.min(0xFFFF_FFFFL, Math.round(spec.effectiveDpi() / 0.0254));
        ByteBuffer phys = ByteBuffer.allocate(9);
        phys.putInt((int) ppm).putInt((int) ppm).put((byte) 1); // unit: metre
        writeChunk("pHYs", phys.array());
        writeChunk("tEXt", latin1("Software\0Cellscape"));
        ByteArrayOutputStream itxt = new ByteArrayOutputStream();
        itxt.writeBytes(latin1("cellscape\0"));
        itxt.write(0); // not compressed
        itxt.write(0); // compression method
        itxt.write(0); // empty language tag
        itxt.write(0); // empty translated keyword
        itxt.writeBytes(ParamsJson.compact(spec.parameters(), false).getBytes(StandardCharsets.UTF_8));
        writeChunk("iTXt", itxt.toByteArray());
    }

    /** How this file's pieces are cut and encoded. */
    public PngPieces pieces() {
        return codec;
    }

    /**
     * Appends the next piece as {@link #pieces()} encoded it, instead of rows: a file is written either from rows or
     * from encoded pieces. Memory: the one piece.
     */
    public void writeEncodedPiece(PngPieces.Piece p) throws IOException {
        if (rowsGiven) throw new IllegalStateException(target + ": encoded pieces need a file from no rows");
        if (piecesWritten == codec.count()) throw new IllegalStateException(target + ": all " + piecesWritten + " pieces are written");
        accept(codec.rows(piecesWritten), () -> writePiece(p));
    }

    @Override
    protected void acceptRows(short[] rgb, int rows, long firstRow) throws IOException {
        if (piecesWritten > 0 && !rowsGiven) throw new IllegalStateException(target + ": rows after encoded pieces");
        rowsGiven = true;
        for (int r = 0; r < rows; r++) {
            if (chunk == null) {
                chunk = new short[rowsPerChunk][]; // a fresh array: the previous one now belongs to its task
                chunkY0 = firstRow + r;
            }
            short[] row = new short[rowSamples];
            System.arraycopy(rgb, r * rowSamples, row, 0, rowSamples);
            chunk[chunkRows++] = row;
            boolean last = firstRow + r == spec.height() - 1;
            if (chunkRows == rowsPerChunk || last) submitChunk();
        }
    }

    private void submitChunk() throws IOException {
        short[][] rows = chunk;
        int n = chunkRows;
        short[] prev = previousRow;
        long y0 = chunkY0;
        pending.add(pool.submit(() -> codec.encode(prev, rows, n, y0)));
        previousRow = rows[n - 1];
        chunk = null;
        chunkRows = 0;
        // keep a few chunks in flight for the pool, but bound memory: write the oldest once enough are queued
        while (pending.size() > maxPending) writePiece(await(pending.poll()));
    }

    /** Appends a piece as one IDAT: the zlib header before the first, the Adler-32 after the last. */
    private void writePiece(PngPieces.Piece p) throws IOException {
        adler = PngPieces.combine(adler, p.adler(), p.filteredLength());
        byte[] head = piecesWritten == 0 ? Deflate.zlibHeader(codec.level()) : new byte[0];
        boolean last = ++piecesWritten == codec.count();
        int tail = last ? 4 : 0;
        ByteBuffer data = ByteBuffer.allocate(head.length + p.compressed().length + tail);
        data.put(head).put(p.compressed());
        if (last) data.putInt(adler);
        writeChunk("IDAT", data.array());
    }

    @Override
    protected void complete() throws IOException {
        List<Future<PngPieces.Piece>> rest = new ArrayList<>(pending);
        pending.clear();
        for (Future<PngPieces.Piece> f : rest) writePiece(await(f));
        writeChunk("IEND", new byte[0]);
    }

    private void writeChunk(String type, byte[] data) throws IOException {
        byte[] t = latin1(type);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(t).put(data).putInt((int) crc.getValue());
        b.flip();
        writeFully(b, position);
        position += b.capacity();
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
