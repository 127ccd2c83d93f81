package org.cellscape.nets;

import java.util.Arrays;

/**
 * 2x2 max pooling with stride 2 on planar maps, as torch's MaxPool2d(2, 2): an odd last row or column is dropped,
 * and of equal values the first in row-major order is the maximum (the one the gradient goes to).
 */
public final class MaxPool2 {
    private MaxPool2() {}

    /** y (c x h/2 x w/2) = the maxima of x (c x h x w). */
    public static void forward(float[] x, int c, int h, int w, float[] y) {
        int oh = h / 2, ow = w / 2;
        for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) y[(ch * oh + i) * ow + j] = x[argmax(x, ch, h, w, i, j)];
    }

    /** dx (c x h x w) = dy routed to each window's maximum in x; every other cell 0. */
    public static void backward(float[] x, float[] dy, int c, int h, int w, float[] dx) {
        int oh = h / 2, ow = w / 2;
        Arrays.fill(dx, 0, c * h * w, 0f);
        for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) dx[argmax(x, ch, h, w, i, j)] += dy[(ch * oh + i) * ow + j];
    }

    private static int argmax(float[] x, int ch, int h, int w, int i, int j) {
        int p = (ch * h + 2 * i) * w + 2 * j, best = p;
        if (x[p + 1] > x[best]) best = p + 1;
        if (x[p + w] > x[best]) best = p + w;
        if (x[p + w + 1] > x[best]) best = p + w + 1;
        return best;
    }
}
