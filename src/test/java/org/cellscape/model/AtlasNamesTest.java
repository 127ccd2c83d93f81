package org.cellscape.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Texture names become file names: none may overwrite another's file or point outside the output folder. */
class AtlasNamesTest {
    @Test
    void namesThatWouldOverwriteOrEscapeAreRefused() throws Exception {
        Path shown = Path.of("models.json");
        assertEquals(List.of("dots", "stripes"), GoogleImport.parse(shown, Atlases.json(List.of("a/dots", "b/stripes")).getBytes())
                .stream().map(GoogleImport.Entry::name).toList());
        ModelException e = assertThrows(ModelException.class, () -> GoogleImport.parse(shown, Atlases.json(List.of("a/dots", "b/Dots")).getBytes()));
        assertEquals("models.json: model_names[0] and [1] both import as 'Dots' (names must differ after the last '/', ignoring case)", e.getMessage());
        e = assertThrows(ModelException.class, () -> GoogleImport.parse(shown, Atlases.json(List.of("a/dots", "..")).getBytes()));
        assertTrue(e.getMessage().contains("model_names[1] '..' does not end in a plain file name"), e.getMessage());
        e = assertThrows(ModelException.class, () -> GoogleImport.parse(shown, Atlases.json(List.of("a/", "b")).getBytes()));
        assertTrue(e.getMessage().contains("model_names[0] 'a/' does not end in a plain file name"), e.getMessage());
    }
}
