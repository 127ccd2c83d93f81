package org.cellscape.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenizer against ids written by the Python reference (src/test/resources/clip/make_clip_fixtures.py). */
class ClipTokenizerTest {
    static final Path DIR = Path.of("src/test/resources/clip");

    static ClipTokenizer tiny() {
        return ClipTokenizer.read(DIR.resolve("tiny/vocab.json"), DIR.resolve("tiny/merges.txt"), 77);
    }

    @Test
    void idsAreThePythonReferences() throws Exception {
        ClipTokenizer t = tiny();
        JsonNode cases = new ObjectMapper().readTree(Files.readString(DIR.resolve("tokens.json")));
        assertTrue(cases.size() >= 12);
        for (JsonNode c : cases) {
            int[] expected = new int[c.get("ids").size()];
            for (int i = 0; i < expected.length; i++) expected[i] = c.get("ids").get(i).asInt();
            assertArrayEquals(expected, t.encode(c.get("text").asText()).ids(), "ids of \"" + c.get("text").asText() + "\"");
        }
    }

    /**
     * Worked by hand from tiny/merges.txt: 605 and 606 are start and end (after the 512 byte tokens and 93 merges);
     * "a" is byte 97, the 65th printable byte, so "a</w>" is 256 + 64; "photo</w>" is merge 15 ("p hoto</w>") so
     * 512 + 15; "of</w>" merge 4; "mossy" ends at merge 80 ("moss y</w>"); "stones" at merge 18 ("ston es</w>").
     */
    @Test
    void aPromptWorkedByHand() {
        assertArrayEquals(new int[]{605, 320, 527, 516, 592, 530, 606}, tiny().encode("A  photo of MOSSY stones ").ids());
        // "!!!" has no merges: '!' is byte 33, the first printable one (0), and '!</w>' is 256
        assertArrayEquals(new int[]{605, 0, 0, 256, 606}, tiny().encode("!!!").ids());
    }

    @Test
    void aLongPromptIsCutToTheContext() {
        ClipTokenizer.Tokens t = tiny().encode("stones ".repeat(90));
        assertTrue(t.truncated());
        assertEquals(90, t.tokens());
        assertEquals(77, t.ids().length);
        assertEquals(606, t.ids()[76]);
        assertFalse(tiny().encode("stones ".repeat(75)).truncated());
    }

    @Test
    void aVocabularyWithoutByteTokensIsRefused(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("vocab.json"), "{\"<|startoftext|>\": 0, \"<|endoftext|>\": 1, \"a\": 2}");
        Files.writeString(tmp.resolve("merges.txt"), "#version: 0.2\n");
        CellscapeException e = assertThrows(CellscapeException.class, () -> ClipTokenizer.read(tmp.resolve("vocab.json"), tmp.resolve("merges.txt"), 77));
        assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("vocab.json: byte token"), e.getMessage());
    }
}
