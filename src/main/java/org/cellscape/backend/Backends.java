package org.cellscape.backend;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Backend;

/**
 * The backends found on the class path ({@link ServiceLoader}) and the choice among them. {@code auto} tries the
 * automatic ones from the highest rank down, tells {@code notices} why a better one was skipped, and falls back to
 * the reference step.
 */
public final class Backends {
    private static List<BackendProvider> providers;

    private Backends() {}

    /** Every provider, highest rank first. */
    public static synchronized List<BackendProvider> providers() {
        if (providers == null) {
            List<BackendProvider> l = new ArrayList<>();
            ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(l::add);
            l.sort(Comparator.comparingInt(BackendProvider::rank).reversed().thenComparing(BackendProvider::name));
            providers = List.copyOf(l);
        }
        return providers;
    }

    public static List<String> names() {
        List<String> n = new ArrayList<>();
        n.add("auto");
        providers().forEach(p -> n.add(p.name()));
        return n;
    }

    /** Creates the named backend, or for "auto" the best one that works here. */
    public static Backend create(String name, BackendOptions options, PrintWriter notices) {
        String device = options == null || options.device() == null || options.device().isBlank() ? null : options.device();
        if (name == null || name.equals("auto")) {
            for (BackendProvider p : providers()) {
                if (!p.automatic()) continue;
                try {
                    Backend b = p.create(options);
                    if (device != null && !p.hasDevices() && notices != null)
                        notices.println("cellscape: device selector '" + device + "' ignored: auto chose the " + p.name() + " backend, which has no devices");
                    return b;
                } catch (BackendUnavailableException e) {
                    if (notices != null) notices.println("cellscape: backend " + p.name() + " unavailable (" + e.getMessage() + "); trying the next");
                }
            }
            return new ReferenceBackend();
        }
        for (BackendProvider p : providers()) {
            if (!p.name().equals(name)) continue;
            if (device != null && !p.hasDevices())
                throw CellscapeException.invalid("the " + name + " backend has no devices to select ('" + device + "'); a device selector is for "
                        + String.join(", ", providers().stream().filter(BackendProvider::hasDevices).map(BackendProvider::name).toList()));
            return p.create(options);
        }
        throw new BackendUnavailableException("unknown backend '" + name + "' (choose from " + String.join(", ", names()) + ")");
    }
}
