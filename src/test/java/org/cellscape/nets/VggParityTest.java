package org.cellscape.nets;

import static org.cellscape.testing.FiniteDifference.relError;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.cellscape.model.SafeTensors;
import org.junit.jupiter.api.Test;

/**
 * Java's float32 network against PyTorch's float64 numbers on the same random weights (the fixture written by
 * make_vgg_fixture.py): the five style layers, the input gradient of a random functional of them, and the Gram
 * style loss with its input gradient, each within 1e-4 relative.
 */
class VggParityTest {
    static final int H = 36, W = 40, EH = 44, EW = 48;
    static final String[] TAPS = {"relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"};

    static Path fixture() throws URISyntaxException {
        return Path.of(VggParityTest.class.getResource("/nets/vgg-fixture.safetensors").toURI());
    }

    @Test
    void forwardAndInputGradientMatchPyTorch() throws Exception {
        Map<String, SafeTensors.Tensor> t = SafeTensors.read(fixture()).tensors();
        Vgg16 net = Vgg16.read(fixture());
        Vgg16.Activations a = net.forward(DoubleVgg.doubles(t.get("input").data()), W, H);
        float[][] probes = new float[TAPS.length][];
        for (int k = 0; k < TAPS.length; k++) {
            double e = relError(DoubleVgg.doubles(a.tap(k)), DoubleVgg.doubles(t.get(TAPS[k]).data()));
            assertTrue(e < 1e-4, TAPS[k] + ": " + e);
            probes[k] = t.get("probe." + TAPS[k]).data();
        }
        double e = relError(net.inputGradient(a, probes), DoubleVgg.doubles(t.get("grad.probe").data()));
        assertTrue(e < 1e-4, "input gradient: " + e);
    }

    @Test
    void gramLossAndGradientMatchPyTorch() throws Exception {
        Map<String, SafeTensors.Tensor> t = SafeTensors.read(fixture()).tensors();
        VggStyle style = new VggStyle(Vgg16.read(fixture()), VggStyle.Kind.GRAM, 0, DoubleVgg.doubles(t.get("exemplar").data()), EW, EH);
        double[] g = new double[3 * W * H];
        double l = style.loss(DoubleVgg.doubles(t.get("input").data()), W, H, 0, g, 1), expect = t.get("gram.loss").data()[0];
        assertTrue(Math.abs(l - expect) < 1e-4 * expect, "loss " + l + ", PyTorch " + expect);
        double e = relError(g, DoubleVgg.doubles(t.get("grad.gram").data()));
        assertTrue(e < 1e-4, "gradient: " + e);
    }
}
