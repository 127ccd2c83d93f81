package org.cellscape.preset;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.cellscape.CellscapeException;
import org.junit.jupiter.api.Test;

class VariantsTest {
    private static List<String> values(String arg) {
        return Variants.parse(arg, "--vary").values();
    }

    @Test
    void listsAndRanges() {
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8"), values("seed=1..8"));
        assertEquals(List.of("3", "2", "1"), values("seed=3..1"));
        assertEquals(List.of("16", "32"), values("schedule.levels[2].steps=16,32"));
        assertEquals(List.of("1", "5", "6", "7", "20"), values("seed=1, 5..7, 20"));
        assertEquals(List.of("0.3", "0.4", "0.5", "0.6", "0.7"), values("fire_rate=0.3..0.7:0.1"));
        assertEquals(List.of("0", "10", "20"), values("seed=0..25:10"));
        assertEquals(List.of("auto:zeros:8, x2:4", "auto:noise:8, x2:4"), values("schedule=auto:zeros:8, x2:4|auto:noise:8, x2:4"));
        assertEquals(List.of("auto:zeros:8, x2:4"), values("schedule=auto:zeros:8, x2:4"), "a schedule's commas do not split it");
        assertEquals(List.of("A3", "A2 landscape"), values("print=A3,A2 landscape"));
    }

    @Test
    void cartesianProductFirstSlowest() {
        List<List<Setting>> v = Variants.expand(List.of(Variants.parse("seed=1..3", "--vary"), Variants.parse("schedule.levels[2].steps=16,32", "--vary")));
        assertEquals(6, v.size());
        assertEquals("[seed=1, schedule.levels[2].steps=16]", v.get(0).toString());
        assertEquals("[seed=1, schedule.levels[2].steps=32]", v.get(1).toString());
        assertEquals("[seed=3, schedule.levels[2].steps=32]", v.get(5).toString());
        assertEquals(Origin.Kind.OVERRIDE, v.get(0).get(0).origin().kind());
        assertEquals(1, Variants.expand(List.of()).size(), "no --vary: one job");
    }

    @Test
    void badVariesAreUsageErrors() {
        CellscapeException e = assertThrows(CellscapeException.class, () -> Variants.parse("sede=1..3", "--vary"));
        assertEquals(CellscapeException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("did you mean 'seed'"));
        assertEquals(CellscapeException.USAGE, assertThrows(CellscapeException.class, () -> Variants.parse("seed", "--vary")).exitCode());
        assertThrows(CellscapeException.class, () -> Variants.parse("seed=1,,2", "--vary"));
        assertThrows(CellscapeException.class, () -> Variants.parse("seed=1..100000", "--vary"));
        assertThrows(CellscapeException.class, () -> Variants.expand(List.of(Variants.parse("seed=1..200", "--vary"), Variants.parse("bits=1..100", "--vary"))));
    }

    @Test
    void rangesAtTheEndsOfLongNeitherOverflowNorLoop() {
        List<String> v = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> values("seed=9223372036854775806..9223372036854775807"));
        assertEquals(List.of("9223372036854775806", "9223372036854775807"), v);
        assertEquals(List.of("-9223372036854775807", "-9223372036854775808"), values("seed=-9223372036854775807..-9223372036854775808"));
        CellscapeException e = assertThrows(CellscapeException.class, () -> Variants.parse("seed=-9223372036854775808..9223372036854775807", "--vary"));
        assertEquals("more than 10000 values for 'seed' in --vary seed=-9223372036854775808..9223372036854775807", e.getMessage());
        assertEquals(CellscapeException.USAGE, assertThrows(CellscapeException.class, () -> Variants.parse("seed=1..99999999999999999999", "--vary")).exitCode());
        String many = String.join(",", java.util.stream.IntStream.range(0, 10_001).mapToObj(Integer::toString).toList());
        assertTrue(assertThrows(CellscapeException.class, () -> Variants.parse("seed=" + many, "--vary")).getMessage().startsWith("more than 10000 values for 'seed'"));
    }
}
