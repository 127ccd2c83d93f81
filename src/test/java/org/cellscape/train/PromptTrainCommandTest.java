package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellscape.CellscapeException;
import org.cellscape.model.ModelIO;
import org.cellscape.nets.ClipModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --prompt --clip} on the tiny random-weight CLIP fixture: the prompt's loss is in the run (config,
 * metrics, the weights' hash), it changes the model, a resume is exact and refuses another prompt, and the refusals.
 */
class PromptTrainCommandTest {
    static final Path CLIP = Path.of("src/test/resources/clip/tiny");

    @TempDir
    Path tmp;

    @Test
    void trainsWithThePromptAndResumesExactly() throws Exception {
        StyleTrainCommandTest base = new StyleTrainCommandTest();
        base.tmp = tmp;
        Path a = tmp.resolve("a.safetensors"), b = tmp.resolve("b.safetensors"), plain = tmp.resolve("p.safetensors");
        Path ra = tmp.resolve("ra"), rb = tmp.resolve("rb");
        String[] prompt = {"--prompt", "mossy stones", "--clip", CLIP.toString(), "--prompt-weight", "0.5", "--prompt-crops", "2", "--iterations", "4"};
        TrainCommandTest.Run r = TrainCommandTest.run(base.tiny(a, cat(prompt, "--run-dir", ra.toString(), "--threads", "2")));
        assertEquals(0, r.code(), r.err());
        String cfg = Files.readString(ra.resolve("config.json"));
        assertTrue(cfg.contains("\"prompt\"") && cfg.contains("mossy stones") && cfg.contains(ClipModel.hash(CLIP)), cfg);
        List<String> rows = Files.readAllLines(ra.resolve("metrics.csv"));
        assertTrue(rows.getFirst().endsWith(",clip"), rows.getFirst());
        double clipLoss = Double.parseDouble(rows.get(1).substring(rows.get(1).lastIndexOf(',') + 1));
        assertTrue(clipLoss > 0 && clipLoss < 2, "1 - cosine lies in (0, 2): " + clipLoss);
        // the prompt's gradient reaches the weights: the same run without it ends elsewhere
        assertEquals(0, TrainCommandTest.run(base.tiny(plain, "--iterations", "4", "--run-dir", tmp.resolve("rp").toString())).code());
        assertFalse(java.util.Arrays.equals(ModelIO.read(a).w2(), ModelIO.read(plain).w2()), "the prompt changed nothing");
        assertEquals(0, TrainCommandTest.run(base.tiny(b, cat(prompt, "--run-dir", rb.toString(), "--stop-after", "2"))).code());
        TrainCommandTest.Run second = TrainCommandTest.run(base.tiny(b, cat(prompt, "--run-dir", rb.toString(), "--resume", "--threads", "1")));
        assertEquals(0, second.code(), second.err());
        assertArrayEquals(ModelIO.read(a).w1(), ModelIO.read(b).w1());
        assertArrayEquals(ModelIO.read(a).w2(), ModelIO.read(b).w2());
        TrainCommandTest.Run other = TrainCommandTest.run(base.tiny(b, "--prompt", "red flames", "--clip", CLIP.toString(), "--prompt-weight", "0.5",
                "--prompt-crops", "2", "--iterations", "4", "--run-dir", rb.toString(), "--resume"));
        assertEquals(CellscapeException.RESUME_MISMATCH, other.code(), other.err());
    }

