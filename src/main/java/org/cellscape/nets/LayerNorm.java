package org.cellscape.nets;

/** Layer normalisation over each row of width d, with a per-feature gain and bias, as {@code torch.nn.LayerNorm}. */
public final class LayerNorm {
    final double[] gain, bias;
    final double eps;

    /** What the backward pass needs: the normalised rows and each row's 1 / sigma. */
    public record Pass(double[] y, double[] xhat, double[] rstd, int n) {}

    public LayerNorm(double[] gain, double[] bias, double eps) {
        if (gain.length != bias.length) throw new IllegalArgumentException("layer norm gain and bias differ in length");
        this.gain = gain;
        this.bias = bias;
        this.eps = eps;
    }

    public Pass forward(double[] x, int n) {
        int d = gain.length;
        double[] y = new double[n * d], xhat = new double[n * d], rstd = new double[n];
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double mean = 0, var = 0;
            for (int j = 0; j < d; j++) mean += x[o + j];
            mean /= d;
            for (int j = 0; j < d; j++) var += (x[o + j] - mean) * (x[o + j] - mean);
            double r = 1 / Math.sqrt(var / d + eps);
            rstd[i] = r;
            for (int j = 0; j < d; j++) {
                double h = (x[o + j] - mean) * r;
                xhat[o + j] = h;
                y[o + j] = h * gain[j] + bias[j];
            }
        }
        return new Pass(y, xhat, rstd, n);
    }

    /** dx = rstd * (g dy - mean(g dy) - xhat * mean(g dy xhat)), row by row. */
    public double[] backward(Pass p, double[] dy) {
        int d = gain.length;
        double[] dx = new double[p.n() * d];
        for (int i = 0; i < p.n(); i++) {
            int o = i * d;
            double m1 = 0, m2 = 0;
            for (int j = 0; j < d; j++) {
                double g = dy[o + j] * gain[j];
                m1 += g;
                m2 += g * p.xhat()[o + j];
            }
            m1 /= d;
            m2 /= d;
            for (int j = 0; j < d; j++) dx[o + j] = p.rstd()[i] * (dy[o + j] * gain[j] - m1 - p.xhat()[o + j] * m2);
        }
        return dx;
    }
}
