package org.cellscape.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.cellscape.CellscapeException;

/**
 * Any text as a schedule: a schedule that prints back to itself, or the parser's documented refusal (a usage
 * error, exit 2, in one line).
 */
class ScheduleFuzzTest {
    @FuzzTest(maxDuration = "3s")
    void anyText(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Schedule s;
        try {
            s = Schedule.parse(text);
        } catch (CellscapeException e) {
            if (e.exitCode() != CellscapeException.USAGE || e.getMessage().contains("\n")) throw new AssertionError("refused badly: " + e.getMessage());
            return;
        }
        Schedule again = Schedule.parse(s.toString());
        if (!again.equals(s)) throw new AssertionError("'" + text + "' prints as '" + s + "', which parses to '" + again + "'");
        try {
            Schedule.parseLevels(text);
        } catch (CellscapeException e) {
            // a seed is no level
        }
    }
}
