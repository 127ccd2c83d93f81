package org.cellscape.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellscape.CellscapeException;
import org.cellscape.testing.TestControls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control field's one definition: sampling, blending, the default rule, tiles on the torus, and bad input. */
class ControlMapTest {
    @TempDir
    Path dir;

    static final List<String> RULES = List.of("sea", "shore", "land");

    ControlMap weights(String... controls) {
        return ControlMap.load(ControlSpec.parse(List.of(controls), null, null), RULES, dir.resolve("m.safetensors"));
    }

    @Test
    void cellCentresSampleTheMapBilinearlyClampedAtItsEdges() {
        // a 2x1 map, black then white, on a 4-cell row: centres at -0.25, 0.25, 0.75, 1.25 map pixels
        Path f = TestControls.png(dir.resolve("ramp.png"), 2, 1, (x, y) -> x == 0 ? 0 : 0xffffff);
        float[] c = weights("shore=" + f).field(0, 0, 4, 1, 4, 1);
        float[] shore = {c[1], c[4], c[7], c[10]};
        assertArrayEquals(new float[]{0f, 0.25f, 0.75f, 1f}, shore);
        for (int x = 0; x < 4; x++) assertEquals(1 - shore[x], c[3 * x], 1e-7, "the rest goes to the first rule");
        assertEquals(0f, c[2]);
        assertEquals(0.5, ControlMap.sample(0, 1, 2) + 0, 1e-12); // one cell reads the map's middle
    }

    @Test
    void imagesInMemoryGiveTheFieldOfTheSameFiles() {
        Path f = TestControls.png(dir.resolve("blob.png"), 9, 5, (x, y) -> (x * 28 + y * 40) * 0x010101);
        ControlMap fromFile = ControlMap.load(ControlSpec.parse(List.of("land=" + f), null, "shore"), RULES, dir.resolve("m.safetensors"));
        ControlMap inMemory = ControlMap.weights(java.util.Map.of("land", org.cellscape.image.ImageReaders.read(f).image()), "shore", RULES);
        assertArrayEquals(fromFile.field(-3, 2, 31, 17, 40, 30), inMemory.field(-3, 2, 31, 17, 40, 30));
        assertThrows(IllegalArgumentException.class, () -> ControlMap.weights(java.util.Map.of("reef", org.cellscape.image.ImageReaders.read(f).image()), null, RULES));
    }

    @Test
    void weightsOverOneAreScaledAndTheDefaultRuleTakesTheRest() {
        Path white = TestControls.png(dir.resolve("white.png"), 3, 3, (x, y) -> 0xffffff);
        Path grey = TestControls.png(dir.resolve("grey.png"), 5, 2, (x, y) -> 0x333333);
        float[] c = weights("shore=" + white, "land=" + white).field(0, 0, 2, 2, 2, 2);
        assertArrayEquals(new float[]{0f, 0.5f, 0.5f}, java.util.Arrays.copyOf(c, 3));
        ControlMap m = ControlMap.load(ControlSpec.parse(List.of("land=" + grey), null, "shore"), RULES, dir.resolve("m.safetensors"));
        float[] d = m.field(0, 0, 1, 1, 7, 7);
        assertEquals(0.2f, d[2], 1e-6);
        assertEquals(0.8f, d[1], 1e-6);
        assertEquals(0f, d[0]);
    }

    @Test
    void legendPixelsTakeTheNearestColourAndBlendOneHot() {
        Path f = TestControls.png(dir.resolve("map.png"), 2, 1, (x, y) -> x == 0 ? 0x204060 : 0xd08040); // near #246, #c84
        ControlMap m = ControlMap.load(ControlSpec.parse(List.of(f.toString()), "#246:sea,#c84:land", null), RULES, dir.resolve("m.safetensors"));
        float[] c = m.field(0, 0, 4, 1, 4, 1);
        assertArrayEquals(new float[]{1, 0, 0, 0.75f, 0, 0.25f, 0.25f, 0, 0.75f, 0, 0, 1}, c);
    }

