package org.cellscape.image;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * zlib-stream inflate by libdeflate (about 2-3x zlib's speed on our tiles), one decompressor per thread. Inflating is
 * exact, so the bytes are the same as {@link java.util.zip.Inflater}'s; {@link #available} says whether it loaded.
 */
final class LibDeflate {
    private LibDeflate() {}

    private static final MethodHandle ALLOC, INFLATE, FREE;

    static {
        SymbolLookup lib = Natives.find("libdeflate.so.0", "libdeflate.so", "libdeflate.0.dylib", "libdeflate.dylib", "libdeflate.dll");
        MethodHandle a = null, z = null, f = null;
        if (lib != null) {
            try {
                a = Natives.function(lib, "libdeflate_alloc_decompressor", FunctionDescriptor.of(ADDRESS), false);
                f = Natives.function(lib, "libdeflate_free_decompressor", FunctionDescriptor.ofVoid(ADDRESS), false);
                // (decompressor, in, in_nbytes, out, out_nbytes_avail, actual_out_nbytes_ret) -> libdeflate_result
                z = Natives.function(lib, "libdeflate_zlib_decompress",
                        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS), true);
            } catch (IllegalArgumentException e) {
                a = z = f = null; // an old or odd build without these symbols: zlib it is
            }
        }
        ALLOC = a;
        INFLATE = z;
        FREE = f;
    }

    /** Per thread: its decompressor and an 8-byte cell for the produced length, freed once the thread is gone. */
    private record Worker(MemorySegment decompressor, MemorySegment produced) {}

    private static final ThreadLocal<Worker> WORKER = ThreadLocal.withInitial(() -> {
        MemorySegment d;
        try {
            d = (MemorySegment) ALLOC.invokeExact();
        } catch (Throwable t) {
            throw Natives.unchecked(t);
        }
        if (d.equals(MemorySegment.NULL)) throw new OutOfMemoryError("libdeflate_alloc_decompressor failed");
        Worker w = new Worker(d, Arena.ofAuto().allocate(JAVA_LONG));
        Natives.CLEANER.register(w, () -> {
            try {
                FREE.invokeExact(d);
            } catch (Throwable ignored) {
                // nothing more can be done for memory that is being given back
            }
        });
        return w;
    });

    static boolean available() {
        return INFLATE != null;
    }

    /**
     * Inflates the zlib stream {@code in[0..inLen)} into {@code out}: the number of bytes produced, or -1 when the
     * data is not a valid zlib stream or inflates to more than {@code out.length} bytes.
     */
    static int inflate(byte[] in, int inLen, byte[] out) {
        Worker w = WORKER.get();
        try {
            int r = (int) INFLATE.invokeExact(w.decompressor, MemorySegment.ofArray(in), (long) inLen,
                    MemorySegment.ofArray(out), (long) out.length, w.produced);
            return r == 0 ? (int) w.produced.get(JAVA_LONG, 0) : -1;
        } catch (Throwable t) {
            throw Natives.unchecked(t);
        }
    }
}
