package org.cellscape.testing;

import java.util.Arrays;
import org.cellscape.CellscapeException;

/**
 * What a fuzz target accepts as a correct refusal: a {@link CellscapeException} with one of the expected exit codes
 * and a one-line message. Anything else thrown (a RuntimeException, an Error, exit code 1) escapes to the fuzzer as a
 * finding.
 */
public final class Typed {
    private Typed() {}

    public static void refusalOk(Runnable parse, int... exitCodes) {
        try {
            parse.run();
        } catch (CellscapeException e) {
            String m = e.getMessage();
            if (Arrays.stream(exitCodes).noneMatch(c -> c == e.exitCode()))
                throw new AssertionError("exit code " + e.exitCode() + " for: " + m, e);
            if (m == null || m.isBlank() || m.contains("\n") || m.contains("\r") || m.endsWith(": null") || m.endsWith(" in null"))
                throw new AssertionError("not a one-line message: " + m, e);
        }
    }
}
