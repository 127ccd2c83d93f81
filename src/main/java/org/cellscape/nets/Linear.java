package org.cellscape.nets;

/**
 * A PyTorch {@code Linear} layer: weights out x in, optional bias. The transposed weights, for the input gradient,
 * are made once when the layer is built for backward passes (the text tower never needs them).
 */
public final class Linear {
    final int in, out;
    final double[] w, b;
    private final double[] wt;

    public Linear(double[] w, double[] b, int in, int out, boolean backward) {
        if (w.length != in * out || (b != null && b.length != out)) throw new IllegalArgumentException("linear layer " + out + "x" + in + " given " + w.length + " weights");
        this.in = in;
        this.out = out;
        this.w = w;
        this.b = b;
        this.wt = backward ? MatMul64.transpose(w, out, in) : null;
    }

    /** x: n x in; returns n x out. */
    public double[] forward(double[] x, int n) {
        return MatMul64.times(x, n, in, w, out, b);
    }

    /** The input gradient of {@code dy} (n x out); returns n x in. */
    public double[] backward(double[] dy, int n) {
        if (wt == null) throw new IllegalStateException("this layer was built for forward passes only");
        return MatMul64.times(dy, n, out, wt, in, null);
    }
}
