package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellscape.CellscapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes: one table, the README's copy of it, the help footers, and bugs reported as bugs. */
class ExitCodesTest {
    @TempDir
    Path dir;

    @Test
    void aBugInsideTheEngineIsAnInternalErrorNotAUsageError() {
        CliTestSupport r = CliTestSupport.run("render", "--model", GoldenRendersTest.SPOTS, "--size", "32", "--schedule", "auto:zeros:4",
                "--backend", "faulty", "--out", dir.resolve("x.png").toString());
        assertEquals(CellscapeException.INTERNAL, r.code(), r.err());
        assertTrue(r.err().contains("internal error") && r.err().contains("IllegalArgumentException"), r.err());
        assertTrue(r.err().contains("at org.cellscape."), "the stack trace is there to report: " + r.err());
        assertFalse(Files.exists(dir.resolve("x.png")), "nothing under the final name");
    }

    @Test
    void aBadValueIsAUsageErrorInOneLine() {
        CliTestSupport r = CliTestSupport.run("render", "--model", GoldenRendersTest.SPOTS, "--size", "32x", "--out", dir.resolve("x.png").toString());
        assertEquals(CellscapeException.USAGE, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("cellscape:")).count(), r.err());
        assertTrue(r.err().contains("--size"), "the CLI names the option: " + r.err());
    }

    @Test
    void theReadmeTableIsTheProgramsTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| (.+?) \\|$").matcher(readme);
        List<CellscapeException.ExitCode> table = new ArrayList<>();
        while (m.find()) table.add(new CellscapeException.ExitCode(Integer.parseInt(m.group(1)), m.group(2)));
        assertEquals(CellscapeException.EXIT_CODES, table);
    }

    @Test
    void everyCommandThatComputesTakesTheBackendOptions() {
        for (String command : List.of("render", "plan", "batch", "tune", "gallery")) {
            String help = CliTestSupport.run(command, "--help").out();
            for (String option : List.of("--backend", "--threads", "--device")) assertTrue(help.contains(option), command + " lacks " + option);
        }
    }

    @Test
    void everyCommandsHelpEndsWithTheTable() {
        for (String command : List.of("render", "plan", "batch", "tune", "gallery", "train", "devices")) {
            CliTestSupport r = CliTestSupport.run(command, "--help");
            assertEquals(0, r.code(), command);
            String help = r.out().replaceAll("\\s+", " ");
            for (CellscapeException.ExitCode c : CellscapeException.EXIT_CODES)
                if (c.code() < CellscapeException.NO_JDK)
                    assertTrue(help.contains(c.code() + " " + c.meaning()), command + " --help lacks exit code " + c.code() + ": " + help);
        }
    }
}
