package org.cellscape.backend.opencl;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.cellscape.engine.Backend;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.BackendProvider;
import org.cellscape.backend.BackendUnavailableException;

/**
 * {@code --backend opencl}: NCA steps on an OpenCL device. {@code auto} tries it before the CPU, except on a machine
 * whose only OpenCL devices are CPUs (PoCL, Intel's CPU runtime): there the CPU backend's own SIMD code is
 * faster, so {@link #automatic()} says no and {@code --backend opencl} must be asked for by name.
 */
public final class OpenClBackendProvider implements BackendProvider {
    private static List<ClDevice> devices;
    private static RuntimeException failure;

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String description() {
        return "OpenCL devices (GPUs), bit-exact with the reference; a device selector (P:D or part of a name) picks one";
    }

    @Override
    public int rank() {
        return 100;
    }

    @Override
    public boolean hasDevices() {
        return true;
    }

    /** Whether auto may pick it: yes unless OpenCL works here and offers only CPU devices. */
    @Override
    public boolean automatic() {
        try {
            List<ClDevice> d = devices();
            return d.isEmpty() || d.stream().anyMatch(ClDevice::isGpuLike);
        } catch (RuntimeException e) {
            return true; // let create() say why it is unavailable
        }
    }

    @Override
    public String autoNote() {
        return automatic() ? null : "auto prefers the cpu backend: the only OpenCL devices here are CPUs";
    }

    @Override
    public Backend create(BackendOptions options) throws BackendUnavailableException {
        ClDevice d = ClDevice.select(devices(), options == null ? null : options.device());
        return new OpenClBackend(d, Tuning.fromProperties());
    }

    @Override
    public void listDevices(PrintWriter out) {
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

    @Override
    public java.util.Map<String, Object> deviceInfo() {
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

    @Override
    public boolean selfCheck(BackendOptions options, PrintWriter out) {
        return OpenClCheck.check(options == null ? null : options.device(), out);
    }

    private static String bytes(long b) {
        if (b >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        if (b >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }

    /** The devices, listed once per process (the answer does not change while we run). */
    static synchronized List<ClDevice> devices() {
        if (failure != null) throw failure;
        if (devices == null) {
            try {
                devices = List.copyOf(ClDevice.list());
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return devices;
    }
}
