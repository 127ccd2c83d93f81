package org.cellscape.canvas;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellscape.CellscapeException;

/**
 * The header of a float32 HWC .npy state (see {@link org.cellscape.engine.Npy}), read without loading the cells, so a
 * state of any size can be mapped as a {@link StateStore}.
 */
public record NpyHeader(long height, long width, long channels, long dataOffset) {
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+),\\s*(\\d+),?\\s*\\)");

    public static NpyHeader read(Path file) {
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            byte[] magic = new byte[6];
            in.readFully(magic);
            if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) throw bad(file, "not a .npy file");
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long len = major == 1 ? Short.reverseBytes(in.readShort()) & 0xffff : Integer.reverseBytes(in.readInt()) & 0xffffffffL;
            if (len <= 0 || len > 1 << 20) throw bad(file, "bad header length " + len);
            byte[] hb = new byte[(int) len];
            in.readFully(hb);
            String hdr = new String(hb, StandardCharsets.ISO_8859_1);
            if (!hdr.contains("'descr': '<f4'")) throw bad(file, "dtype must be little-endian float32 ('<f4')");
            if (hdr.contains("'fortran_order': True")) throw bad(file, "Fortran order is not supported; save a C-order array");
            Matcher m = SHAPE.matcher(hdr);
            if (!m.find()) throw bad(file, "shape must be (height, width, channels)");
            long h = Long.parseLong(m.group(1)), w = Long.parseLong(m.group(2)), c = Long.parseLong(m.group(3));
            if (h < 1 || w < 1 || c < 1) throw bad(file, "empty shape");
            return new NpyHeader(h, w, c, (major == 1 ? 10 : 12) + len);
        } catch (NoSuchFileException e) {
            throw bad(file, "no such file");
        } catch (java.io.EOFException e) {
            throw bad(file, "truncated header");
        } catch (IOException e) {
            throw bad(file, e.getMessage());
        }
    }

    private static CellscapeException bad(Path f, String why) {
        return CellscapeException.badInput(f + ": " + why);
    }
}
