package org.cellscape.preset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.cellscape.TerminalText;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
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

    /** Presets and batch files are a few KB; this bounds the memory and time a hostile file can cost. */
    static final int MAX_BYTES = 1 << 20;
    /** Deeper nesting than this is no preset; the composer recurses per level, so it is checked before composing. */
    static final int MAX_DEPTH = 64;

    /** The YAML document of a file, or null when it is empty. {@code shown} is the name errors use. */
    public static Node compose(Path file, String shown) {
        return composeText(readText(file, shown), shown);
    }

    /**
     * A regular file's text, refused before reading when it is no regular file (a FIFO would block, a device
     * never end) or larger than {@link #MAX_BYTES}, and refused when it is not UTF-8.
     */
    static String readText(Path file, String shown) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw CellscapeException.badInput("cannot read " + shown + ": no such file");
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read " + shown + ": " + e.getMessage());
        }
        if (!a.isRegularFile())
            throw CellscapeException.badInput("cannot read " + shown + ": " + (a.isDirectory() ? "it is a folder" : "not a regular file (a pipe or device?)"));
        if (a.size() > MAX_BYTES) throw tooLarge(shown, a.size());
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1); // the size may have changed since, or be unknown (0 in /proc)
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read " + shown + ": " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) throw tooLarge(shown, bytes.length);
        return utf8(bytes, shown);
    }

    private static CellscapeException tooLarge(String shown, long size) {
        return CellscapeException.badInput(shown + " is " + size + " bytes, more than a preset can be (" + MAX_BYTES + " bytes)");
    }

    private static String utf8(byte[] bytes, String shown) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
        if (d.decode(in, out, true).isError() || d.flush(out).isError())
            throw CellscapeException.badInput(shown + " is not UTF-8 text (a binary file?): bad byte at offset " + in.position());
        return out.flip().toString();
    }

    /** The YAML document in {@code text}, or null when it is empty. */
    static Node composeText(String text, String shown) {
        LoadSettings settings = LoadSettings.builder().setLabel(shown).setCodePointLimit(MAX_BYTES).setMaxAliasesForCollections(20).build();
        try {
            checkDepth(settings, text, shown);
            return new Compose(settings).composeString(text).orElse(null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(1);
            throw CellscapeException.badInput("invalid YAML at " + shown + ":" + line + ": " + oneLine(e.getProblem()));
        } catch (YamlEngineException e) {
            throw CellscapeException.badInput("invalid YAML in " + shown + ": " + oneLine(e.getMessage()));
        }
    }

    /** The parser keeps its own stack (no recursion), so its events measure the depth safely. */
    private static void checkDepth(LoadSettings settings, String text, String shown) {
        int depth = 0;
        for (Event e : new Parse(settings).parseString(text)) {
            switch (e.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (++depth > MAX_DEPTH)
                        throw CellscapeException.badInput("invalid YAML at " + shown + ":" + e.getStartMark().map(m -> m.getLine() + 1).orElse(1)
                                + ": nested more than " + MAX_DEPTH + " levels deep");
                }
                case MappingEnd, SequenceEnd -> depth--;
                default -> { }
            }
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
            if (!(t.getKeyNode() instanceof ScalarNode ks) || !ks.getValue().equals(TerminalText.escape(ks.getValue())))
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
