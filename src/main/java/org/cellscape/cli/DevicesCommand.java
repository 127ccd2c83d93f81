package org.cellscape.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    @Option(names = "--json", description = "Print the devices and backends as one JSON object instead of text (with --check, the check's report stays text).")
    boolean json;

    /** One backend: whether it can be created here, and whether 'auto' would consider it. */
    record BackendStatus(String name, boolean available, String status, String autoNote, String description) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<BackendStatus> backends = new ArrayList<>();
        BackendOptions options = new BackendOptions(0, device);
        for (BackendProvider p : Backends.providers()) {
            String status;
            boolean ok = false;
            try (Backend b = p.create(options)) {
                status = b.describe();
                ok = true;
            } catch (BackendUnavailableException e) {
                status = e.getMessage();
            }
            backends.add(new BackendStatus(p.name(), ok, status, p.autoNote(), p.description()));
        }
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            for (BackendProvider p : Backends.providers()) {
                Map<String, Object> info = p.deviceInfo();
                if (info != null) j.put(p.name(), info);
            }
            j.put("backends", backends);
            Json.print(out, j);
        } else {
            for (BackendProvider p : Backends.providers()) p.listDevices(out);
            out.println();
            out.println("Backends (--backend NAME; 'auto' tries the automatic ones from the top):");
            for (BackendStatus b : backends) {
                out.printf(Locale.ROOT, "  %-10s %s%s%n", b.name(), (b.available() ? "available: " : "unavailable: ") + b.status(),
                        b.autoNote() != null ? " (" + b.autoNote() + ")" : "");
                out.printf(Locale.ROOT, "  %-10s %s%n", "", b.description());
            }
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
