package org.cellscape.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Backend;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.BackendProvider;
import org.cellscape.backend.BackendUnavailableException;
import org.cellscape.backend.Backends;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cellscape devices}: the OpenCL platforms and devices, and which backends work on this machine. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List OpenCL platforms and devices, and every backend with 'available' or why not.",
        footer = {"", "Examples:", "  cellscape devices", "  cellscape devices --check --device 0:0"})
public final class DevicesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--device", paramLabel = "SEL",
            description = "OpenCL device for --check: P:D indices or part of its name (default: the first GPU, else the first device).")
    String device;

    @Option(names = "--check",
            description = "Also compare the OpenCL device with the CPU reference on small steps, upsampling and a render (bit for bit; exit 6 if any differ).")
    boolean check;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (BackendProvider p : Backends.providers()) p.listDevices(out);
        out.println();
        out.println("Backends (--backend NAME; 'auto' tries the automatic ones from the top):");
        BackendOptions options = new BackendOptions(0, device);
        for (BackendProvider p : Backends.providers()) {
            String status;
            try (Backend b = p.create(options)) {
                status = "available: " + b.describe();
            } catch (BackendUnavailableException e) {
                status = "unavailable: " + e.getMessage();
            }
            String auto = p.autoNote();
            out.printf(Locale.ROOT, "  %-10s %s%s%n", p.name(), status, auto != null ? " (" + auto + ")" : "");
            out.printf(Locale.ROOT, "  %-10s %s%n", "", p.description());
        }
        out.flush();
        if (check) {
            boolean ok = true;
            for (BackendProvider p : Backends.providers()) ok &= p.selfCheck(options, out);
            if (!ok) throw new CellscapeException(CellscapeException.BACKEND, "a backend's results differ from the reference (see above)");
        }
        return 0;
    }

}
