package org.cellscape.preset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellscape.CellscapeException;
import org.cellscape.TerminalText;

/**
 * The preset keys and their defaults. Keys are dotted paths: {@code colour.scale}, {@code schedule.seed.steps},
 * {@code schedule.levels[2].steps} (levels count from 0; level i of the list is engine level i+1, the seed being
 * level 0). Three compound keys set several at once from schedule text: {@code schedule} (the whole compact
 * schedule), {@code schedule.seed} ("SIZE:INIT:STEPS") and {@code schedule.levels} (the comma-separated levels);
 * {@code schedule.levels[i]} sets one level from "xF:MODE:STEPS".
 */
public final class Keys {
    /** The schedule used when a preset names none: a small noise seed grown three times. */
    public static final String DEFAULT_SCHEDULE = "auto:noise(0.1):96, x2:bilinear:32, x2:bilinear:24, x2:bilinear:16, x2:bilinear:12";
    /** A level appended by naming a new index gets these fields until they are set. */
    static final String DEFAULT_LEVEL = "x2:bilinear:32";
    /** Pixels when neither the preset nor its schedule says. */
    static final long DEFAULT_SIZE = 1024;
    /** dpi when a print size is given without one. */
    static final double DEFAULT_PRINT_DPI = org.cellscape.render.PrintSize.DEFAULT_DPI;

    static final String SEED_SIZE = "schedule.seed.size", SEED_INIT = "schedule.seed.init", SEED_STEPS = "schedule.seed.steps";
    static final List<String> LEVEL_FIELDS = List.of("factor", "mode", "steps");

    /** Plain keys (not schedule) and their default text, in display order. */
    static final Map<String, String> PLAIN = new LinkedHashMap<>();

    static {
        PLAIN.put("name", "");
        PLAIN.put("description", "");
        PLAIN.put("model", "");
        PLAIN.put("seed", "1");
        PLAIN.put("size", "auto");
        PLAIN.put("print", "none");
        PLAIN.put("dpi", "auto");
        PLAIN.put("fire_rate", "model");
        PLAIN.put("colour.scale", "model");
        PLAIN.put("colour.offset", "model");
        PLAIN.put("colour.gradient", "none");
        PLAIN.put("colour.lut", "none");
        PLAIN.put("format", "png");
        PLAIN.put("bits", "16");
        PLAIN.put("control.map", "none");
        PLAIN.put("control.legend", "none");
        PLAIN.put("control.weights", "none");
        PLAIN.put("control.default_rule", "first");
    }

    /** Keys that hold a mapping in YAML. */
    static final List<String> SECTIONS = List.of("colour", "schedule", "schedule.seed", "control");
    static final List<String> COMPOUND = List.of("schedule", "schedule.seed", "schedule.levels");
    static final Pattern LEVEL = Pattern.compile("schedule\\.levels\\[(\\d+)](?:\\.([a-z_]+))?");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private Keys() {}

    public static boolean isPlain(String key) {
        return PLAIN.containsKey(key);
    }

    /** Every key a value may be given for. */
    static boolean isKnown(String key) {
        if (PLAIN.containsKey(key) || COMPOUND.contains(key) || key.equals(SEED_SIZE) || key.equals(SEED_INIT) || key.equals(SEED_STEPS))
            return true;
        Matcher m = LEVEL.matcher(key);
        return m.matches() && (m.group(2) == null || LEVEL_FIELDS.contains(m.group(2)));
    }

    /** A section key (holds a mapping in YAML), including {@code schedule.levels[i]}. */
    static boolean isSection(String key) {
        if (SECTIONS.contains(key)) return true;
        Matcher m = LEVEL.matcher(key);
        return m.matches() && m.group(2) == null;
    }

    /** All keys for "did you mean", using the level index the typo carries, if any. */
    static List<String> candidates(String typo) {
        List<String> c = new ArrayList<>(PLAIN.keySet());
        c.addAll(COMPOUND);
        c.addAll(List.of(SEED_SIZE, SEED_INIT, SEED_STEPS, "colour", "control"));
        Matcher m = INDEX.matcher(typo);
        String i = m.find() ? m.group(1) : "0";
        for (String f : LEVEL_FIELDS) c.add("schedule.levels[" + i + "]." + f);
        c.add("schedule.levels[" + i + "]");
        return c;
    }

    /** The "unknown key" error, with the nearest valid key. */
    static CellscapeException unknown(String key, Origin origin) {
        if (isSection(key)) {
            List<String> inside = candidates(key).stream().filter(c -> c.startsWith(key + ".")).toList();
            return new CellscapeException(origin.exitCode(), "'" + key + "'" + origin.at() + " is a group of settings, not one value: set "
                    + String.join(", ", inside));
        }
        return new CellscapeException(origin.exitCode(), "unknown key '" + TerminalText.escape(key) + "'" + origin.at() + Suggest.hint(key, candidates(key)));
    }

    /** All plain keys, for help texts. */
    public static List<String> plainKeys() {
        return List.copyOf(PLAIN.keySet());
    }
}
