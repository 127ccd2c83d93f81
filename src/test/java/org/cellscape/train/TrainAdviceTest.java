package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.cellscape.train.exemplars.Exemplars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that ends worse than untrained says so and what to change; the report shows exemplar and result. */
class TrainAdviceTest {
    @TempDir
    Path tmp;

    static TrainConfig config(int iterations) {
        return new TrainConfig("x", iterations, 16, 4, 4, 8, 8, 2e-3, 2e-4, 1, 4, 8, 0.5f, 2, 2, 3, 8, 1, 10);
    }

    @Test
    void adviceOnlyWhenWorseThanUntrained() {
        Quality.Report bad = report(0.5, 0.2, 0.01), good = report(0.1, 0.2, 0.01);
        assertEquals(List.of(), Advice.after(good, config(50)));
        List<String> w = Advice.after(bad, config(50));
        assertEquals(1, w.size());
        assertTrue(w.getFirst().contains("scores -1.58, worse than an untrained one") && w.getFirst().contains("--iterations 800")
                && w.getFirst().contains("--lr 0.001") && w.getFirst().contains("--steps 32..64"), w.getFirst());
        assertTrue(!Advice.after(bad, config(800)).getFirst().contains("--iterations"), "long runs are not told to train longer");
    }

    @Test
    void aRenderFarFromTheExemplarByStructureIsToldEvenWhenTheLossIsMet() {
        StructureMeasure.Distance crop = new StructureMeasure.Distance(0.05, 0.05, 0.05), far = new StructureMeasure.Distance(0.2, 0.2, 0.2),
                near = new StructureMeasure.Distance(0.08, 0.08, 0.08);
        Quality.Report blobs = new Quality.Report(0.002, 0.14, 0.008, 64, 64, far, far, crop, 128);
        List<String> w = Advice.after(blobs, config(600), 156);
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.getFirst().contains("score 1.05") && w.getFirst().contains("4.0 times as far") && w.getFirst().contains("--scale auto (the exemplar is 156 px")
                && w.getFirst().contains("--iterations 4000") && w.getFirst().contains("--seed-noise 0.1"), w.getFirst());
        assertTrue(w.getFirst().indexOf("--iterations") < w.getFirst().indexOf("--scale"), "training longer comes first: " + w.getFirst());
        assertTrue(!Advice.after(blobs, config(600), 24).getFirst().contains("--scale"), "a small exemplar is not told to scale");
        TrainConfig fromNoise = config(3000).withLevers(1, 0.1f, false);
        String n = Advice.after(blobs, fromNoise, 24).getFirst();
        assertTrue(n.contains("--iterations 6000") && !n.contains("--seed-noise"), "a run from noise is not told to use noise: " + n);
        assertEquals(List.of(), Advice.after(new Quality.Report(0.002, 0.14, 0.008, 64, 64, near, far, crop, 128), config(600), 156));
    }

    @Test
    void aDivergingRunWarnsAndTheReportShowsExemplarAndResult() throws Exception {
        BufferedImage src = Exemplars.image("spots", 64, 1), small = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        small.createGraphics().drawImage(src, 0, 0, 32, 32, null);
        Path ex = tmp.resolve("ex.png"), dir = tmp.resolve("run");
        ImageIO.write(small, "png", ex.toFile());
        // a learning rate 100x the default, four iterations: the rule blows up over a long render
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--image", ex.toString(), "--out", tmp.resolve("m.safetensors").toString(),
                "--size", "16", "--steps", "4..8", "--pool", "8", "--channels", "4", "--hidden", "8", "--loss-levels", "2", "--patch", "3",
                "--projections", "8", "--iterations", "4", "--lr", "0.2", "--quality-steps", "256", "--run-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("cellscape: warning: the trained model scores -") && r.err().contains("--iterations 800"), r.err());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Warning: the trained model scores"), "the warning is in the report");
        assertTrue(html.contains("src=\"exemplar.png\"") && html.contains("src=\"result.png\""), html);
        String snapshots = html.substring(html.indexOf("<h2>Snapshots</h2>"));
        assertTrue(snapshots.contains("exemplar.png") && snapshots.indexOf("exemplar.png") < snapshots.indexOf("snapshots/iter-"), "the exemplar leads the snapshots: " + snapshots);
        assertEquals(32, ImageIO.read(dir.resolve("exemplar.png").toFile()).getWidth());
        assertEquals(32, ImageIO.read(dir.resolve("result.png").toFile()).getWidth());
    }

    static Quality.Report report(double model, double untrained, double crop) {
        StructureMeasure.Distance none = new StructureMeasure.Distance(0, 0, 0);
        return new Quality.Report(model, untrained, crop, 64, 64, none, none, none, 128);
    }
}
