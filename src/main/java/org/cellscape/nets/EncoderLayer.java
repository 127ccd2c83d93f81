package org.cellscape.nets;

/**
 * One pre-norm transformer block of CLIP ({@code CLIPEncoderLayer}): x + attn(ln1(x)), then + fc2(quickgelu(fc1(ln2(.)))).
 */
public final class EncoderLayer {
    final LayerNorm ln1, ln2;
    final Attention attn;
    final Linear fc1, fc2;

    /** The forward pass's intermediate values. */
    public record Pass(LayerNorm.Pass n1, Attention.Pass a, LayerNorm.Pass n2, double[] f, int n) {}

    public EncoderLayer(LayerNorm ln1, Attention attn, LayerNorm ln2, Linear fc1, Linear fc2) {
        this.ln1 = ln1;
        this.attn = attn;
        this.ln2 = ln2;
        this.fc1 = fc1;
        this.fc2 = fc2;
    }

    /** Returns the block's output; {@code pass[0]} receives what backward needs (null: not kept). */
    public double[] forward(double[] x, int n, Pass[] pass) {
        LayerNorm.Pass n1 = ln1.forward(x, n);
        Attention.Pass[] a = pass == null ? null : new Attention.Pass[1];
        double[] r = attn.forward(n1.y(), n, a);
        for (int i = 0; i < r.length; i++) r[i] += x[i];
        LayerNorm.Pass n2 = ln2.forward(r, n);
        double[] f = fc1.forward(n2.y(), n);
        double[] m = fc2.forward(QuickGelu.forward(f), n);
        for (int i = 0; i < m.length; i++) m[i] += r[i];
        if (pass != null) pass[0] = new Pass(n1, a[0], n2, f, n);
        return m;
    }

    public double[] backward(Pass p, double[] dy) {
        double[] dr = ln2.backward(p.n2(), fc1.backward(QuickGelu.backward(p.f(), fc2.backward(dy, p.n())), p.n()));
        for (int i = 0; i < dr.length; i++) dr[i] += dy[i];
        double[] dx = ln1.backward(p.n1(), attn.backward(p.a(), dr));
        for (int i = 0; i < dx.length; i++) dx[i] += dr[i];
        return dx;
    }
}
