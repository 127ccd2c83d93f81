package org.cellscape.preset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cellscape.CellscapeException;
import org.cellscape.engine.ControlSpec;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Size;
import org.cellscape.engine.Upsample;
import org.cellscape.render.PrintSize;

/**
 * Loading and resolving presets: defaults, then the preset file, then overrides ({@code --set KEY=VALUE}), each
 * on top of the last; then every value is checked and typed, with errors naming the file and line (or the
 * argument) it came from. See docs/presets.md.
 */
public final class Presets {
    private static final Pattern NOISE = Pattern.compile("noise(?:\\((\\d*\\.?\\d+)\\))?");

    private Presets() {}

    /** Resolves a preset file with overrides typed as {@code option} ("KEY=VALUE" each). */
    public static ResolvedPreset resolve(Path preset, List<String> sets, String option) {
        List<Setting> o = new ArrayList<>();
        for (String s : sets) o.add(parseSet(s, option));
        return resolveWith(preset, o);
    }

    /** Resolves a preset file (null: defaults only) with overrides applied in order. */
    public static ResolvedPreset resolveWith(Path preset, List<Setting> overrides) {
        SettingsTable t = SettingsTable.defaults(), own = SettingsTable.defaults();
        if (preset != null) for (Setting s : PresetYaml.read(preset, preset.toString())) {
            t.apply(s);
            own.apply(s);
        }
        boolean resized = false;
        for (Setting s : overrides) {
            t.apply(s);
            if (SIZE_KEYS.contains(s.key())) resized = true;
            else own.apply(s);
        }
        // a size override keeps the composition of the preset's own size (docs/schedules.md)
        OutSize composition = resized ? outSize(own, schedule(own)) : null;
        return resolve(preset, t, composition);
    }

    /** Keys that set the output size; overriding them keeps the preset's composition. */
    private static final java.util.Set<String> SIZE_KEYS = java.util.Set.of("size", "print", "dpi");

    /** The output size the settings ask for (0 x 0: the schedule's own), its dpi and the setting it came from. */
    private record OutSize(long w, long h, double dpi, Setting from) {}

    /**
     * Parses a command-line override "KEY=VALUE". A missing '=' or an empty key is a usage error (exit 2); the key
     * itself is checked when the override is applied.
     */
    public static Setting parseSet(String arg, String option) {
        int eq = arg.indexOf('=');
        if (eq <= 0) throw new CellscapeException(CellscapeException.USAGE,
                "bad " + option + " '" + arg + "': expected KEY=VALUE (e.g. " + option + " seed=3)");
        String key = arg.substring(0, eq).trim();
        if (key.isEmpty() || key.contains(" "))
            throw new CellscapeException(CellscapeException.USAGE, "bad " + option + " '" + arg + "': the key must be one word");
        return new Setting(key, arg.substring(eq + 1), Origin.argument(option + " " + arg));
    }

