package org.cellscape.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cellscape.CellscapeException;
import org.cellscape.canvas.Units;
import org.cellscape.engine.Size;
import org.junit.jupiter.api.Test;

class PrintSizeTest {
    @Test
    void paperAndUnitSizes() {
        assertEquals(new Size(9933, 14043), PrintSize.parsePrint("A0", 300));
        assertEquals(new Size(14043, 9933), PrintSize.parsePrint("a0 landscape", 300));
        assertEquals(new Size(2480, 3508), PrintSize.parsePrint("A4", 300));
        assertEquals(new Size(7200, 10800), PrintSize.parsePrint("24x36in", 300));
        assertEquals(new Size(3543, 2362), PrintSize.parsePrint("60x40cm", 150));
        assertEquals(new Size(2550, 3300), PrintSize.parsePrint("letter", 300));
        assertEquals(new Size(3300, 5100), PrintSize.parsePrint("Tabloid", 300));
        assertEquals(new Size(1181, 1181), PrintSize.parsePrint("100x100mm", 300));
        assertEquals(new Size(4096, 2048), Size.parse("4096x2048", Long.MAX_VALUE));
        assertEquals(new Size(512, 512), Size.parse("512", Long.MAX_VALUE));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(CellscapeException.class, () -> PrintSize.parsePrint("A11", 300));
        assertThrows(CellscapeException.class, () -> PrintSize.parsePrint("24x36", 300));
        assertThrows(CellscapeException.class, () -> PrintSize.parsePrint("A4", 0));
        assertThrows(CellscapeException.class, () -> Size.parse("0x5", Long.MAX_VALUE));
        assertThrows(CellscapeException.class, () -> Size.parse("-5", Long.MAX_VALUE));
        assertThrows(CellscapeException.class, () -> Size.parse("99999999999999999999", Long.MAX_VALUE));
        assertEquals(3L << 30, Units.parseBytes("3g"));
        assertEquals(512L << 20, Units.parseBytes("512MiB"));
        assertThrows(CellscapeException.class, () -> Units.parseBytes("lots"));
    }
}
