package org.cellscape.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.backend.Backend;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.BackendProvider;
import org.cellscape.backend.BackendUnavailableException;
import org.cellscape.backend.Backends;
import org.cellscape.backend.opencl.ClDevice;
import org.cellscape.backend.opencl.OpenCl;
import org.cellscape.backend.opencl.OpenClBackendProvider;
import org.cellscape.backend.opencl.OpenClCheck;
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
        List<BackendStatus> backends = new java.util.ArrayList<>();
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
            String auto = !p.automatic() ? (p instanceof OpenClBackendProvider o && o.autoNote() != null ? o.autoNote() : "never chosen by auto") : null;
            backends.add(new BackendStatus(p.name(), ok, status, auto, p.description()));
        }
        if (json) {
            java.util.Map<String, Object> j = new java.util.LinkedHashMap<>();
            j.put("opencl", openClJson());
            j.put("backends", backends);
            Json.print(out, j);
        } else {
            listOpenCl(out);
            out.println();
            out.println("Backends (--backend NAME; 'auto' tries the automatic ones from the top):");
            for (BackendStatus b : backends) {
                out.printf(Locale.ROOT, "  %-10s %s%s%n", b.name(), (b.available() ? "available: " : "unavailable: ") + b.status(),
                        b.autoNote() != null ? " (" + b.autoNote() + ")" : "");
                out.printf(Locale.ROOT, "  %-10s %s%n", "", b.description());
            }
        }
        out.flush();
        if (check && !OpenClCheck.check(device, out))
            throw new CellscapeException(CellscapeException.BACKEND, "the OpenCL device's results differ from the reference (see above)");
        return 0;
    }

    private static java.util.Map<String, Object> openClJson() {
        java.util.Map<String, Object> j = new java.util.LinkedHashMap<>();
        try {
            j.put("library", OpenCl.load());
            List<java.util.Map<String, Object>> list = new java.util.ArrayList<>();
            List<ClDevice> devices = ClDevice.list();
            ClDevice chosen = devices.isEmpty() ? null : ClDevice.select(devices, null);
            for (ClDevice d : devices) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("index", d.index());
                m.put("name", d.name());
                m.put("platform", d.platformName());
                m.put("platformVersion", d.platformVersion());
                m.put("type", d.typeName());
                m.put("computeUnits", d.computeUnits());
                m.put("clockMHz", d.clockMHz());
                m.put("version", d.version());
                m.put("driver", d.driver());
                m.put("globalMemory", d.globalMem());
                m.put("maxAllocation", d.maxAlloc());
                m.put("default", d == chosen);
                list.add(m);
            }
            j.put("devices", list);
        } catch (BackendUnavailableException e) {
            j.put("error", e.getMessage());
        }
        return j;
    }

    private static void listOpenCl(PrintWriter out) {
        List<ClDevice> devices;
        try {
            String lib = OpenCl.load();
            out.println("OpenCL library: " + lib);
            devices = ClDevice.list();
        } catch (BackendUnavailableException e) {
            out.println("OpenCL: " + e.getMessage());
            return;
        }
        if (devices.isEmpty()) {
            out.println("OpenCL: no platforms (no driver's ICD file in /etc/OpenCL/vendors, or OCL_ICD_VENDORS points nowhere)");
            return;
        }
        ClDevice chosen = ClDevice.select(devices, null);
        int platform = -1;
        for (ClDevice d : devices) {
            if (d.platformIndex() != platform) {
                platform = d.platformIndex();
                out.printf("Platform %d: %s (%s)%n", platform, d.platformName(), d.platformVersion());
            }
            out.printf(Locale.ROOT, "  %s  %s%s%n", d.index(), d.name(), d == chosen ? "   [default]" : "");
            out.printf(Locale.ROOT, "       type %s, %d compute units @ %d MHz, %s, driver %s%n", d.typeName(), d.computeUnits(), d.clockMHz(), d.version(), d.driver());
            out.printf(Locale.ROOT, "       global memory %s, max allocation %s, constant buffer %s, local memory %s%n",
                    bytes(d.globalMem()), bytes(d.maxAlloc()), bytes(d.constantBufferSize()), bytes(d.localMem()));
            long[] items = d.maxWorkItemSizes();
            StringBuilder sizes = new StringBuilder();
            for (int i = 0; i < items.length; i++) sizes.append(i > 0 ? "x" : "").append(items[i]);
            out.printf(Locale.ROOT, "       work-group max %d (items %s), host-unified memory %s, denormals %s%n",
                    d.maxWorkGroupSize(), sizes, d.hostUnifiedMemory() ? "yes" : "no", d.denormals() ? "yes" : "no");
        }
    }

    static String bytes(long b) {
        if (b >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        if (b >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
}
