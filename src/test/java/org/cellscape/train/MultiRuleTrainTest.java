package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.cellscape.CellscapeException;
import org.cellscape.model.ModelIO;
import org.cellscape.model.NcaModel;
import org.cellscape.train.exemplars.Exemplars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} with several exemplars: one rule each, named, measured per rule, resumable; bad rule names refused. */
class MultiRuleTrainTest {
    @TempDir
    Path tmp;

    Path exemplar(String texture, String file) throws Exception {
        Path p = tmp.resolve(file);
        ImageIO.write(Exemplars.image(texture, 32, 1), "png", p.toFile());
        return p;
    }

    String[] tiny(Path out, String... more) throws Exception {
        String[] base = {"train", "--image", exemplar("spots", "Spots One.png").toString(), "--image", exemplar("stripes", "stripes.png").toString(),
                "--out", out.toString(), "--size", "16", "--steps", "4..8", "--pool", "8", "--channels", "4", "--hidden", "8",
                "--loss-levels", "2", "--patch", "3", "--projections", "8", "--quality-steps", "16", "--mixed", "0.5"};
        String[] r = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, r, base.length, more.length);
        return r;
    }

    @Test
    void twoExemplarsMakeATwoRuleModel() throws Exception {
        Path out = tmp.resolve("duo.safetensors"), dir = tmp.resolve("run");
        TrainCommandTest.Run r = TrainCommandTest.run(tiny(out, "--iterations", "4", "--run-dir", dir.toString()));
        assertEquals(0, r.code(), r.err());
        NcaModel m = ModelIO.read(out);
        assertEquals(2, m.extraInputs());
        assertEquals(4 * 4 + 2, m.inputs());
        assertEquals("spots-one,stripes", m.metadata().get("rules"), "names from the file names, made into rule names");
        assertEquals("Spots One.png,stripes.png", m.metadata().get("exemplar"));
        assertTrue(m.metadata().get("quality").startsWith("spots-one: model ") && m.metadata().get("quality").contains("; stripes: model "),
                m.metadata().get("quality"));
        assertTrue(r.out().contains("rule spots-one: quality") && r.out().contains("rule stripes: quality"), r.out());
        for (String f : new String[]{"exemplar-spots-one.png", "exemplar-stripes.png", "result-spots-one.png", "result-stripes.png", "result-bands.png"})
            assertTrue(Files.exists(dir.resolve(f)), f);
        assertTrue(Files.readString(dir.resolve("report.html")).contains("result-bands.png"));
        assertTrue(Files.readString(dir.resolve("config.json")).contains("\"rules\""));
    }

    @Test
    void ruleNamesAreUsedAndResumeIsExact() throws Exception {
        Path a = tmp.resolve("a.safetensors"), b = tmp.resolve("b.safetensors");
        assertEquals(0, TrainCommandTest.run(tiny(a, "--iterations", "6", "--rule-names", "dots,lines", "--run-dir", tmp.resolve("ra").toString())).code());
        assertEquals(0, TrainCommandTest.run(tiny(b, "--iterations", "6", "--rule-names", "dots,lines", "--stop-after", "3", "--run-dir", tmp.resolve("rb").toString())).code());
        TrainCommandTest.Run second = TrainCommandTest.run(tiny(b, "--iterations", "6", "--rule-names", "dots,lines", "--resume", "--threads", "1",
                "--run-dir", tmp.resolve("rb").toString()));
        assertEquals(0, second.code(), second.err());
        NcaModel ma = ModelIO.read(a), mb = ModelIO.read(b);
        assertEquals("dots,lines", ma.metadata().get("rules"));
        assertArrayEquals(ma.w1(), mb.w1());
        assertArrayEquals(ma.w2(), mb.w2());
        TrainCommandTest.Run other = TrainCommandTest.run(tiny(b, "--iterations", "6", "--rule-names", "lines,dots", "--resume", "--run-dir", tmp.resolve("rb").toString()));
        assertEquals(CellscapeException.RESUME_MISMATCH, other.code(), other.err());
    }

    @Test
    void badRuleNamesAreUsageErrors() throws Exception {
        Path out = tmp.resolve("x.safetensors");
        for (String names : new String[]{"one", "a,b,c", "a,a", "A b,c"}) {
            TrainCommandTest.Run r = TrainCommandTest.run(tiny(out, "--iterations", "1", "--rule-names", names));
            assertEquals(CellscapeException.USAGE, r.code(), names + ": " + r.err());
            assertTrue(r.err().lines().findFirst().orElse("").contains("--rule-names"), r.err()); // the one-line message, then the help hint
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void anUnreadableSecondImageIsBadInput() throws Exception {
        Path junk = tmp.resolve("junk.png");
        Files.writeString(junk, "not an image");
        String[] args = tiny(tmp.resolve("x.safetensors"), "--iterations", "1", "--image", junk.toString());
        TrainCommandTest.Run r = TrainCommandTest.run(args);
        assertEquals(CellscapeException.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("junk.png"), r.err());
    }

    @Test
    void sameFileNamesGetDistinctRuleNames() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("other"));
        Path one = exemplar("spots", "tex.png"), two = d.resolve("tex.png");
        ImageIO.write(Exemplars.image("stripes", 32, 1), "png", two.toFile());
        Path out = tmp.resolve("t.safetensors");
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--image", one.toString(), "--image", two.toString(), "--out", out.toString(),
                "--size", "16", "--steps", "4..4", "--pool", "4", "--channels", "4", "--hidden", "8", "--loss-levels", "2", "--patch", "3",
                "--projections", "4", "--quality-steps", "0", "--iterations", "1");
        assertEquals(0, r.code(), r.err());
        assertEquals("tex,tex-2", ModelIO.read(out).metadata().get("rules"));
    }
}
