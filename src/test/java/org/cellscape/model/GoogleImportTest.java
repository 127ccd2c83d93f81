package org.cellscape.model;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.cellscape.engine.Backend;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.Backends;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Imports Google's atlas from ../shared (never copied into the repo) and checks the textures form. */
class GoogleImportTest {
    static final Path DIR = Path.of("../shared/data/google-texture-ca");
    static List<GoogleImport.Entry> models;

    @BeforeAll
    static void load() {
        Assumptions.assumeTrue(Files.exists(DIR.resolve("models.json")), "shared data absent: " + DIR.toAbsolutePath());
        models = GoogleImport.read(DIR.resolve("models.json"));
    }

    @Test
    void everyModelImports() {
        assertEquals(133, models.size());
        for (GoogleImport.Entry e : models) {
            assertEquals(12, e.model().channels());
            assertEquals(96, e.model().hidden());
            assertEquals(48, e.model().inputs());
            assertEquals(Family.GOOGLE, e.model().family());
            for (float v : e.model().w1()) assertTrue(Float.isFinite(v));
        }
        assertEquals(133, models.stream().map(GoogleImport.Entry::name).distinct().count(), "names are unique");
    }

    @Test
    void dotsAndMondrianFormTheirTextures() throws Exception {
        BufferedImage icons = ImageIO.read(DIR.resolve("icons.jpeg").toFile());
        try (Backend backend = Backends.create("auto", BackendOptions.DEFAULT, null)) {
            for (String name : List.of("dots", "mondrian")) {
                int index = -1;
                for (int i = 0; i < models.size(); i++) if (models.get(i).name().equals(name)) index = i;
                NcaModel m = models.get(index).model();
                Tile t = Renderer.render(m, Schedule.parse("128:zeros:300"), new StepContext(1, m.fireRate()), null, backend, RenderListener.NONE);
                ColourMap cm = ColourMap.of(m);
                double[] mean = new double[3], var = new double[3];
                for (int i = 0; i < 128 * 128; i++)
                    for (int c = 0; c < 3; c++) {
                        float v = t.data()[i * 12 + c];
                        assertFalse(Float.isNaN(v), "NaN in " + name);
                        mean[c] += cm.unit(v) / (128 * 128);
                    }
                for (int i = 0; i < 128 * 128; i++)
                    for (int c = 0; c < 3; c++) var[c] += Math.pow(cm.unit(t.data()[i * 12 + c]) - mean[c], 2) / (128 * 128);
                double[] iconMean = new double[3], iconVar = new double[3];
                int ix = (index % 12) * 48, iy = (index / 12) * 48;
                for (int y = 4; y < 44; y++)
                    for (int x = 4; x < 44; x++) {
                        int rgb = icons.getRGB(ix + x, iy + y);
                        for (int c = 0; c < 3; c++) iconMean[c] += ((rgb >> (16 - 8 * c)) & 255) / 255.0 / 1600;
                    }
                for (int y = 4; y < 44; y++)
                    for (int x = 4; x < 44; x++) {
                        int rgb = icons.getRGB(ix + x, iy + y);
                        for (int c = 0; c < 3; c++) iconVar[c] += Math.pow(((rgb >> (16 - 8 * c)) & 255) / 255.0 - iconMean[c], 2) / 1600;
                    }
                double sd = Math.sqrt((var[0] + var[1] + var[2]) / 3), iconSd = Math.sqrt((iconVar[0] + iconVar[1] + iconVar[2]) / 3);
                // dots: small features, so a 128^2 render's mean colour is stable (measured within 0.03 of the
                // thumbnail). mondrian: a 128^2 canvas holds only a few of its large blocks, so its mean colour
                // varies with the seed (measured 0.65..0.85 in red): a looser bound.
                double tolerance = name.equals("dots") ? 0.05 : 0.25;
                for (int c = 0; c < 3; c++)
                    assertEquals(iconMean[c], mean[c], tolerance, name + " mean colour channel " + c);
                assertTrue(sd > 0.05, name + " has spatial structure: sd " + sd);
                assertEquals(iconSd, sd, 0.5 * iconSd, name + " contrast near the thumbnail's");
                int saturated = 0;
                for (int i = 0; i < 128 * 128; i++) if (cm.unit(t.data()[i * 12]) >= 1f || cm.unit(t.data()[i * 12]) <= 0f) saturated++;
                assertTrue(saturated < 128 * 128 / 2, name + " not saturated flat");
            }
        }
    }
}
