package org.cellscape.cli;

import java.io.PrintWriter;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.Backends;
import org.cellscape.engine.Backend;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** --backend, --threads and --device: declared once, mixed into every command that computes steps. */
public final class BackendMixin {
    @Option(names = "--backend", defaultValue = "auto", paramLabel = "NAME", description = "auto, cpu, opencl or reference (default: ${DEFAULT-VALUE}; see 'cellscape devices').")
    String backend;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads;

    @Option(names = "--device", paramLabel = "SEL", description = "OpenCL device: P:D indices or a name fragment (see 'cellscape devices'; default: the first GPU).")
    String device;

    public String name() {
        return backend;
    }

    public int threads() {
        if (threads < 0) throw new CommandLine.ParameterException(new CommandLine(this), "--threads must be >= 0, got " + threads);
        return threads;
    }

    public BackendOptions options() {
        return new BackendOptions(threads(), device);
    }

    /** The backend asked for; {@code notices} hears why a better one was skipped by auto. */
    public Backend open(PrintWriter notices) {
        return Backends.create(backend, options(), notices);
    }
}
