package org.cellscape.backend.opencl;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cellscape.backend.BackendUnavailableException;
import org.lwjgl.opencl.CL;
import org.lwjgl.system.Configuration;

/**
 * Finds and loads the OpenCL ICD loader once per process, without the user setting anything.
 *
 * <p>Debian and most distributions ship only {@code libOpenCL.so.1} (the unversioned name comes with the -dev
 * package), while LWJGL asks for {@code libOpenCL.so}. So we try, in order: the property
 * {@code org.lwjgl.opencl.libname}, the environment variable {@code CELLSCAPE_OPENCL_LIB}, both names in the
 * library path and the usual system folders (including CUDA's and ROCm's), a loader shipped beside the jar
 * ({@code native/} or {@code lib/}, as the GPU check bundle has), and finally both names through the dynamic
 * linker's own search. See docs/opencl-backend.md.
 */
public final class OpenCl {
    public static final String ENV = "CELLSCAPE_OPENCL_LIB";
    private static final String PROPERTY = "org.lwjgl.opencl.libname";
    private static final List<String> NAMES = List.of("libOpenCL.so", "libOpenCL.so.1");
    private static final List<String> FOLDERS = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu", "/lib64", "/usr/local/lib", "/usr/local/cuda/lib64",
            "/usr/local/nvidia/lib64", "/opt/rocm/lib", "/usr/lib/wsl/lib");

    private static String loaded;
    private static BackendUnavailableException failure;
    /** LWJGL prints a multi-line hint for every failed load; we mute it while probing candidates. */
    private static final MutableStream LWJGL_DEBUG = new MutableStream();

    private OpenCl() {}

    /** Loads the library (first call) and returns the path or name that worked; throws with every place tried. */
    public static synchronized String load() {
        if (loaded != null) return loaded;
        if (failure != null) throw failure;
        Configuration.OPENCL_EXPLICIT_INIT.set(true);
        if (Configuration.DEBUG_STREAM.get() == null && !Configuration.DEBUG.get(false)) Configuration.DEBUG_STREAM.set(LWJGL_DEBUG);
        List<String> tried = new ArrayList<>();
        String lastError = null;
        for (String candidate : candidates()) {
            LWJGL_DEBUG.mute(true);
            try {
                CL.create(candidate);
                loaded = candidate;
                return loaded;
            } catch (Throwable e) {
                tried.add(candidate);
                lastError = e.getMessage();
            } finally {
                LWJGL_DEBUG.mute(false);
            }
        }
        failure = new BackendUnavailableException("no OpenCL library found (tried " + String.join(", ", tried)
                + "; install an OpenCL driver and its ICD loader, e.g. ocl-icd-libopencl1, or set " + ENV + ")"
                + (lastError != null && System.getenv(ENV) != null ? ": " + lastError : ""));
        throw failure;
    }

    /** The places tried, best first; file paths only where the file exists, bare names last. */
    static List<String> candidates() {
        Set<String> c = new LinkedHashSet<>();
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) c.add(prop.trim());
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) c.add(env.trim());
        List<String> folders = new ArrayList<>();
        for (String var : new String[]{System.getProperty("java.library.path"), System.getenv("LD_LIBRARY_PATH")})
            if (var != null) for (String f : var.split(":")) if (!f.isBlank()) folders.add(f);
        folders.addAll(FOLDERS);
        for (String f : folders)
            for (String n : NAMES) {
                Path p = Path.of(f, n);
                if (Files.isRegularFile(p)) c.add(p.toAbsolutePath().toString());
            }
        Path jarDir = jarFolder();
        if (jarDir != null)
            for (String sub : new String[]{"native", "lib", "."})
                for (String n : NAMES) {
                    Path p = jarDir.resolve(sub).resolve(n).normalize();
                    if (Files.isRegularFile(p)) c.add(p.toAbsolutePath().toString());
                }
        c.addAll(NAMES);
        return new ArrayList<>(c);
    }

    /** The folder holding cellscape.jar (or the classes folder), where a bundle keeps its fallback loader. */
    static Path jarFolder() {
        try {
            var src = OpenCl.class.getProtectionDomain().getCodeSource();
            if (src == null) return null;
            Path p = Path.of(src.getLocation().toURI());
            return Files.isDirectory(p) ? p : p.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Throws a one-line error for a failed OpenCL call; allocation failures say "out of device memory". */
    static void check(int err, String what) {
        if (err != 0) throw error(err, what);
    }

    static BackendUnavailableException error(int err, String what) {
        if (isOutOfMemory(err))
            return new OutOfDeviceMemory("OpenCL device out of memory in " + what + " (" + errorName(err) + ")");
        return new BackendUnavailableException("OpenCL call " + what + " failed with " + errorName(err));
    }

    static boolean isOutOfMemory(int err) {
        return err == -4 || err == -5 || err == -6 || err == -61;
    }

    /** A failed allocation: the backend retries with smaller bands before giving up. */
    static final class OutOfDeviceMemory extends BackendUnavailableException {
        OutOfDeviceMemory(String message) {
            super(message);
        }
    }

    static String errorName(int err) {
        String n = switch (err) {
            case -1 -> "CL_DEVICE_NOT_FOUND";
            case -2 -> "CL_DEVICE_NOT_AVAILABLE";
            case -3 -> "CL_COMPILER_NOT_AVAILABLE";
            case -4 -> "CL_MEM_OBJECT_ALLOCATION_FAILURE";
            case -5 -> "CL_OUT_OF_RESOURCES";
            case -6 -> "CL_OUT_OF_HOST_MEMORY";
            case -11 -> "CL_BUILD_PROGRAM_FAILURE";
            case -30 -> "CL_INVALID_VALUE";
            case -33 -> "CL_INVALID_DEVICE";
            case -34 -> "CL_INVALID_CONTEXT";
            case -36 -> "CL_INVALID_COMMAND_QUEUE";
            case -38 -> "CL_INVALID_MEM_OBJECT";
            case -45 -> "CL_INVALID_PROGRAM_EXECUTABLE";
            case -46 -> "CL_INVALID_KERNEL_NAME";
            case -48 -> "CL_INVALID_KERNEL";
            case -49 -> "CL_INVALID_ARG_INDEX";
            case -50 -> "CL_INVALID_ARG_VALUE";
            case -51 -> "CL_INVALID_ARG_SIZE";
            case -52 -> "CL_INVALID_KERNEL_ARGS";
            case -54 -> "CL_INVALID_WORK_GROUP_SIZE";
            case -55 -> "CL_INVALID_WORK_ITEM_SIZE";
            case -61 -> "CL_INVALID_BUFFER_SIZE";
            case -1001 -> "CL_PLATFORM_NOT_FOUND_KHR";
            default -> null;
        };
        return n != null ? n + " (" + err + ")" : "OpenCL error " + err;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** A PrintStream to stderr that can be silenced while we probe library names. */
    private static final class MutableStream extends PrintStream {
        private static volatile boolean muted;

        MutableStream() {
            super(new OutputStream() {
                @Override
                public void write(int b) {
                    if (!muted) System.err.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (!muted) System.err.write(b, off, len);
                }
            }, true);
        }

        void mute(boolean m) {
            muted = m;
        }
    }
}
