package org.cellscape.backend.cpu;

import org.cellscape.model.NcaModel;

/**
 * A model's weights rearranged for {@link RowKernel}: padded to whole vectors of {@code lanes} floats so the
 * inner loops need no masks, and ordered so they stream through memory. Padding is zero and padded results are
 * never read, so the arithmetic on real lanes is exactly the reference's.
 *
 * <ul>
 *   <li>{@code w1p}: layer 1 in strips of V = {@link Blocking#vectors1} vectors of hidden units; strip s, input i
 *       holds w1[s*V*lanes + 0 .. V*lanes-1][i], at (s*In + i)*V*lanes (the control inputs follow the features).
 *   <li>{@code w2p}: layer 2 transposed, w2p[j*cPad + c] = w2[c][j] (lanes run over output channels); cPad is a
 *       whole number of {@link Blocking#vectors2}-vector groups.
 * </ul>
 */
final class PackedModel {
    final NcaModel model;
    final int channels, kernels, features, hidden;
    /** MLP inputs (features, then the R = extra control inputs): w1p's stride per strip. */
    final int inputs, extra;
    /** Channels and hidden units rounded up to whole vectors / strips. */
    final int cPad, hPad, strips, channelVectors;
    /**
     * The non-zero taps of each kernel (the reference skips zero taps), in row-major order: kernel k's are
     * q = tapStart[k] .. tapStart[k+1]-1, tap number tapIndex[q] with weight tapWeight[q].
     */
    final int[] tapStart, tapIndex;
    final float[] tapWeight;
    /** The taps are those of the usual kernels (identity, Sobel x, Sobel y, Laplacian; weights may differ). */
    final boolean standardTaps;
    final float[] w1p, b1p, w2p, b2p;
    final float clipPerception, clipHidden, clipUpdate, clipState;

    final Blocking blocking;

    PackedModel(NcaModel m, int lanes, Blocking blocking) {
        this.model = m;
        this.blocking = blocking;
        channels = m.channels();
        kernels = m.kernelCount();
        features = channels * kernels;
        hidden = m.hidden();
        int in = m.inputs();
        inputs = in;
        extra = m.extraInputs();
        int group = blocking.vectors2() * lanes;
        cPad = (channels + group - 1) / group * group;
        channelVectors = cPad / lanes;
        int stripWidth = blocking.vectors1() * lanes;
        strips = (hidden + stripWidth - 1) / stripWidth;
        hPad = strips * stripWidth;

        tapStart = new int[kernels + 1];
        int[] idx = new int[kernels * 9];
        float[] wt = new float[kernels * 9];
        int q = 0;
        for (int k = 0; k < kernels; k++) {
            float[] kw = m.kernel(k);
            for (int t = 0; t < 9; t++)
                if (kw[t] != 0f) {
                    idx[q] = t;
                    wt[q++] = kw[t];
                }
            tapStart[k + 1] = q;
        }
        tapIndex = java.util.Arrays.copyOf(idx, q);
        tapWeight = java.util.Arrays.copyOf(wt, q);
        standardTaps = java.util.Arrays.equals(tapStart, new int[]{0, 1, 7, 13, 22}) && java.util.Arrays.equals(tapIndex,
                new int[]{4, 0, 2, 3, 5, 6, 8, 0, 1, 2, 6, 7, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8});

        float[] w1 = m.w1(), w2 = m.w2();
        w1p = new float[strips * in * stripWidth];
        for (int s = 0; s < strips; s++)
            for (int i = 0; i < in; i++)
                for (int u = 0; u < stripWidth; u++) {
                    int j = s * stripWidth + u;
                    if (j < hidden) w1p[(s * in + i) * stripWidth + u] = w1[j * in + i];
                }
        b1p = new float[hPad];
        System.arraycopy(m.b1(), 0, b1p, 0, hidden);
        w2p = new float[hidden * cPad];
        for (int j = 0; j < hidden; j++)
            for (int c = 0; c < channels; c++) w2p[j * cPad + c] = w2[c * hidden + j];
        b2p = new float[cPad];
        System.arraycopy(m.b2(), 0, b2p, 0, channels);

        clipPerception = m.clipPerception();
        clipHidden = m.clipHidden();
        clipUpdate = m.clipUpdate();
        clipState = m.clipState();
    }
}
