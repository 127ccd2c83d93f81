package org.cellscape.canvas;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Any text as --size and as --print (at a dpi from the first byte): pixels of at least 1x1, or IllegalArgumentException. */
class PrintSizeFuzzTest {
    @FuzzTest(maxDuration = "3s")
    void anyText(byte[] bytes) {
        if (bytes.length == 0) return;
        double dpi = 1 + (bytes[0] & 0xff) * 7.25;
        String text = new String(Arrays.copyOfRange(bytes, 1, bytes.length), StandardCharsets.UTF_8);
        try {
            check(PrintSize.parsePixels(text), text);
        } catch (IllegalArgumentException e) {
            // refused: fine
        }
        try {
            check(PrintSize.parsePrint(text, dpi), text);
        } catch (IllegalArgumentException e) {
            // refused: fine
        }
    }

    private static void check(PrintSize.Pixels p, String text) {
        if (p.width() < 1 || p.height() < 1) throw new AssertionError("'" + text + "' gave " + p);
    }
}
