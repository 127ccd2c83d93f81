package org.cellscape.train;

/**
 * Adam with per-tensor gradient normalisation (each tensor's gradient is divided by its L2 norm first, as the
 * texture-NCA trainers do: it keeps early steps sane when the loss scale is unknown).
 */
public final class Adam {
    static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;
    final float[][] m, v;
    int t;

    public Adam(NcaParams shape) {
        float[][] ts = shape.tensors();
        m = new float[ts.length][];
        v = new float[ts.length][];
        for (int i = 0; i < ts.length; i++) {
            m[i] = new float[ts[i].length];
            v[i] = new float[ts[i].length];
        }
    }

    public void step(NcaParams params, NcaParams grad, double lr) {
        t++;
        float[][] p = params.tensors(), g = grad.tensors();
        double c1 = 1 - Math.pow(BETA1, t), c2 = 1 - Math.pow(BETA2, t);
        for (int k = 0; k < p.length; k++) {
            double norm = 0;
            for (float x : g[k]) norm += (double) x * x;
            double inv = 1 / (Math.sqrt(norm) + 1e-8);
            for (int i = 0; i < p[k].length; i++) {
                double gi = g[k][i] * inv;
                m[k][i] = (float) (BETA1 * m[k][i] + (1 - BETA1) * gi);
                v[k][i] = (float) (BETA2 * v[k][i] + (1 - BETA2) * gi * gi);
                p[k][i] -= (float) (lr * (m[k][i] / c1) / (Math.sqrt(v[k][i] / c2) + EPS));
            }
        }
    }
}
