package org.cellscape.image;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Baseline JPEG by libjpeg-turbo's TurboJPEG API (SIMD; several times the JDK encoder's speed), one compressor and
 * one output buffer per thread. Chroma is subsampled 4:2:0 below quality 90 and kept whole from 90 up, as libvips
 * does. {@link #available} says whether the library loaded; without it callers use ImageIO's encoder.
 */
final class TurboJpeg {
    private TurboJpeg() {}

    private static final int TJPF_RGB = 0, TJSAMP_444 = 0, TJSAMP_420 = 2, TJFLAG_NOREALLOC = 1024;
    /** C's unsigned long: 8 bytes on LP64 systems, 4 on Windows. */
    private static final ValueLayout ULONG = (ValueLayout) Natives.LINKER.canonicalLayouts().get("long");
    private static final MethodHandle INIT, BUF_SIZE, COMPRESS, ERROR, DESTROY;

    static {
        SymbolLookup lib = Natives.find("libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib", "libturbojpeg.dylib", "turbojpeg.dll");
        MethodHandle i = null, b = null, c = null, e = null, d = null;
        if (lib != null) {
            try {
                i = Natives.function(lib, "tjInitCompress", FunctionDescriptor.of(ADDRESS), false);
                b = Natives.function(lib, "tjBufSize", FunctionDescriptor.of(ULONG, JAVA_INT, JAVA_INT, JAVA_INT), false);
                // (handle, src, width, pitch, height, pixelFormat, jpegBuf**, jpegSize*, subsamp, quality, flags) -> 0 or -1
                c = Natives.function(lib, "tjCompress2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT,
                        JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT), true);
                e = Natives.function(lib, "tjGetErrorStr2", FunctionDescriptor.of(ADDRESS, ADDRESS), false);
                d = Natives.function(lib, "tjDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS), false);
            } catch (IllegalArgumentException missing) {
                i = b = c = e = d = null;
            }
        }
        INIT = i;
        BUF_SIZE = b;
        COMPRESS = c;
        ERROR = e;
        DESTROY = d;
    }

    /**
     * Per thread: the compressor, its output buffer (grown on demand) and the pointer and size cells tjCompress2 fills;
     * the memory is the JVM's to free and the compressor is destroyed once the thread (a sink's pool) is gone.
     */
    private static final class Worker {
        final Arena arena = Arena.ofAuto();
        final MemorySegment handle, bufPtr = arena.allocate(ADDRESS), size = arena.allocate(ULONG);
        MemorySegment buf = MemorySegment.NULL;

        Worker() {
            try {
                handle = (MemorySegment) INIT.invokeExact();
            } catch (Throwable t) {
                throw Natives.unchecked(t);
            }
            if (handle.equals(MemorySegment.NULL)) throw new IllegalStateException("tjInitCompress failed");
            MemorySegment h = handle;
            Natives.CLEANER.register(this, () -> {
                try {
                    int ignored = (int) DESTROY.invokeExact(h);
                } catch (Throwable ignored) {
                    // nothing more can be done for memory that is being given back
                }
            });
        }
    }

    private static final ThreadLocal<Worker> WORKER = ThreadLocal.withInitial(Worker::new);

    static boolean available() {
        return COMPRESS != null;
    }

    /** A JPEG file's bytes for {@code rgb} (w x h, 3 bytes per pixel, rows packed), at quality 1..100. */
    static byte[] encode(byte[] rgb, int w, int h, int quality) {
        Worker wk = WORKER.get();
        int sub = quality >= 90 ? TJSAMP_444 : TJSAMP_420;
        try {
            long need = ULONG.byteSize() == 8 ? (long) BUF_SIZE.invoke(w, h, sub) : (int) BUF_SIZE.invoke(w, h, sub) & 0xFFFFFFFFL;
            if (wk.buf.byteSize() < need) wk.buf = wk.arena.allocate(need); // kept for the thread's next tiles
            wk.bufPtr.set(ADDRESS, 0, wk.buf);
            if (ULONG.byteSize() == 8) wk.size.set(JAVA_LONG, 0, wk.buf.byteSize());
            else wk.size.set(JAVA_INT, 0, (int) wk.buf.byteSize());
            int r = (int) COMPRESS.invokeExact(wk.handle, MemorySegment.ofArray(rgb), w, w * 3, h, TJPF_RGB, wk.bufPtr, wk.size,
                    sub, quality, TJFLAG_NOREALLOC);
            if (r != 0) {
                MemorySegment msg = ((MemorySegment) ERROR.invokeExact(wk.handle)).reinterpret(1024);
                throw new IllegalStateException("libjpeg-turbo: " + msg.getString(0));
            }
            long n = ULONG.byteSize() == 8 ? wk.size.get(JAVA_LONG, 0) : wk.size.get(JAVA_INT, 0) & 0xFFFFFFFFL;
            return wk.buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw Natives.unchecked(t);
        }
    }
}
