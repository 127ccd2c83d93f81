package org.cellscape;

/**
 * An error the user can act on. Its message is one line; {@link #exitCode()} is what the CLI exits with
 * (the table is in README.md, "Exit codes").
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

    private final int exitCode;

    public CellscapeException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CellscapeException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static CellscapeException badInput(String message) {
        return new CellscapeException(BAD_INPUT, message);
    }

    public static CellscapeException io(String message, Throwable cause) {
        return new CellscapeException(IO, message, cause);
    }
}
