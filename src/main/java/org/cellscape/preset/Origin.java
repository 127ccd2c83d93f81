package org.cellscape.preset;

import org.cellscape.CellscapeException;

/**
 * Where a setting's value came from: a built-in default, a line of a preset file, or an override (a {@code --set}
 * or {@code --vary} on the command line, or a line of a batch file). Errors name the origin, so every message
 * points at the file and line, or the argument, to fix.
 *
 * @param kind  default, preset or override
 * @param file  the file as the user named it, or null for defaults and command-line overrides
 * @param line  1-based line in {@code file}, 0 when there is no file
 * @param label for command-line overrides, the argument as typed (e.g. {@code --set seed=3})
 */
public record Origin(Kind kind, String file, int line, String label) {
    public enum Kind { DEFAULT, PRESET, OVERRIDE }

    public static final Origin DEFAULT = new Origin(Kind.DEFAULT, null, 0, null);

    public static Origin preset(String file, int line) {
        return new Origin(Kind.PRESET, file, line, null);
    }

    /** An override typed on the command line. */
    public static Origin argument(String label) {
        return new Origin(Kind.OVERRIDE, null, 0, label);
    }

    /** An override read from a file (a batch file's job). */
    public static Origin overrideAt(String file, int line) {
        return new Origin(Kind.OVERRIDE, file, line, null);
    }

    /** "FILE:LINE", the argument, or "default". */
    public String where() {
        if (file != null) return file + ":" + line;
        return label != null ? label : "default";
    }

    /** For error messages: " at FILE:LINE", " in ARGUMENT" or " (built-in default)". */
    public String at() {
        if (file != null) return " at " + where();
        return label != null ? " in " + label : " (built-in default)";
    }

    /** For {@code presets show}: "default", "preset FILE:LINE" or "override ...". */
    public String describe() {
        return switch (kind) {
            case DEFAULT -> "default";
            case PRESET -> "preset " + where();
            case OVERRIDE -> "override " + where();
        };
    }

    /** Exit code of an error in a value from here: a file is bad input (3), a typed argument is usage (2). */
    public int exitCode() {
        if (file != null) return CellscapeException.BAD_INPUT;
        return kind == Kind.OVERRIDE ? CellscapeException.USAGE : CellscapeException.INTERNAL;
    }

    /** An error about a value from here, with its location appended. */
    public CellscapeException error(String message) {
        return new CellscapeException(exitCode(), message + at());
    }

    /** Higher wins when two settings conflict (size against print). */
    int precedence() {
        return kind.ordinal();
    }
}