    /**
     * A prompt alone (no --image): the prompt's loss is the only loss; no exemplar is shown or compared with, the
     * model records the prompt, and the run still trains (the weights move from the untrained ones).
     */
    @Test
    void aPromptAloneTrainsWithoutAnExemplar() throws Exception {
        StyleTrainCommandTest base = new StyleTrainCommandTest();
        base.tmp = tmp;
        Path out = tmp.resolve("red.safetensors"), dir = tmp.resolve("red.run");
        List<String> a = new java.util.ArrayList<>(List.of(base.tiny(out, "--prompt", "red flames", "--clip", CLIP.toString(), "--prompt-crops", "2",
                "--iterations", "3", "--run-dir", dir.toString())));
        int i = a.indexOf("--image");
        a.remove(i + 1);
        a.remove(i);
        TrainCommandTest.Run r = TrainCommandTest.run(a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(dir.resolve("exemplar.png")), "no exemplar to show");
        String cfg = Files.readString(dir.resolve("config.json"));
        assertTrue(cfg.contains("\"patchWeight\" : 0.0") && cfg.contains("red flames"), cfg);
        assertTrue(Files.readString(dir.resolve("report.html")).contains("No exemplar"), "the report says why there is no quality score");
        assertEquals("red flames", ModelIO.read(out).metadata().get("prompt"));
        float[] w2 = ModelIO.read(out).w2();
        double moved = 0;
        for (float v : w2) moved += Math.abs(v);
        assertTrue(moved > 0, "the update layer starts at zero; only the prompt's gradient can move it");
        List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(0.0, Double.parseDouble(rows.get(1).split(",")[2]), "no patch loss: " + rows.get(1));
        r = TrainCommandTest.run(new String[] {"train", "--prompt", "red", "--clip", CLIP.toString(), "--out", out.toString(), "--patch-weight", "1"});
        assertEquals(CellscapeException.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--patch-weight needs --image"), r.err());
    }

    /** Two rules, a prompt each: a column per rule's prompt in the metrics, the prompts in the model file. */
    @Test
    void aPromptPerRule() throws Exception {
        StyleTrainCommandTest base = new StyleTrainCommandTest();
        base.tmp = tmp;
        Path out = tmp.resolve("duet.safetensors"), dir = tmp.resolve("duet.run");
        TrainCommandTest.Run r = TrainCommandTest.run(base.tiny(out, "--image", base.image("second").toString(), "--rule-names", "moss,fire",
                "--prompt", "mossy stones", "--prompt", "red flames", "--clip", CLIP.toString(), "--prompt-crops", "1", "--iterations", "3",
                "--run-dir", dir.toString()));
        assertEquals(0, r.code(), r.err());
        String head = Files.readAllLines(dir.resolve("metrics.csv")).getFirst();
        assertTrue(head.endsWith(",clip-moss,clip-fire"), head);
        assertEquals("mossy stones | red flames", ModelIO.read(out).metadata().get("prompt"));
    }

    @Test
    void promptSettingsThatCannotWorkAreOneLineErrors() throws Exception {
        StyleTrainCommandTest base = new StyleTrainCommandTest();
        base.tmp = tmp;
        Path out = tmp.resolve("m.safetensors");
        TrainCommandTest.Run r = TrainCommandTest.run(base.tiny(out, "--prompt", "red"));
        assertEquals(CellscapeException.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--prompt needs --clip DIR"), r.err());
        r = TrainCommandTest.run(base.tiny(out, "--clip", CLIP.toString()));
        assertEquals(CellscapeException.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--clip needs --prompt"), r.err());
        r = TrainCommandTest.run(base.tiny(out, "--prompt", "red", "--clip", CLIP.toString(), "--prompt-crops", "0"));
        assertEquals(CellscapeException.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--prompt-crops must be 1..64"), r.err());
        r = TrainCommandTest.run(base.tiny(out, "--prompt", "red", "--prompt", "blue", "--prompt", "green", "--clip", CLIP.toString(),
                "--image", base.image("second").toString()));
        assertEquals(CellscapeException.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--prompt is given 3 times: give one, or one per rule (2)"), r.err());
        r = TrainCommandTest.run(base.tiny(out, "--prompt", "red", "--clip", "random"));
        assertEquals(CellscapeException.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--clip random (ViT-B/32 with random weights) is for --bench only"), r.err());
        Path broken = tmp.resolve("clip");
        Files.createDirectories(broken);
        for (String f : new String[] {"config.json", "model.safetensors"}) Files.copy(CLIP.resolve(f), broken.resolve(f));
        r = TrainCommandTest.run(base.tiny(out, "--prompt", "red", "--clip", broken.toString()));
        assertEquals(CellscapeException.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("vocab.json"), r.err());
        assertFalse(Files.exists(tmp.resolve("m.run")), "nothing started");
    }

    private static String[] cat(String[] first, String... more) {
        String[] r = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, r, first.length, more.length);
        return r;
    }
}
