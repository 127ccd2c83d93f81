package org.cellscape.image;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The system's own codec libraries, when present, through the foreign-function API: libdeflate for inflating TIFF
 * tiles and libjpeg-turbo's TurboJPEG for JPEG tiles, the libraries libvips and libtiff use. Each caller keeps a
 * pure-Java path for when a library is missing; {@code -Dcellscape.native=false} forces that path.
 */
final class Natives {
    private Natives() {}

    static final Linker LINKER = Linker.nativeLinker();

    /** The first of {@code names} the dynamic linker finds, or null (also when native codecs are switched off). */
    static SymbolLookup find(String... names) {
        if (!Boolean.parseBoolean(System.getProperty("cellscape.native", "true"))) return null;
        for (String n : names) {
            try {
                return SymbolLookup.libraryLookup(n, Arena.global());
            } catch (IllegalArgumentException | IllegalCallerException missing) {
                // try the next name; IllegalCallerException: native access was not enabled for this module
            }
        }
        return null;
    }

    /**
     * A downcall to {@code name}. Critical calls (short, no upcalls) may read and write Java arrays in place:
     * {@code MemorySegment.ofArray} without a copy.
     */
    static MethodHandle function(SymbolLookup lib, String name, FunctionDescriptor fd, boolean critical) {
        var symbol = lib.find(name).orElseThrow(() -> new IllegalArgumentException("no symbol " + name));
        return critical ? LINKER.downcallHandle(symbol, fd, Linker.Option.critical(true)) : LINKER.downcallHandle(symbol, fd);
    }

    /** Frees per-thread native state (a codec's handle) once its thread's worker is unreachable. */
    static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    /** A downcall's failure as an unchecked exception (the C functions called here throw nothing themselves). */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof Error e) throw e;
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }
}
