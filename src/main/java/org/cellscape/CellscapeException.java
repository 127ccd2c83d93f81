package org.cellscape;

import java.util.List;

/**
 * An error the user can act on. Its message is one line, worded without command-line option names (the CLI adds
 * them where it knows which option a value came from); {@link #exitCode()} is what the CLI exits with. The one
 * table of exit codes is {@link #EXIT_CODES}: help footers are generated from it and README.md's table is checked
 * against it by a test.
 */
public class CellscapeException extends RuntimeException {
    /** Internal error (a bug). */
    public static final int INTERNAL = 1;
    /** Command-line usage error (picocli's convention). */
    public static final int USAGE = 2;
    /** An input file (model, image, preset, state) is missing, unreadable or invalid. */
    public static final int BAD_INPUT = 3;
    /** Writing output or scratch failed (permissions, disk full, missing folder). */
    public static final int IO = 4;
    /** The job cannot fit: memory budget, disk space, size limits. */
    public static final int DOES_NOT_FIT = 5;
    /** The requested compute backend or device is unavailable. */
    public static final int BACKEND = 6;
    /** A resume was refused (the checkpoint belongs to different settings). */
    public static final int RESUME_MISMATCH = 7;
    /** Some jobs of a batch failed. */
    public static final int BATCH_FAILED = 8;
    /** Training stopped on a numerical failure (NaN). */
    public static final int TRAINING_DIVERGED = 9;

    /** No JDK 25 found by the launcher script. */
    public static final int NO_JDK = 10;
    /** The launcher script's build failed. */
    public static final int BUILD_FAILED = 11;

    /** An exit code and what it means, in the words of README.md's table. */
    public record ExitCode(int code, String meaning) {}

    public static final List<ExitCode> EXIT_CODES = List.of(
            new ExitCode(0, "success"),
            new ExitCode(INTERNAL, "internal error (a bug: please report it with the stack trace)"),
            new ExitCode(USAGE, "usage error: unknown option, bad value, bad schedule text"),
            new ExitCode(BAD_INPUT, "an input file (model, image, preset, state) is missing, unreadable or invalid"),
            new ExitCode(IO, "writing failed: output folder missing or not writable, disk full"),
            new ExitCode(DOES_NOT_FIT, "the job cannot fit: memory budget, disk space, size limits"),
            new ExitCode(BACKEND, "the requested backend or device is unavailable"),
            new ExitCode(RESUME_MISMATCH, "a resume was refused: the checkpoint belongs to different settings"),
            new ExitCode(BATCH_FAILED, "some jobs of a batch failed"),
            new ExitCode(TRAINING_DIVERGED, "training stopped on a numerical failure (NaN)"),
            new ExitCode(NO_JDK, "no JDK 25 found by the launcher"),
            new ExitCode(BUILD_FAILED, "the launcher's build failed (see `target/build.log`)"));

    private final int exitCode;

    public CellscapeException(int exitCode, String message) {
        super(TerminalText.oneLine(message)); // one line, whatever text it quotes
        this.exitCode = exitCode;
    }

    public CellscapeException(int exitCode, String message, Throwable cause) {
        super(TerminalText.oneLine(message), cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static CellscapeException badInput(String message) {
        return new CellscapeException(BAD_INPUT, message);
    }

    /** A value the user gave (an option, a preset setting, schedule text) is not valid; exit 2. */
    public static CellscapeException invalid(String message) {
        return new CellscapeException(USAGE, message);
    }

    public static CellscapeException io(String message, Throwable cause) {
        return new CellscapeException(IO, message, cause);
    }
}
