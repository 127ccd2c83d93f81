package org.cellscape.nets;

import java.util.stream.IntStream;

/**
 * CLIP's multi-head self-attention ({@code CLIPAttention}): q, k, v and out projections with biases, q scaled by
 * head_dim^-1/2, a causal mask for the text tower. Heads run in parallel; they write disjoint columns.
 */
public final class Attention {
    final Linear q, k, v, out;
    final int heads;
    final boolean causal;

    /** The forward pass's values the backward pass reads: scaled q, k, v (n x width), softmax rows per head. */
    public record Pass(double[] q, double[] k, double[] v, double[] probs, int n) {}

    public Attention(Linear q, Linear k, Linear v, Linear out, int heads, boolean causal) {
        if (q.out % heads != 0) throw new IllegalArgumentException("width " + q.out + " is not a multiple of " + heads + " heads");
        this.q = q;
        this.k = k;
        this.v = v;
        this.out = out;
        this.heads = heads;
        this.causal = causal;
    }

    /** Returns the attention block's output; {@code pass[0]} receives what backward needs (null: not kept). */
    public double[] forward(double[] x, int n, Pass[] pass) {
        int d = q.out, hd = d / heads;
        double scale = 1 / Math.sqrt(hd);
        double[] qs = q.forward(x, n), ks = k.forward(x, n), vs = v.forward(x, n);
        for (int i = 0; i < qs.length; i++) qs[i] *= scale;
        double[] probs = new double[heads * n * n], o = new double[n * d];
        heads(n).forEach(h -> {
            int c = h * hd;
            for (int i = 0; i < n; i++) {
                int last = causal ? i : n - 1, pr = (h * n + i) * n;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= last; j++) {
                    double s = 0;
                    for (int e = 0; e < hd; e++) s += qs[i * d + c + e] * ks[j * d + c + e];
                    probs[pr + j] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int j = 0; j <= last; j++) sum += probs[pr + j] = Math.exp(probs[pr + j] - max);
                for (int j = 0; j <= last; j++) {
                    double p = probs[pr + j] /= sum;
                    for (int e = 0; e < hd; e++) o[i * d + c + e] += p * vs[j * d + c + e];
                }
            }
        });
        if (pass != null) pass[0] = new Pass(qs, ks, vs, probs, n);
        return out.forward(o, n);
    }

    /** The input gradient of {@code dy} (n x width). */
    public double[] backward(Pass p, double[] dy) {
        int n = p.n(), d = q.out, hd = d / heads;
        double scale = 1 / Math.sqrt(hd);
        double[] dO = out.backward(dy, n), dq = new double[n * d], dk = new double[n * d], dv = new double[n * d];
        double[] qs = p.q(), ks = p.k(), vs = p.v(), probs = p.probs();
        heads(n).forEach(h -> {
            int c = h * hd;
            double[] ds = new double[n];
            for (int i = 0; i < n; i++) {
                int last = causal ? i : n - 1, pr = (h * n + i) * n;
                double dot = 0;
                for (int j = 0; j <= last; j++) {
                    double g = 0;
                    for (int e = 0; e < hd; e++) g += dO[i * d + c + e] * vs[j * d + c + e];
                    ds[j] = g;
                    dot += g * probs[pr + j];
                }
                for (int j = 0; j <= last; j++) {
                    double pij = probs[pr + j], s = pij * (ds[j] - dot);
                    for (int e = 0; e < hd; e++) {
                        dq[i * d + c + e] += s * ks[j * d + c + e];
                        dk[j * d + c + e] += s * qs[i * d + c + e];
                        dv[j * d + c + e] += pij * dO[i * d + c + e];
                    }
                }
            }
        });
        for (int i = 0; i < dq.length; i++) dq[i] *= scale;
        double[] dx = q.backward(dq, n), gk = k.backward(dk, n), gv = v.backward(dv, n);
        for (int i = 0; i < dx.length; i++) dx[i] += gk[i] + gv[i];
        return dx;
    }

    private IntStream heads(int n) {
        IntStream s = IntStream.range(0, heads);
        return (long) n * n * q.out >= 1 << 16 ? s.parallel() : s;
    }
}