    /** The preset files of a folder (*.yaml, *.yml; not recursive), sorted by name. */
    public static List<Path> list(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"));
            }).sorted().toList();
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot list presets in " + folder + ": " + (Files.isDirectory(folder) ? e.getMessage() : "no such folder"));
        }
    }

    private static ResolvedPreset resolve(Path file, SettingsTable t, OutSize composition) {
        Setting nameS = t.get("name");
        String name = nameS.value().trim();
        if (name.isEmpty()) name = file == null ? "preset" : stem(file);
        String description = t.get("description").value().trim();
        Path model = model(file, t.get("model"));
        Schedule schedule = schedule(t);
        long seed = parseLong(t.get("seed"), "a whole number");
        OutSize z = outSize(t, schedule);
        long w = z.w(), h = z.h();
        double dpi = z.dpi();
        Schedule fitted = schedule;
        if (w > 0) {
            try {
                boolean keep = composition != null && composition.w() > 0 && !schedule.hasSeedSize()
                        && (composition.w() != w || composition.h() != h);
                fitted = keep ? schedule.keepingComposition(composition.w(), composition.h(), w, h) : schedule.fitTo(w, h);
            } catch (CellscapeException e) {
                throw z.from().origin().error(e.getMessage() + " (the seed size is from " + t.get(Keys.SEED_SIZE).origin().describe() + ")");
            }
        }
        float fireRate = modelOr(t.get("fire_rate"), 0, 1, "a fire rate in (0, 1]", true);
        float scale = modelOr(t.get("colour.scale"), -1e6, 1e6, "a number", false);
        float offset = modelOr(t.get("colour.offset"), -1e6, 1e6, "a number", false);
        if (scale == 0) throw t.get("colour.scale").origin().error("colour.scale must not be 0 (every pixel would be one colour)");
        Setting fmt = t.get("format");
        String format = switch (fmt.value().trim().toLowerCase(Locale.ROOT)) {
            case "png" -> "png";
            case "tif", "tiff" -> "tiff";
            default -> throw fmt.origin().error("format must be png or tiff, got '" + fmt.value().trim() + "'");
        };
        Setting bitsS = t.get("bits");
        int bits = (int) parseLong(bitsS, "8 or 16");
        if (bits != 8 && bits != 16) throw bitsS.origin().error("bits must be 8 or 16, got " + bits);
        return new ResolvedPreset(file, name, description, model, schedule, fitted, seed, w, h, dpi, fireRate, scale, offset,
                format, bits, lut(file, t.get("colour.lut")), gradient(t.get("colour.gradient")), t.all(), control(t));
    }

    private static OutSize outSize(SettingsTable t, Schedule schedule) {
        Setting sizeS = t.get("size"), printS = t.get("print"), dpiS = t.get("dpi");
        boolean hasSize = !sizeS.value().trim().equalsIgnoreCase("auto");
        boolean hasPrint = !printS.value().trim().equalsIgnoreCase("none");
        if (hasSize && hasPrint && sizeS.origin().precedence() == printS.origin().precedence())
            throw printS.origin().error("give either size or print, not both (size" + sizeS.origin().at() + ")");
        boolean usePrint = hasPrint && (!hasSize || printS.origin().precedence() > sizeS.origin().precedence());
        double dpi = dpiS.value().trim().equalsIgnoreCase("auto") ? (usePrint ? Keys.DEFAULT_PRINT_DPI : 0)
                : parseDouble(dpiS, "a number of dots per inch", 1, 100_000);
        long w, h;
        Setting sizeFrom = usePrint ? printS : sizeS;
        if (usePrint) {
            Size p;
            try {
                p = PrintSize.parsePrint(printS.value(), dpi);
            } catch (CellscapeException e) {
                throw printS.origin().error("print " + e.getMessage());
            }
            w = p.width();
            h = p.height();
        } else if (hasSize) {
            Size z = size(sizeS, "size", Integer.MAX_VALUE);
            w = z.width();
            h = z.height();
        } else if (schedule.hasSeedSize()) {
            w = h = 0;
        } else {
            w = h = Keys.DEFAULT_SIZE;
        }
        return new OutSize(w, h, dpi, sizeFrom);
    }

    /** A path in a file is relative to that file's folder; one typed on the command line, to the working folder. */
    private static Path relativeToOrigin(Setting s, Path p) {
        if (p.isAbsolute() || s.origin().file() == null) return p;
        return Path.of(s.origin().file()).toAbsolutePath().getParent().resolve(p).normalize();
    }

    /** The LUT file, relative to the preset's folder when written in it; null for "none". */
    private static Path lut(Path file, Setting s) {
        String v = s.value().trim();
        if (v.isEmpty() || v.equalsIgnoreCase("none")) return null;
        Path p = relativeToOrigin(s, Path.of(v));
        if (!Files.isRegularFile(p)) throw CellscapeException.badInput("LUT file '" + v + "' not found (looked for " + p.toAbsolutePath() + ")" + s.origin().at());
        return p;
    }

    /**
     * The control map keys as one typed map, image paths relative to the preset's folder; null when it names none.
     * Bad text is reported at the line of the setting it is in.
     */
    private static ControlSpec control(SettingsTable t) {
        Setting map = t.get("control.map"), legend = t.get("control.legend"), weights = t.get("control.weights"), def = t.get("control.default_rule");
        List<String> controls = new ArrayList<>();
        if (!none(map)) controls.add(relativeToOrigin(map, Path.of(map.value().trim())).toString());
        if (!none(weights))
            for (String part : weights.value().split(",")) {
                int eq = part.indexOf('=');
                if (eq < 0) throw weights.origin().error("control.weights entry '" + part.trim() + "' is not RULE=IMAGE");
                controls.add(part.substring(0, eq).trim() + "=" + relativeToOrigin(weights, Path.of(part.substring(eq + 1).trim())));
            }
        boolean first = def.value().trim().equalsIgnoreCase("first");
        Setting at = !none(legend) ? legend : !none(weights) ? weights : !none(map) ? map : def;
        try {
            return ControlSpec.parse(controls, none(legend) ? null : legend.value().trim(), first ? null : def.value().trim());
        } catch (CellscapeException e) {
            throw at.origin().error("control: " + e.getMessage());
        }
    }

    private static boolean none(Setting s) {
        String v = s.value().trim();
        return v.isEmpty() || v.equalsIgnoreCase("none");
    }

    /** The gradient text, checked now so the error names its line; null for "none". */
    private static String gradient(Setting s) {
        String v = s.value().trim();
        if (v.isEmpty() || v.equalsIgnoreCase("none")) return null;
        try {
            org.cellscape.engine.GradientMap.parse(v);
        } catch (IllegalArgumentException e) {
            throw s.origin().error("colour.gradient: " + e.getMessage());
        }
        return v;
    }

    private static Path model(Path file, Setting s) {
        String v = s.value().trim();
        if (v.isEmpty()) {
            String where = file == null ? "" : " in " + file;
            throw CellscapeException.badInput("no model given" + where + " (add 'model: models/NAME.safetensors', relative to the preset)");
        }
        Path p = relativeToOrigin(s, Path.of(v));
        if (!Files.isRegularFile(p))
            throw CellscapeException.badInput("model file '" + v + "' not found (looked for " + p.toAbsolutePath() + ")" + s.origin().at());
        return p;
    }

    private static Schedule schedule(SettingsTable t) {
        Setting sizeS = t.get(Keys.SEED_SIZE), initS = t.get(Keys.SEED_INIT);
        int sw = 0, sh = 0;
        if (!sizeS.value().equalsIgnoreCase("auto")) {
            Size z = size(sizeS, "seed size", 1 << 20);
            sw = (int) z.width();
            sh = (int) z.height();
        }
        String init = initS.value().trim().toLowerCase(Locale.ROOT);
        Matcher nm = NOISE.matcher(init);
        Schedule.Init kind;
        float amp = 0;
        if (init.equals("zeros") || init.equals("zero")) kind = Schedule.Init.ZEROS;
        else if (nm.matches()) {
            kind = Schedule.Init.NOISE;
            amp = nm.group(1) == null ? 0.5f : Float.parseFloat(nm.group(1));
            if (!(amp <= Schedule.MAX_NOISE)) throw initS.origin().error("noise amplitude must be 0.." + (int) Schedule.MAX_NOISE + ", got '" + initS.value().trim() + "'");
        } else throw initS.origin().error("seed init must be zeros, noise or noise(AMPLITUDE), got '" + initS.value() + "'");
        int steps = steps(t.get(Keys.SEED_STEPS));
        List<Schedule.Level> levels = new ArrayList<>();
        for (int i = 0; i < t.levelCount(); i++) {
            String p = "schedule.levels[" + i + "].";
            Setting f = t.get(p + "factor"), m = t.get(p + "mode");
            long factor = parseLong(f, "an upsample factor 1..16");
            if (factor < 1 || factor > 16) throw f.origin().error("upsample factor must be 1..16, got " + factor);
            Upsample.Mode mode;
            try {
                mode = Upsample.Mode.parse(m.value());
            } catch (CellscapeException e) {
                throw m.origin().error(e.getMessage());
            }
            levels.add(new Schedule.Level((int) factor, mode, steps(t.get(p + "steps"))));
        }
        return new Schedule(sw, sh, kind, amp, steps, levels);
    }

    private static int steps(Setting s) {
        long n = parseLong(s, "a step count");
        if (n < 0 || n > Schedule.MAX_STEPS) throw s.origin().error("'" + s.key() + "' must be 0.." + Schedule.MAX_STEPS + " steps, got " + n);
        return (int) n;
    }

    private static Size size(Setting s, String what, long max) {
        try {
            return Size.parse(s.value(), max);
        } catch (CellscapeException e) {
            throw s.origin().error(what + " " + e.getMessage().replace("one number", "one number, or auto"));
        }
    }

    private static long parseLong(Setting s, String what) {
        try {
            return Long.parseLong(s.value().trim());
        } catch (NumberFormatException e) {
            throw s.origin().error("'" + s.key() + "' must be " + what + ", got '" + s.value().trim() + "'");
        }
    }

    private static double parseDouble(Setting s, String what, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(s.value().trim());
        } catch (NumberFormatException e) {
            throw s.origin().error("'" + s.key() + "' must be " + what + ", got '" + s.value().trim() + "'");
        }
        if (!(d >= min && d <= max)) throw s.origin().error("'" + s.key() + "' must be " + min + ".." + max + ", got " + s.value().trim());
        return d;
    }

    /** "model" (NaN: keep the model's) or a number in range; {@code openLow} excludes the lower bound. */
    private static float modelOr(Setting s, double min, double max, String what, boolean openLow) {
        String v = s.value().trim();
        if (v.equalsIgnoreCase("model")) return Float.NaN;
        float f;
        try {
            f = Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw s.origin().error("'" + s.key() + "' must be " + what + " or 'model', got '" + v + "'");
        }
        if (!(f <= max && (openLow ? f > min : f >= min)))
            throw s.origin().error("'" + s.key() + "' must be " + what + ", got " + v);
        return f;
    }

    public static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
