package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.cellscape.CellscapeException;
import org.cellscape.cli.Main;
import org.junit.jupiter.api.Test;

/** The train package words a bad setting in plain words; only the CLI names the option. */
class TrainSettingErrorsTest {
    @Test
    void configNamesTheSettingNotTheOption() {
        var e = assertThrows(TrainConfig.InvalidSetting.class,
                () -> new TrainConfig("x", 10, 16, 4, 8, 16, 16, -1, 2e-4, 3, 6, 16, 0.5f, 2, 2, 3, 16, 1.0, 10));
        assertEquals(CellscapeException.USAGE, e.exitCode());
        assertEquals("learning rate", e.setting());
        assertFalse(e.getMessage().contains("--"), e.getMessage());
    }

    @Test
    void theCliNamesTheOption() {
        StringWriter o = new StringWriter(), err = new StringWriter();
        int code = Main.execute(new PrintWriter(o, true), new PrintWriter(err, true),
                "train", "--bench", "--lr", "-1"); // the built-in exemplar: the settings are checked before any run
        assertEquals(CellscapeException.USAGE, code, err.toString());
        assertTrue(err.toString().startsWith("cellscape: --lr must be positive"), err.toString());
    }
}
