package org.cellscape.nets;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.cellscape.model.ModelException;
import org.cellscape.model.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weights files: a net written and read back is the same net; a missing or mis-shaped tensor is one line, exit 3. */
class VggFileTest {
    @TempDir
    Path dir;

    Path write(Map<String, SafeTensors.Tensor> t) throws Exception {
        Path f = dir.resolve("vgg.safetensors");
        Files.write(f, SafeTensors.toBytes(t, Map.of()));
        return f;
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        Vgg16 net = Vgg16.random(4, 1);
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(net.tensors());
        t.put("features.26.weight", new SafeTensors.Tensor("F32", new int[]{1}, new float[1])); // layers past relu5_1 are ignored
        Vgg16 back = Vgg16.read(write(t));
        assertEquals(4, back.width());
        double[] img = VggStyleTest.image(2, 3 * 20 * 16);
        assertArrayEquals(net.forward(img, 20, 16).tap(4), back.forward(img, 20, 16).tap(4));
    }

    @Test
    void aMissingTensorIsNamedWithItsShape() throws Exception {
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(Vgg16.random(4, 1).tensors());
        t.remove("features.7.weight");
        Path f = write(t);
        ModelException e = assertThrows(ModelException.class, () -> Vgg16.read(f));
        assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
        assertEquals(f + ": tensor 'features.7.weight' (conv2_2) is missing, expected shape [8, 8, 3, 3] (not VGG16's features? see 'style loss' in docs/training.md)", e.getMessage());
    }

    @Test
    void aMisShapedTensorIsNamedWithTheShapeExpected() throws Exception {
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(Vgg16.random(4, 1).tensors());
        t.put("features.10.bias", new SafeTensors.Tensor("F32", new int[]{15}, new float[15]));
        Path f = write(t);
        ModelException e = assertThrows(ModelException.class, () -> Vgg16.read(f));
        assertEquals(f + ": tensor 'features.10.bias' (conv3_1) has shape [15], expected [16]", e.getMessage());
    }

    @Test
    void aFileWithoutConv1_1ExpectsVgg16sShape() throws Exception {
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(Vgg16.random(4, 1).tensors());
        t.put("features.0.weight", new SafeTensors.Tensor("F32", new int[]{4, 3, 3}, new float[36]));
        Path f = write(t);
        ModelException e = assertThrows(ModelException.class, () -> Vgg16.read(f));
        assertTrue(e.getMessage().contains("'features.0.weight' (conv1_1) has shape [4, 3, 3], expected [64, 3, 3, 3]"), e.getMessage());
    }
}
