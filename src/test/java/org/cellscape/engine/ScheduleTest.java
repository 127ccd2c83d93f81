package org.cellscape.engine;

import static org.junit.jupiter.api.Assertions.*;

import org.cellscape.CellscapeException;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void parsesTheCompactSyntax() {
        Schedule s = Schedule.parse("128:zeros:200, x2:bilinear:40, x2:40, x3:nearest:8");
        assertEquals(128, s.seedWidth());
        assertEquals(128, s.seedHeight());
        assertEquals(Schedule.Init.ZEROS, s.init());
        assertEquals(200, s.steps(0));
        assertEquals(4, s.levelCount());
        assertEquals(Upsample.Mode.BILINEAR, s.levels().get(1).mode());
        assertEquals(Upsample.Mode.NEAREST, s.levels().get(2).mode());
        assertEquals(12, s.totalFactor());
        assertEquals(1536, s.finalWidth());
        assertEquals(128L * 128 * 200 + 256L * 256 * 40 + 512L * 512 * 40 + 1536L * 1536 * 8, s.cellUpdates());
        assertEquals(s, Schedule.parse(s.toString()));
        Schedule n = Schedule.parse("64x32:noise(0.25):10");
        assertEquals(Schedule.Init.NOISE, n.init());
        assertEquals(0.25f, n.noiseAmplitude());
        assertEquals(32, n.seedHeight());
    }

    @Test
    void autoSeedIsFittedToTheSize() {
        Schedule s = Schedule.parse("auto:zeros:64, x2:32, x2:16").fitTo(9933, 14043);
        assertEquals(2484, s.seedWidth());
        assertEquals(3511, s.seedHeight());
        assertTrue(s.finalWidth() >= 9933 && s.finalWidth() - 9933 < 4);
        assertEquals(Schedule.parse("zeros:10, x2:5").fitTo(100, 50).seedWidth(), 50);
    }

    @Test
    void clearMessagesForBadSchedules() {
        var e = assertThrows(CellscapeException.class, () -> Schedule.parse("128:zeros:200, x2:40").fitTo(1000, 1000));
        assertTrue(e.getMessage().contains("500x500"), e.getMessage());
        assertThrows(CellscapeException.class, () -> Schedule.parse("128:ones:200"));
        assertThrows(CellscapeException.class, () -> Schedule.parse("128:zeros:-1"));
        assertThrows(CellscapeException.class, () -> Schedule.parse("128:zeros:10, 2:40"));
        assertThrows(CellscapeException.class, () -> Schedule.parse("128:zeros:10, x2:cubic:40"));
        assertThrows(CellscapeException.class, () -> Schedule.parse(""));
        assertThrows(CellscapeException.class, () -> Schedule.parse("0:zeros:10"));
    }

    @Test
    void noiseAmplitudesPrintAsTheyParseAndHugeOnesAreRefused() {
        // found by the fuzz target: "noise(66666666666666666666666666666666666666)" printed as noise(6.6666664e36)
        for (String a : new String[]{"0.0001", "0.1", "2", "100", "0.3333"}) {
            Schedule s = Schedule.parse("64:noise(" + a + "):8");
            assertEquals(s, Schedule.parse(s.toString()), s.toString());
            assertFalse(s.toString().contains("E"), s.toString());
        }
        assertThrows(CellscapeException.class, () -> Schedule.parse("64:noise(66666666666666666666666666666666666666):8"));
        assertThrows(CellscapeException.class, () -> Schedule.parse("64:noise(100.5):8"));
    }
}
