package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's help: no warnings, one label style, examples intact at any width. */
class HelpTest {
    static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>(List.of(cl));
        cl.getSubcommands().values().forEach(c -> out.addAll(all(c)));
        return out;
    }

    @Test
    void helpPrintsNoWarningsAtAnyWidth() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            for (int width : new int[]{55, 80, 200}) {
                CommandLine root = Main.commandLine();
                root.setUsageHelpAutoWidth(false);
                root.setUsageHelpWidth(width);
                for (CommandLine c : all(root)) c.getUsageMessage();
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", captured.toString(), "picocli (or anything) wrote to stderr while formatting help");
    }

    @Test
    void examplesAreNeverRewrapped() {
        CommandLine root = Main.commandLine();
        root.setUsageHelpAutoWidth(false);
        root.setUsageHelpWidth(55);
        int examples = 0;
        for (CommandLine c : all(root)) {
            List<String> lines = c.getUsageMessage().lines().toList();
            for (String f : c.getCommandSpec().usageMessage().footer()) {
                if (!f.startsWith("  cellscape")) continue;
                examples++;
                assertTrue(lines.contains(f.replace("%%", "%")), c.getCommandName() + ": example broken at width 55: " + f);
            }
        }
        assertTrue(examples > 20, "found " + examples + " examples");
    }

    @Test
    void everyOptionValueHasAnUppercaseLabel() {
        for (CommandLine c : all(Main.commandLine()))
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.arity().max() == 0) continue;
                assertFalse(o.paramLabel().startsWith("<"), c.getCommandName() + " " + o.longestName() + " has label " + o.paramLabel());
            }
    }

    @Test
    void groupCommandsTakeHelp() {
        for (String group : new String[]{"presets", "models"}) {
            CliTestSupport r = CliTestSupport.run(group, "--help");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().startsWith("Usage: cellscape " + group), r.out());
        }
    }
}
