package org.cellscape.engine;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cellscape.CellscapeException;
import org.cellscape.TerminalText;

/**
 * NumPy .npy state files: version 1.0, dtype '&lt;f4', C order, shape (height, width, channels) — the same
 * HWC layout as {@link Tile}. {@code numpy.load(f)[y, x, c]} is channel c of cell (x, y).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private Npy() {}

    /** The header for a (h, w, c) float32 array, padded so the data starts at a multiple of 64. */
    public static byte[] header(long h, long w, long c) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + h + ", " + w + ", " + c + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String hdr = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + hdr.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) hdr.length()).put(hdr.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    public static void write(Path file, Tile t) {
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            out.write(header(t.height(), t.width(), t.channels()));
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : t.data()) {
                if (!b.hasRemaining()) { out.write(b.array(), 0, b.position()); b.clear(); }
                b.putFloat(f);
            }
            out.write(b.array(), 0, b.position());
        } catch (IOException e) {
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
            throw CellscapeException.io("cannot write state " + file + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CellscapeException.io("cannot write state " + file + ": " + e.getMessage(), e);
        }
    }

    /** Shape and data offset of a float32 HWC .npy file, read without loading the cells (any size). */
    public record Header(long height, long width, long channels, long dataOffset) {}

    public static Header readHeader(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readHeader(file, in, Files.size(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw bad(file, "no such file");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * The header of the {@code size}-byte .npy file whose bytes {@code in} gives, checked as numpy would read it
     * (version 1, 2 or 3; a dict of exactly descr, fortran_order and shape), and checked to be followed by exactly
     * the array's data.
     */
    public static Header readHeader(Path file, InputStream raw, long size) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        try {
            byte[] magic = new byte[6];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw bad(file, "not a .npy file");
            int major = in.readUnsignedByte(), minor = in.readUnsignedByte();
            if (major < 1 || major > 3) throw bad(file, "unsupported .npy format version " + major + "." + minor);
            long len = major == 1 ? Short.reverseBytes(in.readShort()) & 0xffff : Integer.reverseBytes(in.readInt()) & 0xffffffffL;
            if (len <= 0 || len > 1 << 20) throw bad(file, "bad header length " + len);
            long offset = (major == 1 ? 10 : 12) + len;
            if (offset > size) throw bad(file, "truncated header (" + size + " bytes, the header needs " + offset + ")");
            byte[] hb = new byte[(int) len];
            in.readFully(hb);
            // version 3 allows UTF-8; the literals we accept are ASCII either way
            Map<String, Object> dict;
            try {
                dict = NpyDict.parse(new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
            } catch (NpyDict.Bad e) {
                throw bad(file, "bad header: " + e.getMessage());
            }
            if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape")))
                throw bad(file, "the header must have exactly the keys descr, fortran_order and shape, it has " + dict.keySet());
            if (!"<f4".equals(dict.get("descr"))) throw bad(file, "dtype must be little-endian float32 ('<f4')");
            if (!(dict.get("fortran_order") instanceof Boolean fortran)) throw bad(file, "fortran_order must be True or False");
            if (fortran) throw bad(file, "Fortran order is not supported; save a C-order array");
            if (!(dict.get("shape") instanceof NpyDict.Tuple(List<Long> dims)) || dims.size() != 3)
                throw bad(file, "shape must be (height, width, channels)");
            long h = dims.get(0), w = dims.get(1), c = dims.get(2);
            if (h < 1 || w < 1 || c < 1) throw bad(file, "empty shape (" + h + ", " + w + ", " + c + ")");
            long data;
            try {
                data = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(h, w), c), 4L);
            } catch (ArithmeticException e) {
                throw bad(file, "shape (" + h + ", " + w + ", " + c + ") is too large");
            }
            if (size - offset < data) throw bad(file, "truncated: the shape (" + h + ", " + w + ", " + c + ") needs " + data + " bytes of data, the file has " + (size - offset));
            if (size - offset > data) throw bad(file, (size - offset - data) + " bytes follow the array's data (a damaged file?)");
            return new Header(h, w, c, offset);
        } catch (java.io.EOFException e) {
            throw bad(file, "truncated header");
        }
    }

    /** Reads a whole (h, w, c) float32 state into a torus tile. */
    public static Tile read(Path file) {
        Header h = readHeader(file);
        if (h.height() * h.width() * h.channels() > Integer.MAX_VALUE - 8)
            throw bad(file, "shape (" + h.height() + ", " + h.width() + ", " + h.channels() + ") is too large to load whole");
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            in.skipNBytes(h.dataOffset());
            float[] data = new float[(int) (h.height() * h.width() * h.channels())];
            byte[] buf = new byte[1 << 16];
            ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
            int i = 0;
            while (i < data.length) {
                int n = Math.min(buf.length / 4, data.length - i);
                in.readFully(buf, 0, n * 4);
                bb.clear();
                for (int k = 0; k < n; k++) data[i++] = bb.getFloat();
            }
            return new Tile((int) h.width(), (int) h.height(), (int) h.channels(), 0, 0, h.width(), h.height(), data);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static CellscapeException unreadable(Path f, IOException e) {
        return bad(f, "cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    private static CellscapeException bad(Path f, String why) {
        return CellscapeException.badInput(f + ": " + TerminalText.escape(why)); // header text is the file's
    }
}
