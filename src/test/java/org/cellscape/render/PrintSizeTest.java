package org.cellscape.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cellscape.canvas.Units;
import org.junit.jupiter.api.Test;

class PrintSizeTest {
    @Test
    void paperAndUnitSizes() {
        assertEquals(new PrintSize.Pixels(9933, 14043), PrintSize.parsePrint("A0", 300));
        assertEquals(new PrintSize.Pixels(14043, 9933), PrintSize.parsePrint("a0 landscape", 300));
        assertEquals(new PrintSize.Pixels(2480, 3508), PrintSize.parsePrint("A4", 300));
        assertEquals(new PrintSize.Pixels(7200, 10800), PrintSize.parsePrint("24x36in", 300));
        assertEquals(new PrintSize.Pixels(3543, 2362), PrintSize.parsePrint("60x40cm", 150));
        assertEquals(new PrintSize.Pixels(2550, 3300), PrintSize.parsePrint("letter", 300));
        assertEquals(new PrintSize.Pixels(3300, 5100), PrintSize.parsePrint("Tabloid", 300));
        assertEquals(new PrintSize.Pixels(1181, 1181), PrintSize.parsePrint("100x100mm", 300));
        assertEquals(new PrintSize.Pixels(4096, 2048), PrintSize.parsePixels("4096x2048"));
        assertEquals(new PrintSize.Pixels(512, 512), PrintSize.parsePixels("512"));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PrintSize.parsePrint("A11", 300));
        assertThrows(IllegalArgumentException.class, () -> PrintSize.parsePrint("24x36", 300));
        assertThrows(IllegalArgumentException.class, () -> PrintSize.parsePrint("A4", 0));
        assertThrows(IllegalArgumentException.class, () -> PrintSize.parsePixels("0x5"));
        assertThrows(IllegalArgumentException.class, () -> PrintSize.parsePixels("-5"));
        assertThrows(IllegalArgumentException.class, () -> PrintSize.parsePixels("99999999999999999999"));
        assertEquals(3L << 30, Units.parseBytes("3g"));
        assertEquals(512L << 20, Units.parseBytes("512MiB"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseBytes("lots"));
    }
}
