package org.cellscape.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.cellscape.canvas.Layout;
import org.cellscape.engine.Schedule;
import org.junit.jupiter.api.Test;

class ProgressTest {
    long now;

    @Test
    void etaComesFromThisRunsRateWeightedByWork() {
        // level 0: 10x10 cells x 4 steps; level 1: 20x20 x 9 steps -> work (steps + 1) * cells
        PassPlan plan = new PassPlan(Schedule.parse("10:zeros:4, x2:9"), 20, 20, 3, new Layout(8, 32, 0));
        assertEquals(100 * 5 + 400 * 10, plan.totalWork());
        StringWriter sw = new StringWriter();
        Progress p = new Progress(Progress.Mode.JSON, new PrintWriter(sw), () -> now);
        p.begin(plan, 500); // a resumed run: level 0 was done before
        p.tile(plan.passes().get(1), 0);
        now = 2_000_000_000L;
        p.advanced(1000, 900);
        // 1000 work units in 2 s; 3000 left -> 6 s (the 500 resumed units do not count as speed)
        assertEquals(6.0, p.etaSeconds(), 1e-9);
        assertEquals(450.0, p.rate(), 1e-9);
        assertEquals(100.0 * 1500 / 4500, p.percent(), 1e-9);
        p.tile(plan.passes().get(1), 3);
        p.end();
        String[] lines = sw.toString().strip().split("\n");
        assertTrue(lines.length >= 2, sw.toString());
        for (String l : lines) assertTrue(l.startsWith("{\"level\":1,\"levels\":2,") && l.endsWith("}"), l);
        assertTrue(lines[lines.length - 1].contains("\"etaSeconds\":6.0"), lines[lines.length - 1]);
    }

    @Test
    void theExpectedSpeedGivesTheFirstEtaAndTheRunsOwnTakesOver() {
        PassPlan plan = new PassPlan(Schedule.parse("10:zeros:4, x2:9"), 20, 20, 3, new Layout(8, 32, 0));
        Progress p = new Progress(Progress.Mode.JSON, new PrintWriter(new StringWriter()), () -> now).expect(1000);
        now = 0;
        p.begin(plan, 500); // just resumed: no work of this run yet
        p.tile(plan.passes().get(1), 0);
        assertEquals(4.0, p.etaSeconds(), 1e-9); // 4000 units left at the plan's 1000/s, at once
        assertEquals(1000.0, p.rate(), 1e-9);
        now = 40_000_000_000L; // long after the settling time: this run's rate alone (a slow machine)
        p.advanced(1000, 1000);
        assertEquals(3000 * 40.0 / 1000, p.etaSeconds(), 1e-9);
        assertEquals(25.0, p.rate(), 1e-9);
    }

    @Test
    void pipedLinesArePlainAndSpaced() {
        PassPlan plan = new PassPlan(Schedule.parse("10:zeros:4, x2:9"), 20, 20, 3, new Layout(8, 32, 0));
        StringWriter sw = new StringWriter();
        Progress p = new Progress(Progress.Mode.PLAIN, new PrintWriter(sw), () -> now, 5000);
        now = 0;
        p.begin(plan, 0);
        p.tile(plan.passes().get(0), 0);
        now = 4_000_000_000L;
        p.advanced(100, 100);
        assertEquals("", sw.toString(), "nothing before the first interval");
        now = 5_000_000_000L;
        p.advanced(100, 100);
        now = 6_000_000_000L;
        p.advanced(100, 100);
        p.end();
        String[] lines = sw.toString().split("\n");
        assertEquals(2, lines.length, sw.toString()); // one at 5 s, one at the end
        assertTrue(lines[0].startsWith("level 0 of 0-1  pass 1/1  tile 1/4") && !sw.toString().contains("\r"), sw.toString());
    }
}
