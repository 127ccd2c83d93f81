package org.cellscape.nets;

/** OpenAI CLIP's activation: x * sigmoid(1.702 x). */
final class QuickGelu {
    private static final double K = 1.702;

    private QuickGelu() {}

    static double[] forward(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] / (1 + Math.exp(-K * x[i]));
        return y;
    }

    /** dy/dx = s + K x s (1 - s), s = sigmoid(K x); x is the forward pass's input. */
    static double[] backward(double[] x, double[] dy) {
        double[] dx = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = 1 / (1 + Math.exp(-K * x[i]));
            dx[i] = dy[i] * (s + K * x[i] * s * (1 - s));
        }
        return dx;
    }
}
