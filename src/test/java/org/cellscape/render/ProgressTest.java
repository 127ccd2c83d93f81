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
}
