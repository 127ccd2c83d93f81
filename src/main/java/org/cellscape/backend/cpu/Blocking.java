package org.cellscape.backend.cpu;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * The register-block shapes of {@link RowKernel}'s MLP: layer 1 computes {@code cells1} firing cells x
 * {@code vectors1} vectors of hidden units at once ({@code cells1 * vectors1} accumulators plus {@code vectors1}
 * weight vectors and one broadcast must fit in the vector registers, or the JIT spills them to the stack), layer 2
 * {@code cells2} cells x {@code vectors2} vectors of channels. Every shape computes the same bits; only speed differs.
 *
 * <p>The shape is picked from a table by vector width and register count (AVX-512: 32 registers; AVX2 and SSE:
 * 16; NEON: 32), measured with {@code bench/ceiling.sh}; the system property {@code cellscape.cpu.blocking}
 * ("8x2/8x1") overrides it, for measuring other shapes.
 */
public record Blocking(int cells1, int vectors1, int cells2, int vectors2) {
    /** Layer-1 shapes with code in RowKernel. */
    static final List<int[]> LAYER1 = List.of(new int[]{8, 2}, new int[]{4, 3});
    /** Layer-2 shapes with code in RowKernel. */
    static final List<int[]> LAYER2 = List.of(new int[]{8, 1}, new int[]{4, 3}, new int[]{6, 2}, new int[]{3, 3});
    /** The fewest firing cells per batch; {@link #batch()} rounds it up to whole blocks of both layers. */
    static final int BATCH = 16;

    public Blocking {
        if (!has(LAYER1, cells1, vectors1) || !has(LAYER2, cells2, vectors2))
            throw new IllegalArgumentException("no kernel for blocking " + cells1 + "x" + vectors1 + "/" + cells2 + "x" + vectors2);
    }

    /** Firing cells per batch: the least multiple of both layers' cells per block that is at least {@link #BATCH}. */
    public int batch() {
        int a = cells1, b = cells2;
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        int lcm = cells1 / a * cells2;
        return (BATCH + lcm - 1) / lcm * lcm;
    }

    private static boolean has(List<int[]> shapes, int c, int v) {
        return shapes.stream().anyMatch(s -> s[0] == c && s[1] == v);
    }

    /** Every shape there is code for: what the tests run. */
    static List<Blocking> all() {
        return LAYER1.stream().flatMap(a -> LAYER2.stream().map(b -> new Blocking(a[0], a[1], b[0], b[1]))).toList();
    }

    /** The shape for this JVM: the property if set, else the table entry for its vector width and registers. */
    static Blocking forThisJvm(int vectorBits) {
        String p = System.getProperty("cellscape.cpu.blocking");
        return p != null && !p.isBlank() ? parse(p) : table(vectorBits, vectorRegisters());
    }

    /**
     * The fastest shapes measured (docs/cpu-backend.md, single thread, google 12/96): layer 1 as 8x2 where 512-bit
     * vectors leave few strips, 4x3 elsewhere (16 registers: 12 accumulators + 3 weights + 1 broadcast; it also won
     * at 128 bits with 32 registers). Layer 2 as 8x1 at 512 bits (the 12 channels are one vector); 6x2 at 256 bits
     * (the channels padded to two vectors, 12 accumulators, each broadcast feeding two FMAs: 8x1's 8 chains of one
     * FMA each wait on the FMA latency); 3x3 at 128 bits with 16 registers and 4x3 with 32 (the channels are three
     * 128-bit vectors).
     */
    static Blocking table(int vectorBits, int registers) {
        if (vectorBits >= 512 && registers >= 32) return new Blocking(8, 2, 8, 1);
        if (vectorBits <= 128) return registers >= 32 ? new Blocking(4, 3, 4, 3) : new Blocking(4, 3, 3, 3);
        return new Blocking(4, 3, 6, 2);
    }

    /** "8x2/8x1" (layer 2 defaults to 8x1 when left out). */
    static Blocking parse(String s) {
        String[] p = s.trim().toLowerCase(Locale.ROOT).split("[x/]");
        try {
            if (p.length == 2 || p.length == 4)
                return new Blocking(Integer.parseInt(p[0]), Integer.parseInt(p[1]),
                        p.length == 4 ? Integer.parseInt(p[2]) : 8, p.length == 4 ? Integer.parseInt(p[3]) : 1);
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("cellscape.cpu.blocking must look like 8x2 or 8x2/8x1, got '" + s + "'");
    }

    /**
     * Vector registers the JIT may use: 32 on AArch64 and on x86 with AVX-512 enabled (EVEX encoding), 16 on x86
     * without it (also when AVX-512 hardware runs with -XX:UseAVX=2).
     */
    public static int vectorRegisters() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("aarch64")) return 32;
        if (!arch.equals("amd64") && !arch.equals("x86_64")) return 16;
        try {
            var hs = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(hs.getVMOption("UseAVX").getValue()) >= 3 ? 32 : 16;
        } catch (RuntimeException e) {
            return 16; // not HotSpot: assume the smaller register file
        }
    }

    @Override
    public String toString() {
        return cells1 + "x" + vectors1 + "/" + cells2 + "x" + vectors2;
    }
}
