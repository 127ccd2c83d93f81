package org.cellscape.backend;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The list of backends and the choice among them. {@code auto} tries the automatic ones from the highest rank
 * down, tells {@code notices} why a better one was skipped, and falls back to the CPU.
 */
public final class Backends {
    private static final List<BackendProvider> PROVIDERS = new ArrayList<>();

    static {
        register(new BackendProvider() {
            public String name() { return "reference"; }
            public String description() { return "the scalar reference step, single-threaded (slow; for checking)"; }
            public boolean automatic() { return false; }
            public Backend create(BackendOptions o) { return new ReferenceBackend(); }
        });
        register(new org.cellscape.backend.cpu.CpuBackendProvider());
        register(new org.cellscape.backend.opencl.OpenClBackendProvider());
    }

    private Backends() {}

    /** Adds a provider (done once, from the static initialisers listed here). */
    public static synchronized void register(BackendProvider p) {
        PROVIDERS.removeIf(q -> q.name().equals(p.name()));
        PROVIDERS.add(p);
    }

    public static synchronized List<BackendProvider> providers() {
        List<BackendProvider> l = new ArrayList<>(PROVIDERS);
        l.sort(Comparator.comparingInt(BackendProvider::rank).reversed());
        return l;
    }

    public static List<String> names() {
        List<String> n = new ArrayList<>();
        n.add("auto");
        providers().forEach(p -> n.add(p.name()));
        return n;
    }

    /** Creates the named backend, or for "auto" the best one that works here. */
    public static Backend create(String name, BackendOptions options, PrintWriter notices) {
        if (name == null || name.equals("auto")) {
            for (BackendProvider p : providers()) {
                if (!p.automatic()) continue;
                try {
                    return p.create(options);
                } catch (BackendUnavailableException e) {
                    if (notices != null) notices.println("cellscape: backend " + p.name() + " unavailable (" + e.getMessage() + "); trying the next");
                }
            }
            return new ReferenceBackend();
        }
        for (BackendProvider p : providers())
            if (p.name().equals(name)) return p.create(options);
        throw new BackendUnavailableException("unknown backend '" + name + "' (choose from " + String.join(", ", names()) + ")");
    }
}
