package org.cellscape.backend.opencl;

import static org.cellscape.backend.opencl.OpenClTestSupport.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cellscape.backend.ReferenceBackend;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;
import org.junit.jupiter.api.Test;

/** A whole multiscale render with each backend gives identical state and identical 16-bit output. */
class OpenClRenderTest {
    @Test
    void multiscaleRenderIsIdenticalToTheReference() {
        ClDevice device = OpenClTestSupport.deviceOrSkip();
        Schedule s = Schedule.parse("24x18:noise:12, x2:bilinear:6, x3:nearest:4");
        for (NcaModel m : new NcaModel[]{CheckModels.google(21), CheckModels.rgba(22)}) {
            StepContext ctx = new StepContext(2024, m.fireRate());
            Tile expected = Renderer.render(m, s, ctx, null, new ReferenceBackend(), RenderListener.NONE);
            Tile got;
            try (OpenClBackend b = new OpenClBackend(device, Tuning.DEFAULT)) {
                got = Renderer.render(m, s, ctx, null, b, RenderListener.NONE);
            }
            assertSameBits(expected, got, m.name() + " render");
            short[] e = rgb16(m, expected), g = rgb16(m, got);
            assertArrayEquals(e, g, "16-bit output");
            int distinct = (int) java.util.stream.IntStream.range(0, e.length).map(i -> e[i]).distinct().count();
            assertTrue(distinct > 100, m.name() + " render should not be flat: " + distinct + " distinct samples");
        }
    }

    private static short[] rgb16(NcaModel m, Tile t) {
        short[] out = new short[t.width() * t.height() * 3];
        ColourMap.of(m).toRgb16(t, 0, t.width(), 0, t.height(), out, 0);
        return out;
    }
}
