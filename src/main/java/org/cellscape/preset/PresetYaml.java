package org.cellscape.preset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * YAML to settings, through snakeyaml-engine's node tree so every value keeps its line. Nested mappings become
 * dotted keys ({@code colour: {scale: 1}} is {@code colour.scale}); a {@code schedule.levels} list becomes
 * {@code schedule.levels[i]} settings. Keys are checked later, by {@link SettingsTable}, against the same table
 * the command-line overrides use.
 */
public final class PresetYaml {
    private PresetYaml() {}

    /** The YAML document of a file, or null when it is empty. {@code shown} is the name errors use. */
    public static Node compose(Path file, String shown) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read " + shown + ": " + (Files.exists(file) ? e.getMessage() : "no such file"));
        }
        try {
            return new Compose(LoadSettings.builder().setLabel(shown).build()).composeString(text).orElse(null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(1);
            throw CellscapeException.badInput("invalid YAML at " + shown + ":" + line + ": " + oneLine(e.getProblem()));
        } catch (YamlEngineException e) {
            throw CellscapeException.badInput("invalid YAML in " + shown + ": " + oneLine(e.getMessage()));
        }
    }

    /** A preset file's settings in document order. */
    public static List<Setting> read(Path file, String shown) {
        Node root = compose(file, shown);
        List<Setting> out = new ArrayList<>();
        if (root == null) return out;
        if (!(root instanceof MappingNode m))
            throw CellscapeException.badInput("a preset must be a mapping of 'key: value' lines, at " + shown + ":" + line(root));
        walk(m, "", shown, false, out);
        return out;
    }

    /**
     * Flattens a mapping into settings under {@code prefix}. {@code override} marks the origins as overrides
     * (a batch file's per-job settings) rather than preset lines.
     */
    public static void walk(MappingNode m, String prefix, String shown, boolean override, List<Setting> out) {
        Map<String, Integer> seen = new HashMap<>();
        for (NodeTuple t : m.getValue()) {
            Origin o = origin(t.getKeyNode(), shown, override);
            if (!(t.getKeyNode() instanceof ScalarNode ks))
                throw new CellscapeException(o.exitCode(), "keys must be plain words" + o.at());
            String key = prefix + ks.getValue();
            Integer first = seen.putIfAbsent(key, o.line());
            if (first != null)
                throw new CellscapeException(o.exitCode(), "duplicate key '" + key + "'" + o.at() + " (first at line " + first + ")");
            Node v = t.getValueNode();
            if (key.equals("schedule.levels") && v instanceof SequenceNode seq) {
                out.add(new Setting(key, "", o));
                List<Node> items = seq.getValue();
                for (int i = 0; i < items.size(); i++) {
                    Node item = items.get(i);
                    Origin io = origin(item, shown, override);
                    String lk = "schedule.levels[" + i + "]";
                    if (item instanceof MappingNode im) {
                        out.add(new Setting(lk, Keys.DEFAULT_LEVEL, Origin.DEFAULT));
                        walk(im, lk + ".", shown, override, out);
                    } else if (item instanceof ScalarNode s && !isNull(s)) {
                        out.add(new Setting(lk, s.getValue(), io));
                    } else {
                        throw new CellscapeException(io.exitCode(), "a level must be 'xF:MODE:STEPS' or a mapping of factor, mode, steps" + io.at());
                    }
                }
            } else if (v instanceof MappingNode sub) {
                if (Keys.isSection(key)) walk(sub, key + ".", shown, override, out);
                else if (Keys.isKnown(key)) throw new CellscapeException(o.exitCode(), "'" + key + "' must be a single value, not a mapping" + o.at());
                else throw Keys.unknown(key, o);
            } else if (v instanceof SequenceNode) {
                if (Keys.isKnown(key) || Keys.isSection(key))
                    throw new CellscapeException(o.exitCode(), "'" + key + "' must be a single value, not a list" + o.at());
                throw Keys.unknown(key, o);
            } else {
                ScalarNode s = (ScalarNode) v;
                if (key.equals("colour"))
                    throw new CellscapeException(o.exitCode(), "'colour' must be a mapping with scale and/or offset" + o.at());
                if (isNull(s)) {
                    if (!Keys.isKnown(key)) throw Keys.unknown(key, o);
                    throw new CellscapeException(o.exitCode(), "'" + key + "' has no value" + o.at());
                }
                out.add(new Setting(key, s.getValue(), o));
            }
        }
    }

    private static boolean isNull(ScalarNode s) {
        return s.getTag().equals(Tag.NULL) && s.isPlain();
    }

    public static Origin origin(Node n, String shown, boolean override) {
        int line = line(n);
        return override ? Origin.overrideAt(shown, line) : Origin.preset(shown, line);
    }

    public static int line(Node n) {
        return n.getStartMark().map(Mark::getLine).orElse(0) + 1;
    }

    private static String oneLine(String s) {
        return s == null ? "syntax error" : s.replaceAll("\\s+", " ").trim();
    }
}