    @Test
    void aTileGetsExactlyTheCellsOfTheWholeGridWrappedOnTheTorus() {
        ControlMap m = TestControls.legendMap(dir, List.of("r0", "r1", "r2"));
        int W = 53, H = 31, R = 3;
        float[] whole = m.field(0, 0, W, H, W, H);
        for (int i = 0; i < W * H; i++) {
            double s = 0;
            for (int r = 0; r < R; r++) s += whole[i * R + r];
            assertEquals(1, s, 1e-6, "weights of cell " + i + " sum to 1");
        }
        long ox = -7, oy = 25;
        int w = 19, h = 11;
        float[] tile = m.field(ox, oy, w, h, W, H);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int r = 0; r < R; r++)
                    assertEquals(Float.floatToRawIntBits(whole[((int) Math.floorMod(oy + y, H) * W + (int) Math.floorMod(ox + x, W)) * R + r]),
                            Float.floatToRawIntBits(tile[(y * w + x) * R + r]));
        java.util.Set<Float> distinct = new java.util.HashSet<>();
        for (int i = 0; i < W * H; i++) distinct.add(whole[i * R]);
        assertTrue(distinct.size() > 3, "blends at the patch edges: " + distinct);
    }

    @Test
    void theIdentityFollowsTheMapsContent() throws Exception {
        Path f = TestControls.png(dir.resolve("a.png"), 4, 4, (x, y) -> x * 40 << 8);
        String before = weights("land=" + f).identity();
        assertEquals(before, weights("land=" + f).identity());
        TestControls.png(f, 4, 4, (x, y) -> y * 40 << 8);
        assertNotEquals(before, weights("land=" + f).identity());
        assertNotEquals(before, weights("shore=" + f).identity());
    }

    @Test
    void badInputIsOneLineNamingTheFile() throws Exception {
        Path model = dir.resolve("m.safetensors"), bad = Files.writeString(dir.resolve("bad.png"), "not a png");
        Path ok = TestControls.png(dir.resolve("ok.png"), 2, 2, (x, y) -> 0);
        CellscapeException e = assertThrows(CellscapeException.class, () -> weights("land=" + bad));
        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().contains(bad.toString()) && !e.getMessage().contains("\n"), e.getMessage());
        e = assertThrows(CellscapeException.class, () -> weights("land=" + dir.resolve("missing.png")));
        assertTrue(e.getMessage().contains("missing.png") && e.exitCode() == 3, e.getMessage());
        e = assertThrows(CellscapeException.class, () -> weights("lichen=" + ok));
        assertEquals(model + ": the model has no rule 'lichen' (its rules: sea, shore, land)", e.getMessage());
        e = assertThrows(CellscapeException.class, () -> ControlMap.load(ControlSpec.parse(List.of(ok.toString()), "#000:sea,#fff:coral", null), RULES, model));
        assertTrue(e.getMessage().contains("no rule 'coral'") && e.exitCode() == 3, e.getMessage());
        e = assertThrows(CellscapeException.class, () -> ControlMap.load(ControlSpec.parse(List.of("sea=" + ok), null, null), List.of(), model));
        assertTrue(e.getMessage().startsWith(model + ": the model has no rules") && e.exitCode() == 3, e.getMessage());
        e = assertThrows(CellscapeException.class, () -> ControlMap.load(ControlSpec.parse(List.of("sea=" + ok), null, "reef"), RULES, model));
        assertTrue(e.getMessage().contains("no rule 'reef'"), e.getMessage());
    }

    @Test
    void badOptionTextIsAUsageError() {
        for (Object[] c : new Object[][]{{List.of("a.png"), null, null}, {List.of("a.png", "b.png"), "#000:sea", null},
                {List.of("sea=a.png", "b.png"), "#000:sea", null}, {List.of("sea=a.png", "sea=b.png"), null, null},
                {List.of("a.png"), "#000:sea,#000:land", null}, {List.of("a.png"), "000:sea", null}, {List.of("a.png"), "#000:Sea", null},
                {List.of("sea=a.png"), "#000:sea", null}, {List.of("a.png"), "#000:sea", "sea"}, {List.of(), "#000:sea", null},
                {List.of(), null, "sea"}, {List.of("sea=a.png"), null, "Bad Name"}}) {
            @SuppressWarnings("unchecked") List<String> controls = (List<String>) c[0];
            CellscapeException e = assertThrows(CellscapeException.class, () -> ControlSpec.parse(controls, (String) c[1], (String) c[2]), controls + " " + c[1]);
            assertEquals(2, e.exitCode(), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
