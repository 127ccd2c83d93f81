package org.cellscape.preset;

import org.cellscape.CellscapeException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.cellscape.engine.Schedule;

/**
 * The settings of one preset as text, each with its origin: defaults, then the preset file, then overrides,
 * each {@link #apply applied} on top. Compound schedule keys are split into their fields here, so an override can
 * address one level's steps whether the preset wrote the schedule as text or as a structure.
 */
final class SettingsTable {
    private final Map<String, Setting> plain = new LinkedHashMap<>();
    private final Map<String, Setting> seed = new LinkedHashMap<>();
    /** Each level: factor, mode, steps. */
    private final List<Setting[]> levels = new ArrayList<>();

    static SettingsTable defaults() {
        SettingsTable t = new SettingsTable();
        Keys.PLAIN.forEach((k, v) -> t.plain.put(k, new Setting(k, v, Origin.DEFAULT)));
        t.setSchedule(Keys.DEFAULT_SCHEDULE, Origin.DEFAULT);
        return t;
    }

    Setting get(String key) {
        Setting s = plain.get(key);
        if (s != null) return s;
        s = seed.get(key);
        if (s != null) return s;
        Matcher m = Keys.LEVEL.matcher(key);
        if (m.matches() && m.group(2) != null) {
            int i = Integer.parseInt(m.group(1));
            if (i < levels.size()) return levels.get(i)[Keys.LEVEL_FIELDS.indexOf(m.group(2))];
        }
        return null;
    }

    int levelCount() {
        return levels.size();
    }

    /** Every setting in display order: plain keys with the schedule's fields after the model. */
    List<Setting> all() {
        List<Setting> r = new ArrayList<>();
        for (Setting s : plain.values()) {
            r.add(s);
            if (s.key().equals("model")) {
                r.addAll(seed.values());
                for (Setting[] l : levels) r.addAll(List.of(l));
            }
        }
        return r;
    }

    void apply(Setting s) {
        String k = s.key();
        String v = s.value().trim();
        Origin o = s.origin();
        if (Keys.PLAIN.containsKey(k)) {
            plain.put(k, new Setting(k, s.value(), o));
            return;
        }
        switch (k) {
            case "schedule" -> setSchedule(v, o);
            case "schedule.seed" -> {
                Schedule p = parse(v, o, "seed");
                putSeed(p, o);
            }
            case "schedule.levels" -> {
                levels.clear();
                for (Schedule.Level l : levels(v, o, "levels")) addLevel(l, o);
            }
            case Keys.SEED_SIZE, Keys.SEED_INIT, Keys.SEED_STEPS -> seed.put(k, new Setting(k, v, o));
            default -> applyLevel(s);
        }
    }

    private void applyLevel(Setting s) {
        Matcher m = Keys.LEVEL.matcher(s.key());
        if (!m.matches() || (m.group(2) != null && !Keys.LEVEL_FIELDS.contains(m.group(2))))
            throw Keys.unknown(s.key(), s.origin());
        int i;
        try {
            i = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            throw Keys.unknown(s.key(), s.origin());
        }
        if (i > levels.size())
            throw s.origin().error("there is no level " + i + ": the schedule has levels 0.." + (levels.size() - 1)
                    + " (index " + levels.size() + " adds one)");
        if (i == levels.size()) addLevel(Schedule.parseLevels(Keys.DEFAULT_LEVEL).getFirst(), Origin.DEFAULT);
        Setting[] l = levels.get(i);
        if (m.group(2) == null) {
            List<Schedule.Level> one = levels(s.value(), s.origin(), "level");
            if (one.size() != 1) throw s.origin().error("bad level '" + s.value().trim() + "': one level is xF:STEPS or xF:MODE:STEPS (e.g. x2:bilinear:40)");
            Schedule.Level p = one.getFirst();
            fill(l, i, p, s.origin());
        } else {
            int f = Keys.LEVEL_FIELDS.indexOf(m.group(2));
            l[f] = new Setting(s.key(), s.value().trim(), s.origin());
        }
    }

    private void setSchedule(String text, Origin o) {
        Schedule p = parse(text, o, "schedule");
        putSeed(p, o);
        levels.clear();
        for (Schedule.Level l : p.levels()) addLevel(l, o);
    }

    private void putSeed(Schedule p, Origin o) {
        seed.put(Keys.SEED_SIZE, new Setting(Keys.SEED_SIZE, p.hasSeedSize() ? p.seedWidth() + "x" + p.seedHeight() : "auto", o));
        String init = p.init() == Schedule.Init.ZEROS ? "zeros" : "noise(" + p.noiseAmplitude() + ")";
        seed.put(Keys.SEED_INIT, new Setting(Keys.SEED_INIT, init, o));
        seed.put(Keys.SEED_STEPS, new Setting(Keys.SEED_STEPS, Integer.toString(p.seedSteps()), o));
    }

    private void addLevel(Schedule.Level l, Origin o) {
        Setting[] s = new Setting[3];
        levels.add(s);
        fill(s, levels.size() - 1, l, o);
    }

    private static void fill(Setting[] s, int i, Schedule.Level l, Origin o) {
        String p = "schedule.levels[" + i + "].";
        s[0] = new Setting(p + "factor", Integer.toString(l.factor()), o);
        s[1] = new Setting(p + "mode", l.mode().id(), o);
        s[2] = new Setting(p + "steps", Integer.toString(l.steps()), o);
    }

    private static List<Schedule.Level> levels(String text, Origin o, String what) {
        return parsed(() -> Schedule.parseLevels(text), text, o, what);
    }

    private static Schedule parse(String text, Origin o, String what) {
        return parsed(() -> Schedule.parse(text), text, o, what);
    }

    private static <T> T parsed(java.util.function.Supplier<T> parser, String text, Origin o, String what) {
        try {
            return parser.get();
        } catch (CellscapeException e) {
            throw o.error("bad " + what + " '" + text.trim() + "': " + e.getMessage());
        }
    }
}
