package org.cellscape.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    /** A version 1.0 file with this header dict and {@code data} bytes of cells. */
    static byte[] file(String dict, int data) {
        byte[] h = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h);
        return b.array();
    }

    private Npy.Header header(byte[] f) throws IOException {
        Path p = dir.resolve("s.npy");
        Files.write(p, f);
        return Npy.readHeader(p);
    }

    private String refusal(byte[] f) {
        CellscapeException e = assertThrows(CellscapeException.class, () -> header(f));
        assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(dir.resolve("s.npy") + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void compactHeadersAreReadLikeNumpyReadsThem() throws IOException {
        Npy.Header h = header(file("{'descr':'<f4','fortran_order':False,'shape':(2,3,4)}", 2 * 3 * 4 * 4));
        assertEquals(new Npy.Header(2, 3, 4, h.dataOffset()), h);
        h = header(file("{ \"shape\" : ( 2 , 3 , 4 , ) , \"descr\":\"<f4\", \"fortran_order\" : False , }", 96));
        assertEquals(2, h.height());
        assertEquals(4, h.channels());
    }

    @Test
    void fortranOrderWithoutSpacesIsRefused() {
        assertTrue(refusal(file("{'descr':'<f4','fortran_order':True,'shape':(2,3,4)}", 96)).contains("Fortran order"));
    }

    @Test
    void garbageValuesAndKeysAreRefused() {
        assertTrue(refusal(file("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2, 3, 4), }", 96)).contains("'Maybe' is not a Python literal"));
        assertTrue(refusal(file("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3, 4), }", 96)).contains("fortran_order must be True or False"));
        assertTrue(refusal(file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), 'x': 1}", 96)).contains("exactly the keys"));
        assertTrue(refusal(file("{'descr': '<f4', 'fortran_order': False, 'shape': (24), }", 96)).contains("shape must be"));
        assertTrue(refusal(file("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 4), }", 192)).contains("float32"));
        assertTrue(refusal(file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), } x", 96)).contains("after the header dict"));
        assertTrue(refusal(file("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999, 4), }", 96)).contains("too large"));
    }

    @Test
    void textFromTheHeaderCannotSplitTheMessage() {
        String m = refusal(file("{'descr':'<f4','fortran_ord\rer\u001b[2J':False,'shape':(1,2,3)}", 24));
        assertTrue(m.contains("fortran_ord\\rer\\x1b[2J"), m);
        assertFalse(m.contains("\r") || m.contains("\u001b"), m);
    }

    @Test
    void dataMustBeExactlyThere() {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }";
        String m = refusal(file(dict, 95));
        assertTrue(m.contains("truncated: the shape (2, 3, 4) needs 96 bytes of data, the file has 95"), m);
        assertTrue(refusal(file(dict, 100)).contains("4 bytes follow"));
    }

    @Test
    void truncatedFileOnDiskSaysSoWithoutNull() throws IOException {
        Path f = dir.resolve("t.npy");
        Files.write(f, file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }", 10));
        CellscapeException e = assertThrows(CellscapeException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void writtenFilesReadBack() {
        Path f = dir.resolve("w.npy");
        float[] d = new float[2 * 3 * 4];
        for (int i = 0; i < d.length; i++) d[i] = i * 0.5f;
        Npy.write(f, new Tile(3, 2, 4, 0, 0, 3, 2, d));
        assertArrayEquals(d, Npy.read(f).data());
    }
}
