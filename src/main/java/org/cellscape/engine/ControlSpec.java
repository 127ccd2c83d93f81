package org.cellscape.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellscape.CellscapeException;

/**
 * A control map as the user wrote it, typed but not read (docs/control-maps.md): either grayscale weight images
 * per rule ({@code weights}, in the order given, with the rule that takes the remainder), or one colour map with a
 * legend. {@link ControlMap#load} reads the files and checks the names against a model.
 *
 * @param weights     rule name to weight image; empty for the legend form
 * @param map         the legend form's map image; null for the weight form
 * @param legend      the legend form's colours, in the order given; empty for the weight form
 * @param defaultRule the rule taking the remainder of the weights, null = the model's first
 */
public record ControlSpec(Map<String, Path> weights, Path map, List<LegendEntry> legend, String defaultRule) {
    /** One legend colour (0xRRGGBB) and the rule it paints. */
    public record LegendEntry(int rgb, String rule) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "#%06x:%s", rgb, rule);
        }
    }

    private static final Pattern NAMED = Pattern.compile("([a-z0-9_-]+)=(.+)");

    public ControlSpec {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        legend = List.copyOf(legend);
    }

    /**
     * Parses option text: {@code controls} are NAME=IMAGE values or one MAP path (which then needs {@code legend},
     * "#2a6:lichen,#c84:coral"). Returns null when nothing is given. Bad text is a usage error (exit 2).
     */
    public static ControlSpec parse(List<String> controls, String legend, String defaultRule) {
        if (controls == null || controls.isEmpty()) {
            if (legend != null) throw CellscapeException.invalid("a legend needs a control map to go with it");
            if (defaultRule != null) throw CellscapeException.invalid("a default rule needs control weight images (NAME=IMAGE)");
            return null;
        }
        Map<String, Path> weights = new LinkedHashMap<>();
        List<Path> maps = new ArrayList<>();
        for (String c : controls) {
            Matcher m = NAMED.matcher(c);
            if (m.matches()) {
                if (weights.put(m.group(1), Path.of(m.group(2))) != null)
                    throw CellscapeException.invalid("control weights for rule '" + m.group(1) + "' are given twice");
            } else if (c.isBlank()) {
                throw CellscapeException.invalid("empty control map name");
            } else {
                maps.add(Path.of(c));
            }
        }
        if (!maps.isEmpty() && !weights.isEmpty())
            throw CellscapeException.invalid("give either weight images (NAME=IMAGE) or one map with a legend, not both");
        if (maps.size() > 1) throw CellscapeException.invalid("one control map at a time (got " + maps.size() + "); weight images are NAME=IMAGE");
        if (defaultRule != null && !defaultRule.matches("[a-z0-9_-]+"))
            throw CellscapeException.invalid("default rule '" + defaultRule + "' is not a rule name ([a-z0-9_-]+)");
        if (maps.isEmpty()) {
            if (legend != null) throw CellscapeException.invalid("a legend goes with a colour map, not with NAME=IMAGE weights");
            return new ControlSpec(weights, null, List.of(), defaultRule);
        }
        if (legend == null)
            throw CellscapeException.invalid("control map " + maps.get(0) + " needs a legend (\"#2a6:lichen,#c84:coral\"), or give weight images as NAME=IMAGE");
        if (defaultRule != null) throw CellscapeException.invalid("a legend map paints every pixel with a rule; a default rule goes with NAME=IMAGE weights");
        return new ControlSpec(Map.of(), maps.get(0), parseLegend(legend), null);
    }

    /** "#2a6:lichen, #c84:coral": colours unique, names {@code [a-z0-9_-]+}. */
    static List<LegendEntry> parseLegend(String text) {
        List<LegendEntry> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            int colon = p.indexOf(':');
            int rgb = colon < 0 ? -1 : GradientMap.hexColour(p.substring(0, colon).trim());
            String rule = colon < 0 ? "" : p.substring(colon + 1).trim();
            if (rgb < 0 || !rule.matches("[a-z0-9_-]+"))
                throw CellscapeException.invalid("legend \"" + text + "\": entry '" + p + "' is not COLOUR:RULE (#2a6:lichen)");
            for (LegendEntry e : out)
                if (e.rgb == rgb) throw CellscapeException.invalid("legend \"" + text + "\": colour " + e + " is given twice");
            out.add(new LegendEntry(rgb, rule));
        }
        return out;
    }

    /** The same map with relative image paths taken from {@code dir} (a preset's folder). */
    public ControlSpec relativeTo(Path dir) {
        Map<String, Path> w = new LinkedHashMap<>();
        weights.forEach((k, v) -> w.put(k, dir.resolve(v)));
        return new ControlSpec(w, map == null ? null : dir.resolve(map), legend, defaultRule);
    }

    /** The image files it reads. */
    public List<Path> files() {
        return map != null ? List.of(map) : List.copyOf(weights.values());
    }

    /** One line: "lichen=a.png, coral=b.png (rest: lichen)" or "map.png, legend #22aa66:lichen, ...". */
    public String describe(String effectiveDefault) {
        if (map != null) return map + ", legend " + String.join(", ", legend.stream().map(LegendEntry::toString).toList());
        List<String> parts = new ArrayList<>();
        weights.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts) + " (rest: " + effectiveDefault + ")";
    }
}
