package org.cellscape.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlockingTest {
    @Test
    void everyShapeIsBitExactAtThisWidth() {
        assertEquals(Blocking.all().size() * 6, SpeciesCheck.checkEveryBlocking());
    }

    @Test
    void tableShapesFitTheRegisters() {
        for (int bits : new int[]{128, 256, 512})
            for (int regs : new int[]{16, 32}) {
                Blocking b = Blocking.table(bits, regs);
                // accumulators + weight vectors + one broadcast (layer 1), accumulators + weights + broadcast (layer 2)
                assertTrue(b.cells1() * b.vectors1() + b.vectors1() + 1 <= regs, bits + "-bit, " + regs + " registers: " + b);
                assertTrue(b.cells2() * b.vectors2() + b.vectors2() + 1 <= regs, bits + "-bit, " + regs + " registers: " + b);
            }
    }

    @Test
    void batchesHoldWholeBlocksOfBothLayers() {
        for (Blocking b : Blocking.all()) {
            int n = b.batch();
            assertTrue(n >= Blocking.BATCH && n < Blocking.BATCH + b.cells1() * b.cells2(), b + ": batch " + n);
            assertEquals(0, n % b.cells1(), b.toString());
            assertEquals(0, n % b.cells2(), b.toString());
        }
        assertEquals(24, new Blocking(4, 3, 6, 2).batch());
        assertEquals(16, new Blocking(8, 2, 8, 1).batch());
    }

    @Test
    void parsesShapes() {
        assertEquals(new Blocking(4, 3, 8, 1), Blocking.parse("4x3"));
        assertEquals(new Blocking(8, 2, 4, 3), Blocking.parse(" 8X2/4x3 "));
        assertEquals("4x3/8x1", Blocking.parse("4x3/8x1").toString());
        assertThrows(IllegalArgumentException.class, () -> Blocking.parse("5x5"));
        assertEquals(new Blocking(4, 3, 6, 2), Blocking.parse("4x3/6x2"));
        assertThrows(IllegalArgumentException.class, () -> Blocking.parse("8x2/4x2"));
        assertThrows(IllegalArgumentException.class, () -> Blocking.parse("8x2/8"));
        assertThrows(IllegalArgumentException.class, () -> Blocking.parse("fast"));
    }
}
