package org.cellscape.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process, capturing stdout, stderr and the exit code. */
public record CliTestSupport(int code, String out, String err) {
    public static CliTestSupport run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliTestSupport(code, out.toString(), err.toString());
    }
}
