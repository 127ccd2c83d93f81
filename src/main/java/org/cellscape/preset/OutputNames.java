package org.cellscape.preset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellscape.CellscapeException;

/**
 * Output file names from a template such as {@code {preset}-{seed}-{size}}. Placeholders: {@code {preset}} (the
 * preset's name), {@code {seed}}, {@code {size}} (WxH in pixels), {@code {job}} (1-based job number) and any
 * setting key, e.g. {@code {fire_rate}} or {@code {schedule.levels[2].steps}}. The result is always one plain
 * file name inside the output folder: separators, "..", leading dots and control characters cannot survive.
 */
public final class OutputNames {
    public static final String DEFAULT_TEMPLATE = "{preset}-{seed}-{size}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern RESERVED = Pattern.compile("(?i)(con|prn|aux|nul|com\\d|lpt\\d)(\\..*)?");
    static final int MAX_LENGTH = 150;

    private OutputNames() {}

    /**
     * The default template, with one "-KEYVALUE" part for every varied key it does not already show, so variants
     * never share a name.
     */
    public static String defaultTemplate(List<String> variedKeys) {
        StringBuilder b = new StringBuilder(DEFAULT_TEMPLATE);
        for (String k : variedKeys) {
            if (k.equals("seed") || k.equals("size") || k.equals("name")) continue;
            b.append('-').append(shortLabel(k)).append('{').append(k).append('}');
        }
        return b.toString();
    }

    /** "schedule.levels[2].steps" becomes "levels2.steps": short, and free of brackets. */
    public static String shortLabel(String key) {
        return key.replaceFirst("^schedule\\.", "").replaceAll("\\[(\\d+)]", "$1");
    }

    /** Fills the template's placeholders from the preset; unknown placeholders are usage errors. */
    public static String expand(String template, ResolvedPreset r, int job) {
        Map<String, String> fixed = Map.of("preset", r.name(), "seed", Long.toString(r.seed()),
                "size", r.outputWidth() + "x" + r.outputHeight(), "job", Integer.toString(job));
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder b = new StringBuilder();
        int last = 0;
        while (m.find()) {
            b.append(sanitise(template.substring(last, m.start())));
            String key = m.group(1).trim();
            String v = fixed.containsKey(key) ? fixed.get(key) : r.value(key);
            if (v == null) {
                List<String> known = new ArrayList<>(fixed.keySet());
                known.addAll(Keys.candidates(key));
                throw new CellscapeException(CellscapeException.USAGE, "unknown placeholder {" + key + "} in the name template '"
                        + template + "'" + Suggest.hint(key, known));
            }
            b.append(sanitise(v));
            last = m.end();
        }
        b.append(sanitise(template.substring(last)));
        return finish(b.toString());
    }

    /** Replaces every character outside [A-Za-z0-9._+=,-] (separators included) with '_'. */
    static String sanitise(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.append(c < 128 && (Character.isLetterOrDigit(c) || ".-_+=,".indexOf(c) >= 0) ? (char) c : '_'));
        return b.toString();
    }

    /** Makes a sanitised name safe as a whole: no "..", no leading dot or dash, not empty, not too long. */
    public static String finish(String name) {
        String n = sanitise(name).replaceAll("\\.{2,}", ".").replaceAll("^[.\\-]+", "").replaceAll("[.]+$", "");
        if (n.length() > MAX_LENGTH) n = n.substring(0, MAX_LENGTH).replaceAll("[.]+$", "");
        if (n.isEmpty()) n = "render";
        if (RESERVED.matcher(n).matches()) n = "_" + n;
        return n;
    }

    /**
     * The output path: {@code folder/NAME.EXT}. Checked after the fact as well: the result's parent must be the
     * folder itself, whatever the template said.
     */
    public static Path resolve(Path folder, String name, String extension) {
        String file = finish(name) + extension;
        Path dir = folder.toAbsolutePath().normalize();
        Path p = dir.resolve(file).normalize();
        if (!dir.equals(p.getParent()) || !p.getFileName().toString().equals(file))
            throw new IllegalStateException("output name '" + name + "' escapes " + folder); // unreachable by construction
        return p;
    }
}
