package org.cellscape.render;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Size;

/**
 * Any text as --size (the one size parser, engine.Size) and as --print (at a dpi from the first byte): pixels of at
 * least 1x1, or the documented refusal (a usage error, exit 2).
 */
class PrintSizeFuzzTest {
    @FuzzTest(maxDuration = "3s")
    void anyText(byte[] bytes) {
        if (bytes.length == 0) return;
        double dpi = 1 + (bytes[0] & 0xff) * 7.25;
        String text = new String(Arrays.copyOfRange(bytes, 1, bytes.length), StandardCharsets.UTF_8);
        try {
            check(Size.parse(text, Long.MAX_VALUE), text);
        } catch (CellscapeException e) {
            refused(e);
        }
        try {
            check(PrintSize.parsePrint(text, dpi), text);
        } catch (CellscapeException e) {
            refused(e);
        }
    }

    private static void refused(CellscapeException e) {
        if (e.exitCode() != CellscapeException.USAGE || e.getMessage().contains("\n")) throw new AssertionError("refused badly: " + e.exitCode() + " " + e.getMessage());
    }

    private static void check(Size p, String text) {
        if (p.width() < 1 || p.height() < 1) throw new AssertionError("'" + text + "' gave " + p);
    }
}
