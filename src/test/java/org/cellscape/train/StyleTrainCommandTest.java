package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.cellscape.CellscapeException;
import org.cellscape.model.ModelIO;
import org.cellscape.model.SafeTensors;
import org.cellscape.nets.Vgg16;
import org.cellscape.train.exemplars.Exemplars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --style-net}: a run with the style loss, its records, exact resume, and the refusals. */
class StyleTrainCommandTest {
    @TempDir
    Path tmp;

    Path image(String name) throws Exception {
        BufferedImage img = Exemplars.image("spots", 32, 1);
        Path p = tmp.resolve(name + ".png");
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    Path net(Map<String, SafeTensors.Tensor> t) throws Exception {
        Path p = tmp.resolve("net-" + t.size() + ".safetensors");
        Files.write(p, SafeTensors.toBytes(t, Map.of()));
        return p;
    }

    String[] tiny(Path out, String... more) throws Exception {
        List<String> a = new java.util.ArrayList<>(List.of("train", "--image", image("ex").toString(), "--out", out.toString(), "--size", "16",
                "--steps", "4..8", "--pool", "8", "--channels", "4", "--hidden", "8", "--loss-levels", "2", "--patch", "3", "--projections", "8",
                "--quality-steps", "0"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void trainsWithTheStyleLossAndResumesExactly() throws Exception {
        Vgg16 v = Vgg16.random(2, 3);
        String net = net(v.tensors()).toString();
        Path a = tmp.resolve("a.safetensors"), b = tmp.resolve("b.safetensors"), ra = tmp.resolve("ra"), rb = tmp.resolve("rb");
        String[] style = {"--style-net", net, "--style-weight", "0.5", "--iterations", "4"};
        TrainCommandTest.Run r = TrainCommandTest.run(tiny(a, with(style, "--run-dir", ra.toString(), "--threads", "2")));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("narrow VGG-shaped net (conv1_1 2 wide"), r.err());
        String cfg = Files.readString(ra.resolve("config.json"));
        assertTrue(cfg.contains("\"style\"") && cfg.contains(v.hash()) && cfg.contains("\"weight\" : 0.5"), cfg);
        List<String> rows = Files.readAllLines(ra.resolve("metrics.csv"));
        assertTrue(rows.getFirst().endsWith(",seconds,style"), rows.getFirst());
        assertEquals(9, rows.get(1).split(",").length);
        assertEquals(0, TrainCommandTest.run(tiny(b, with(style, "--run-dir", rb.toString(), "--stop-after", "2"))).code());
        TrainCommandTest.Run second = TrainCommandTest.run(tiny(b, with(style, "--run-dir", rb.toString(), "--resume", "--threads", "1")));
        assertEquals(0, second.code(), second.err());
        assertArrayEquals(ModelIO.read(a).w1(), ModelIO.read(b).w1());
        assertArrayEquals(ModelIO.read(a).w2(), ModelIO.read(b).w2());
        assertEquals(Files.readAllLines(ra.resolve("metrics.csv")).size(), Files.readAllLines(rb.resolve("metrics.csv")).size());
        TrainCommandTest.Run other = TrainCommandTest.run(tiny(b, "--style-net", net, "--style-weight", "0.25", "--iterations", "4",
                "--run-dir", rb.toString(), "--resume"));
        assertEquals(CellscapeException.RESUME_MISMATCH, other.code(), other.err());
    }

    @Test
    void aWeightsFileWithoutATensorIsOneLineExit3() throws Exception {
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(Vgg16.random(2, 3).tensors());
        t.remove("features.24.bias");
        Path net = net(t);
        TrainCommandTest.Run r = TrainCommandTest.run(tiny(tmp.resolve("m.safetensors"), "--style-net", net.toString(), "--iterations", "2"));
        assertEquals(CellscapeException.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(net + ": tensor 'features.24.bias' (conv5_1) is missing, expected shape [16]"), r.err());
        assertFalse(Files.exists(tmp.resolve("m.run")), "nothing started");
    }

    @Test
    void settingsThatCannotWorkAreUsageErrors() throws Exception {
        String net = net(Vgg16.random(2, 3).tensors()).toString();
        Path out = tmp.resolve("m.safetensors");
        TrainCommandTest.Run r = TrainCommandTest.run(tiny(out, "--patch-weight", "0"));
        assertEquals(CellscapeException.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--patch-weight 0 needs another loss"), r.err());
        r = TrainCommandTest.run(tiny(out, "--style-net", net, "--image", image("second").toString()));
        assertEquals(CellscapeException.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--style-net works with one exemplar only"), r.err());
        r = TrainCommandTest.run(tiny(out, "--style-net", net, "--style-loss", "fancy"));
        assertEquals(CellscapeException.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--style-loss must be gram or sw"), r.err());
        r = TrainCommandTest.run(tiny(out, "--style-net", "random"));
        assertEquals(CellscapeException.USAGE, r.code(), r.err());
    }

    private static String[] with(String[] first, String... more) {
        String[] r = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, r, first.length, more.length);
        return r;
    }
}
