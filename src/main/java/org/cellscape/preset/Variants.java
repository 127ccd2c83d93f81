package org.cellscape.preset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellscape.CellscapeException;

/**
 * Variant expansion: {@code --vary KEY=VALUES}, where VALUES is a comma-separated list of values and ranges
 * ({@code 1..8} counts by one, {@code 0.3..0.7:0.1} by the step given, both ends included). Values that contain
 * commas themselves (schedules) are separated by '|' instead. Several {@code --vary} give the cartesian product,
 * the first varying slowest.
 */
public final class Variants {
    /** More combinations than this is almost surely a typo in a range. */
    public static final int MAX = 10_000;
    private static final Pattern INT_RANGE = Pattern.compile("(-?\\d+)\\s*\\.\\.\\s*(-?\\d+)");
    private static final Pattern STEP_RANGE = Pattern.compile("(-?\\d*\\.?\\d+)\\s*\\.\\.\\s*(-?\\d*\\.?\\d+)\\s*:\\s*(\\d*\\.?\\d+)");

    private Variants() {}

    /** One varied key and its values, with the origin every value will carry. */
    public record Vary(String key, List<String> values, Origin origin) {
        public Vary {
            values = List.copyOf(values);
        }
    }

    /** Parses "KEY=VALUES" typed as {@code option} on the command line; errors are usage errors. */
    public static Vary parse(String arg, String option) {
        Setting s = Presets.parseSet(arg, option);
        return of(s.key(), s.value(), s.origin());
    }

    /** A key and its VALUES text (list and ranges), from any origin. */
    public static Vary of(String key, String valuesText, Origin origin) {
        if (!Keys.isKnown(key)) throw Keys.unknown(key, origin);
        boolean whole = key.equals("schedule") || key.equals("schedule.levels") || key.equals("schedule.seed")
                || (key.startsWith("schedule.levels[") && key.endsWith("]")) || key.equals("description");
        String sep = valuesText.contains("|") ? "\\|" : whole ? null : ",";
        return ofItems(key, List.of(sep == null ? new String[]{valuesText} : valuesText.split(sep, -1)), origin);
    }

    /** A key and its values, each a single value or a range (a batch file's YAML list). */
    public static Vary ofItems(String key, List<String> items, Origin origin) {
        if (!Keys.isKnown(key)) throw Keys.unknown(key, origin);
        List<String> values = new ArrayList<>();
        for (String item : items) {
            String v = item.trim();
            if (v.isEmpty()) throw new CellscapeException(origin.exitCode(), "empty value in the list for '" + key + "'" + origin.at());
            expand(v, key, origin, values);
            if (values.size() > MAX) throw tooMany(key, origin);
        }
        return new Vary(key, values, origin);
    }

    private static void expand(String v, String key, Origin origin, List<String> out) {
        Matcher m = INT_RANGE.matcher(v);
        if (m.matches()) {
            // BigInteger: ends near Long.MAX_VALUE must neither overflow the count nor the loop
            BigInteger a = new BigInteger(m.group(1)), b = new BigInteger(m.group(2));
            if (b.subtract(a).abs().compareTo(BigInteger.valueOf(MAX)) >= 0) throw tooMany(key, origin);
            BigInteger step = a.compareTo(b) <= 0 ? BigInteger.ONE : BigInteger.ONE.negate();
            for (BigInteger i = a; ; i = i.add(step)) {
                out.add(i.toString());
                if (i.equals(b)) break;
            }
            return;
        }
        m = STEP_RANGE.matcher(v);
        if (m.matches()) {
            // decimal arithmetic, so 0.1 steps give 0.3, not 0.30000000000000004
            BigDecimal a = new BigDecimal(m.group(1)), b = new BigDecimal(m.group(2)), step = new BigDecimal(m.group(3));
            if (step.signum() <= 0) throw new CellscapeException(origin.exitCode(), "range step must be positive in '" + v + "'" + origin.at());
            if (a.compareTo(b) > 0) step = step.negate();
            int n = 0;
            for (BigDecimal x = a; step.signum() > 0 ? x.compareTo(b) <= 0 : x.compareTo(b) >= 0; x = x.add(step)) {
                if (++n > MAX) throw tooMany(key, origin);
                out.add(x.stripTrailingZeros().toPlainString());
            }
            return;
        }
        out.add(v);
    }

    private static CellscapeException tooMany(String key, Origin origin) {
        return new CellscapeException(origin.exitCode(), "more than " + MAX + " values for '" + key + "'" + origin.at());
    }

    /** The cartesian product: each element is one variant's overrides, in the order of {@code varies}. */
    public static List<List<Setting>> expand(List<Vary> varies) {
        List<List<Setting>> out = new ArrayList<>();
        out.add(List.of());
        for (Vary v : varies) {
            if ((long) out.size() * v.values().size() > MAX)
                throw new CellscapeException(v.origin().exitCode(), "more than " + MAX + " variants" + v.origin().at());
            List<List<Setting>> next = new ArrayList<>();
            for (List<Setting> prefix : out)
                for (String value : v.values()) {
                    List<Setting> l = new ArrayList<>(prefix);
                    l.add(new Setting(v.key(), value, v.origin()));
                    next.add(l);
                }
            out = next;
        }
        return out;
    }
}
