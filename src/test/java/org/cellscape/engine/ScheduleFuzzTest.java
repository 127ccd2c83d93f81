package org.cellscape.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any text as a schedule: a schedule that prints back to itself, or IllegalArgumentException (the parser's
 * documented refusal, which callers turn into exit 2 or 3).
 */
class ScheduleFuzzTest {
    @FuzzTest(maxDuration = "3s")
    void anyText(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Schedule s;
        try {
            s = Schedule.parse(text);
        } catch (IllegalArgumentException e) {
            return;
        }
        Schedule again = Schedule.parse(s.toString());
        if (!again.equals(s)) throw new AssertionError("'" + text + "' prints as '" + s + "', which parses to '" + again + "'");
        try {
            Schedule.parseLevels(text);
        } catch (IllegalArgumentException e) {
            // a seed is no level
        }
    }
}
