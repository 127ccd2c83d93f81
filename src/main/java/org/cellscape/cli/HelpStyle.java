package org.cellscape.cli;

import picocli.CommandLine;

/**
 * How every command's help looks: as wide as the terminal, and footers (the examples) printed as written, never
 * re-wrapped, so a copied example is one command even where the terminal is narrow.
 */
final class HelpStyle {
    private HelpStyle() {}

    static void apply(CommandLine cl) {
        cl.setUsageHelpAutoWidth(true);
        forEach(cl);
    }

    private static void forEach(CommandLine cl) {
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, HelpStyle::footer);
        cl.getSubcommands().values().forEach(HelpStyle::forEach);
    }

    private static String footer(CommandLine.Help help) {
        StringBuilder b = new StringBuilder();
        for (String line : help.commandSpec().usageMessage().footer()) b.append(line.replace("%%", "%")).append(System.lineSeparator());
        return b.toString();
    }
}
