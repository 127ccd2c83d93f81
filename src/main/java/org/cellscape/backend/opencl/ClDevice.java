package org.cellscape.backend.opencl;

import static org.lwjgl.opencl.CL10.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cellscape.backend.BackendUnavailableException;
import org.lwjgl.PointerBuffer;
import org.lwjgl.opencl.CL11;
import org.lwjgl.system.MemoryStack;

/**
 * One OpenCL device and the limits the backend plans with. {@code index()} is "P:D", the platform and device
 * positions users pass to {@code --device}.
 */
public record ClDevice(int platformIndex, int deviceIndex, long platform, long id, String platformName,
                       String platformVersion, String name, String vendor, String version, String driver, long type,
                       int computeUnits, int clockMHz, long globalMem, long maxAlloc, long constantBufferSize,
                       int maxConstantArgs, long localMem, long maxWorkGroupSize, long[] maxWorkItemSizes,
                       boolean hostUnifiedMemory, boolean denormals) {

    public String index() {
        return platformIndex + ":" + deviceIndex;
    }

    public String typeName() {
        if ((type & CL_DEVICE_TYPE_GPU) != 0) return "GPU";
        if ((type & CL_DEVICE_TYPE_ACCELERATOR) != 0) return "accelerator";
        if ((type & CL_DEVICE_TYPE_CPU) != 0) return "CPU";
        return "other";
    }

    /** A GPU or accelerator: worth choosing over the CPU backend. */
    public boolean isGpuLike() {
        return (type & (CL_DEVICE_TYPE_GPU | CL_DEVICE_TYPE_ACCELERATOR)) != 0;
    }

    /** Every device of every platform, in platform then device order; empty when the loader finds no platform. */
    public static List<ClDevice> list() {
        OpenCl.load();
        List<ClDevice> out = new ArrayList<>();
        try (MemoryStack s = MemoryStack.stackPush()) {
            var n = s.mallocInt(1);
            int err = clGetPlatformIDs(null, n);
            if (err == -1001 || (err == 0 && n.get(0) == 0)) return out; // CL_PLATFORM_NOT_FOUND_KHR: no driver installed
            OpenCl.check(err, "clGetPlatformIDs");
            PointerBuffer platforms = s.mallocPointer(n.get(0));
            OpenCl.check(clGetPlatformIDs(platforms, (java.nio.IntBuffer) null), "clGetPlatformIDs");
            for (int p = 0; p < platforms.capacity(); p++) {
                long platform = platforms.get(p);
                var nd = s.mallocInt(1);
                err = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, null, nd);
                if (err == -1 || (err == 0 && nd.get(0) == 0)) continue; // a platform without devices
                OpenCl.check(err, "clGetDeviceIDs");
                PointerBuffer devices = s.mallocPointer(nd.get(0));
                OpenCl.check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, devices, (java.nio.IntBuffer) null), "clGetDeviceIDs");
                String pName = platformString(platform, CL_PLATFORM_NAME), pVersion = platformString(platform, CL_PLATFORM_VERSION);
                for (int d = 0; d < devices.capacity(); d++) out.add(describe(p, d, platform, devices.get(d), pName, pVersion));
            }
        }
        return out;
    }

    private static ClDevice describe(int p, int d, long platform, long dev, String pName, String pVersion) {
        long[] items = new long[(int) sizeT(dev, CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS, 4)];
        try (MemoryStack s = MemoryStack.stackPush()) {
            PointerBuffer b = s.mallocPointer(items.length);
            OpenCl.check(clGetDeviceInfo(dev, CL_DEVICE_MAX_WORK_ITEM_SIZES, b, null), "clGetDeviceInfo");
            for (int i = 0; i < items.length; i++) items[i] = b.get(i);
        }
        long fp = ulong(dev, CL_DEVICE_SINGLE_FP_CONFIG);
        return new ClDevice(p, d, platform, dev, pName, pVersion, deviceString(dev, CL_DEVICE_NAME),
                deviceString(dev, CL_DEVICE_VENDOR), deviceString(dev, CL_DEVICE_VERSION), deviceString(dev, CL_DRIVER_VERSION),
                ulong(dev, CL_DEVICE_TYPE), uint(dev, CL_DEVICE_MAX_COMPUTE_UNITS), uint(dev, CL_DEVICE_MAX_CLOCK_FREQUENCY),
                ulong(dev, CL_DEVICE_GLOBAL_MEM_SIZE), ulong(dev, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                ulong(dev, CL_DEVICE_MAX_CONSTANT_BUFFER_SIZE), uint(dev, CL_DEVICE_MAX_CONSTANT_ARGS),
                ulong(dev, CL_DEVICE_LOCAL_MEM_SIZE), sizeT(dev, CL_DEVICE_MAX_WORK_GROUP_SIZE, 8), items,
                hostUnified(dev), (fp & CL_FP_DENORM) != 0);
    }

    /**
     * The device a selector names: "P:D" indices, or a case-insensitive fragment of "platform device" names.
     * With no selector: the first GPU, else the first accelerator, else the first device.
     */
    public static ClDevice select(List<ClDevice> devices, String selector) {
        if (devices.isEmpty()) throw new BackendUnavailableException("no OpenCL platform or device found (is a driver's ICD file in /etc/OpenCL/vendors?)");
        if (selector == null || selector.isBlank()) {
            for (ClDevice d : devices) if ((d.type & CL_DEVICE_TYPE_GPU) != 0) return d;
            for (ClDevice d : devices) if (d.isGpuLike()) return d;
            return devices.get(0);
        }
        String sel = selector.trim();
        for (ClDevice d : devices) if (d.index().equals(sel)) return d;
        String frag = OpenCl.lower(sel);
        for (ClDevice d : devices) if (OpenCl.lower(d.platformName + " " + d.name).contains(frag)) return d;
        List<String> known = new ArrayList<>();
        for (ClDevice d : devices) known.add(d.index() + " " + d.name);
        throw new BackendUnavailableException("no OpenCL device matches '" + sel + "' (devices: " + String.join(", ", known) + ")");
    }

    @Override
    public String toString() {
        return index() + " " + name + " (" + typeName() + ", " + platformName + ")";
    }

    static String platformString(long platform, int param) {
        try (MemoryStack s = MemoryStack.stackPush()) {
            PointerBuffer size = s.mallocPointer(1);
            OpenCl.check(clGetPlatformInfo(platform, param, (ByteBuffer) null, size), "clGetPlatformInfo");
            ByteBuffer b = s.malloc((int) size.get(0));
            OpenCl.check(clGetPlatformInfo(platform, param, b, null), "clGetPlatformInfo");
            return cString(b);
        }
    }

    static String deviceString(long dev, int param) {
        try (MemoryStack s = MemoryStack.stackPush()) {
            PointerBuffer size = s.mallocPointer(1);
            OpenCl.check(clGetDeviceInfo(dev, param, (ByteBuffer) null, size), "clGetDeviceInfo");
            ByteBuffer b = s.malloc((int) size.get(0));
            OpenCl.check(clGetDeviceInfo(dev, param, b, null), "clGetDeviceInfo");
            return cString(b);
        }
    }

    static String cString(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) n++;
        return new String(bytes, 0, n, StandardCharsets.UTF_8).trim();
    }

    /** Deprecated since OpenCL 2.0 and refused by some drivers: then assume the device has its own memory. */
    private static boolean hostUnified(long dev) {
        try (MemoryStack s = MemoryStack.stackPush()) {
            var b = s.mallocInt(1);
            return clGetDeviceInfo(dev, CL11.CL_DEVICE_HOST_UNIFIED_MEMORY, b, null) == 0 && b.get(0) != 0;
        }
    }

    private static int uint(long dev, int param) {
        try (MemoryStack s = MemoryStack.stackPush()) {
            var b = s.mallocInt(1);
            OpenCl.check(clGetDeviceInfo(dev, param, b, null), "clGetDeviceInfo");
            return b.get(0);
        }
    }

    private static long ulong(long dev, int param) {
        try (MemoryStack s = MemoryStack.stackPush()) {
            var b = s.mallocLong(1);
            OpenCl.check(clGetDeviceInfo(dev, param, b, null), "clGetDeviceInfo");
            return b.get(0);
        }
    }

    private static long sizeT(long dev, int param, int bytes) {
        try (MemoryStack s = MemoryStack.stackPush()) {
            ByteBuffer b = s.calloc(8);
            OpenCl.check(clGetDeviceInfo(dev, param, b, null), "clGetDeviceInfo");
            return bytes == 4 ? Integer.toUnsignedLong(b.getInt(0)) : b.getLong(0);
        }
    }
}
