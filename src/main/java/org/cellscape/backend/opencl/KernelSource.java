package org.cellscape.backend.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.cellscape.model.NcaModel;

/**
 * OpenCL C source for a model: the template nca.cl with the model's shape and clip bounds as #defines and the
 * perception unrolled with the kernel taps as literals (zero taps left out, as the reference skips them).
 * Weights stay in a buffer ({@link #packWeights}), so models of one shape and kernel set share a program.
 */
final class KernelSource {
    /** Cells per work-item in the compacting kernel. */
    static final int CPI = 4;

    private KernelSource() {}

    /** The step program; {@code control}: the kernels take the tile's control inputs (R = the model's extra inputs). */
    static String step(NcaModel m, boolean constantWeights, int unrollHidden, boolean control) {
        int C = m.channels(), K = m.kernelCount(), H = m.hidden(), in = m.inputs();
        StringBuilder d = new StringBuilder();
        d.append("#define C ").append(C).append('\n');
        d.append("#define K ").append(K).append('\n');
        d.append("#define NIN ").append(C * K).append('\n');
        d.append("#define IN ").append(in).append('\n');
        d.append("#define HID ").append(H).append('\n');
        d.append("#define W1_OFF 0\n");
        d.append("#define B1_OFF ").append(H * in).append('\n');
        d.append("#define W2T_OFF ").append(H * in + H).append('\n');
        d.append("#define B2_OFF ").append(H * in + H + H * C).append('\n');
        d.append("#define CPI ").append(CPI).append('\n');
        if (control) d.append("#define NCTL ").append(m.extraInputs()).append('\n');
        d.append("#define WSPACE ").append(constantWeights ? "__constant" : "__global").append('\n');
        clip(d, "CLIP_P", m.clipPerception());
        clip(d, "CLIP_H", m.clipHidden());
        clip(d, "CLIP_U", m.clipUpdate());
        clip(d, "CLIP_S", m.clipState());
        String body = resource("nca.cl")
                .replace("/*PERCEIVE*/", perception(m))
                .replace("/*UNROLL_HIDDEN*/", unrollHidden > 0 ? "#pragma unroll " + unrollHidden : "");
        return d + body;
    }

    /** The perception of all C channels, unrolled: p[c*K+k] = clip(fma chain over the non-zero taps, from +0). */
    static String perception(NcaModel m) {
        int C = m.channels(), K = m.kernelCount();
        float[][] kern = new float[K][];
        boolean[] used = new boolean[9];
        for (int k = 0; k < K; k++) {
            kern[k] = m.kernel(k);
            for (int t = 0; t < 9; t++) if (kern[k][t] != 0f) used[t] = true;
        }
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < C; c++) {
            s.append("    {\n");
            for (int t = 0; t < 9; t++)
                if (used[t]) s.append("        const float v").append(t).append(" = src[n").append(t).append(" + ").append(c).append("];\n");
            s.append("        float a;\n");
            for (int k = 0; k < K; k++) {
                s.append("        a = 0.0f;");
                for (int t = 0; t < 9; t++)
                    if (kern[k][t] != 0f) s.append(" a = fma(").append(literal(kern[k][t])).append(", v").append(t).append(", a);");
                s.append(" p[").append(c * K + k).append("] = CLIP_PERC(a);\n");
            }
            s.append("    }\n");
        }
        return s.toString();
    }

    private static void clip(StringBuilder d, String name, float bound) {
        if (bound == bound) d.append("#define ").append(name).append(" (").append(literal(bound)).append(")\n");
    }

    /** An exact float literal (C99 hexadecimal). */
    static String literal(float v) {
        if (Float.isNaN(v)) return "NAN";
        if (Float.isInfinite(v)) return v > 0 ? "INFINITY" : "(-INFINITY)";
        return Float.toHexString(v) + "f";
    }

    /** w1 [H][In], b1 [H], w2 transposed [H][C] (so one hidden unit's outputs are adjacent), b2 [C]. */
    static float[] packWeights(NcaModel m) {
        int C = m.channels(), H = m.hidden(), in = m.inputs();
        float[] w = new float[H * in + H + H * C + C];
        System.arraycopy(m.w1(), 0, w, 0, H * in);
        System.arraycopy(m.b1(), 0, w, H * in, H);
        float[] w2 = m.w2();
        int o = H * in + H;
        for (int j = 0; j < H; j++)
            for (int c = 0; c < C; c++) w[o + j * C + c] = w2[c * H + j];
        System.arraycopy(m.b2(), 0, w, o + H * C, C);
        return w;
    }

    private static String resource(String name) {
        try (InputStream in = KernelSource.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
