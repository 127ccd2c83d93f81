package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.cellscape.model.ModelIO;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time breakdown as a user sees it: two summary lines, and the last --progress json event's fields. */
class PhaseSummaryCliTest {
    @TempDir
    Path dir;

    @Test
    void theSummaryAndTheLastJsonEventCarryTheBreakdown() throws Exception {
        Path model = dir.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(5, 6, 12), model);
        // cells by hand as in render.PhaseBreakdownTest: level 0 832 stepped, the 20x13 crop of level 1 16550
        CliTestSupport r = CliTestSupport.run("render", "--model", model.toString(), "--schedule", "12x8:noise:4, x2:bilinear:10",
                "--size", "20x13", "--tile", "8", "--backend", "cpu", "--threads", "2", "--progress", "json", "--out", dir.resolve("a.png").toString());
        assertEquals(0, r.code(), r.err());
        List<String> out = r.out().lines().toList();
        assertTrue(out.get(1).matches("time \\(2 threads x \\S+\\): step \\d+(\\.\\d)?% \\(halo \\d+(\\.\\d)?% of it\\), colour .*, encode .*, scratch .*, "
                + "idle .* \\(in steps .*, loads .*\\), other .*; beside them, loads .* \\(read .*, upsample .*\\)"), r.out());
        assertTrue(out.get(2).startsWith("cells: 17.4k updates stepped, 2.98k useful; "), r.out());

        ObjectMapper json = new ObjectMapper();
        List<String> events = r.err().lines().toList();
        for (String e : events.subList(0, events.size() - 1)) assertFalse(json.readTree(e).has("time"), e);
        JsonNode last = json.readTree(events.getLast());
        for (String old : List.of("level", "levels", "pass", "passes", "tile", "tiles", "percent", "cellUpdatesPerSecond", "etaSeconds"))
            assertTrue(last.has(old), old + " kept: " + last);
        assertTrue(last.get("done").asBoolean());
        assertEquals(17382, last.get("cellUpdates").get("stepped").asLong());
        assertEquals(2984, last.get("cellUpdates").get("useful").asLong());
        JsonNode time = last.get("time");
        assertEquals(2, time.get("threads").asInt());
        double sum = 0;
        for (String phase : List.of("useful", "halo", "stepWait", "loadWait", "colour", "encode", "scratch", "other"))
            sum += time.get("threadSeconds").get(phase).asDouble();
        assertEquals(2 * time.get("wallSeconds").asDouble(), sum, 0.01, "phases add up to the threads' time (3 decimals each)");
        assertTrue(time.get("stepWallSeconds").asDouble() <= time.get("wallSeconds").asDouble());
        assertTrue(time.get("prefetchSeconds").has("read") && time.get("prefetchSeconds").has("upsample"), time.toString());
    }
}
