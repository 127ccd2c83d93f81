package org.cellscape.canvas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.engine.Backend;
import org.cellscape.engine.ColourMap;
import org.cellscape.engine.Npy;
import org.cellscape.engine.RenderListener;
import org.cellscape.engine.Renderer;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.engine.Upsample;
import org.cellscape.model.NcaModel;
import org.cellscape.render.PassListener;
import org.cellscape.render.RenderJob;
import org.cellscape.render.TiledRenderer;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core property: a tiled render computes exactly the cells of the in-memory render, for any tiling. */
class InvarianceTest {
    @TempDir
    Path dir;

    record Result(short[] rgb, float[] state, String sha) {}

    static Result tiled(RenderJob job, Backend backend) {
        CollectingSink sink = new CollectingSink(job.outWidth(), job.outHeight());
        new TiledRenderer(job, backend, PassListener.NONE).run(() -> sink);
        assertEquals(job.outHeight(), sink.rows);
        assertFalse(Files.exists(job.scratchDir()), "scratch folder is cleaned up");
        float[] state = job.settings().stateOut() == null ? null : Npy.read(job.settings().stateOut()).data();
        return new Result(sink.rgb, state, sink.sha256());
    }

    /** The in-memory yardstick, cropped to the output. */
    static Result reference(NcaModel m, Schedule s, long seed, long ow, long oh) {
        Tile t = Renderer.render(m, s, new StepContext(seed, m.fireRate()), null, new ReferenceBackend(), RenderListener.NONE);
        int C = m.channels(), w = (int) ow, h = (int) oh;
        float[] state = new float[w * h * C];
        for (int y = 0; y < h; y++) System.arraycopy(t.data(), y * t.width() * C, state, y * w * C, w * C);
        short[] rgb = new short[w * h * 3];
        Tile crop = new Tile(w, h, C, 0, 0, t.canvasWidth(), t.canvasHeight(), state);
        ColourMap.of(m).toRgb16(crop, 0, w, 0, h, rgb, 0);
        return new Result(rgb, state, null);
    }

    static Schedule randomSchedule(Random r) {
        StringBuilder b = new StringBuilder();
        int sw = 2 + r.nextInt(8), sh = 2 + r.nextInt(8);
        b.append(sw).append('x').append(sh).append(r.nextBoolean() ? ":zeros:" : ":noise(0.7):").append(r.nextInt(13));
        int levels = r.nextInt(3);
        for (int i = 0; i < levels; i++)
            b.append(", x").append(2 + r.nextInt(2)).append(':').append(r.nextBoolean() ? "nearest" : "bilinear").append(':').append(r.nextInt(13));
        return Schedule.parse(b.toString());
    }

    @Test
    void randomCanvasesMatchTheInMemoryRender() throws Exception {
        Random r = new Random(20240601);
        for (int c = 0; c < 14; c++) {
            NcaModel m = TestModels.anyFamily(r.nextLong(), 4 + r.nextInt(3), 4 + r.nextInt(9));
            Schedule s = randomSchedule(r);
            long fw = s.finalWidth(), fh = s.finalHeight();
            long ow = 1 + r.nextInt((int) fw), oh = 1 + r.nextInt((int) fh);
            if (r.nextBoolean()) { ow = fw; oh = fh; }
            long seed = r.nextLong();
            Result want = reference(m, s, seed, ow, oh);
            List<Layout> layouts = new ArrayList<>();
            layouts.add(new Layout(Layout.UNTILED, 1 + r.nextInt(13), 0));
            layouts.add(new Layout(1 + r.nextInt(4), 1 + r.nextInt(12), 0)); // tiles smaller than the halo
            layouts.add(new Layout(3 + r.nextInt(20), 1 + r.nextInt(12), 0));
            layouts.add(new Layout(5 + r.nextInt(30), 32, 40));             // small levels untiled, others tiled
            for (Layout l : layouts) {
                String what = "case " + c + " schedule " + s + " out " + ow + "x" + oh + " layout " + l;
                Path scratch = dir.resolve("s" + c + "-" + l.tile() + "-" + l.passSteps());
                Path stateOut = dir.resolve("state" + c + "-" + l.tile() + "-" + l.passSteps() + ".npy");
                Result got = tiled(Jobs.job(m, s, ow, oh, seed, Precision.FLOAT32, l, scratch, stateOut), new ReferenceBackend());
                assertArrayEquals(want.state(), got.state(), what);
                assertArrayEquals(want.rgb(), got.rgb(), what);
            }
        }
    }

    @Test
    void cpuBackendOnTilesMatchesTheReferenceWithOneAndTwoThreads() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.cellscape.backend.Backends.names().contains("cpu"), "cpu backend not registered");
        Random r = new Random(77);
        for (int c = 0; c < 4; c++) {
            NcaModel m = TestModels.anyFamily(r.nextLong(), 4 + r.nextInt(9), 8 + r.nextInt(9));
            Schedule s = randomSchedule(r);
            long seed = r.nextLong();
            Result want = reference(m, s, seed, s.finalWidth(), s.finalHeight());
            for (int threads = 1; threads <= 2; threads++) {
                Layout l = new Layout(1 + r.nextInt(20), 1 + r.nextInt(12), 0);
                try (Backend cpu = org.cellscape.backend.Backends.create("cpu", new org.cellscape.backend.BackendOptions(threads, null), null)) {
                    Result got = tiled(Jobs.job(m, s, s.finalWidth(), s.finalHeight(), seed, Precision.FLOAT32, l,
                            dir.resolve("cpu" + c + "-" + threads), dir.resolve("cpu" + c + "-" + threads + ".npy")), cpu);
                    assertArrayEquals(want.state(), got.state(), "cpu, " + threads + " threads, " + s + " " + l);
                }
            }
        }
    }

    @Test
    void sameShaForTileSizes64And257And1024AndUntiled() throws Exception {
        NcaModel m = TestModels.anyFamily(7, 5, 8);
        Schedule s = Schedule.parse("auto:noise:6, x2:bilinear:5, x3:nearest:4").fitTo(301, 190);
        Result want = reference(m, s, 42, 301, 190);
        String sha = null;
        for (int tile : new int[]{64, 257, 1024, Layout.UNTILED}) {
            Result got = tiled(Jobs.job(m, s, 301, 190, 42, Precision.FLOAT32, new Layout(tile, 32, 0), dir.resolve("t" + tile), null),
                    new ReferenceBackend());
            assertArrayEquals(want.rgb(), got.rgb(), "tile " + tile);
            if (sha != null) assertEquals(sha, got.sha(), "tile " + tile);
            sha = got.sha();
        }
        // the image is not trivially constant
        assertNotEquals(want.rgb()[0], want.rgb()[want.rgb().length / 2 + 1]);
    }

    @Test
    void float16StoreIsInvariantUnderTilingAndCloseToFloat32() throws Exception {
        NcaModel m = TestModels.anyFamily(11, 4, 8);
        Schedule s = Schedule.parse("auto:noise:7, x2:bilinear:9, x2:nearest:5").fitTo(61, 47);
        Result f32 = reference(m, s, 3, 61, 47);
        Result first = null;
        for (Layout l : List.of(new Layout(Layout.UNTILED, 4, 0), new Layout(7, 4, 0), new Layout(16, 4, 0), new Layout(2, 4, 0))) {
            Result got = tiled(Jobs.job(m, s, 61, 47, 3, Precision.FLOAT16, l, dir.resolve("h" + l.tile()), dir.resolve("h" + l.tile() + ".npy")),
                    new ReferenceBackend());
            if (first == null) first = got;
            else {
                assertArrayEquals(first.state(), got.state(), "float16 layout " + l);
                assertArrayEquals(first.rgb(), got.rgb(), "float16 layout " + l);
            }
        }
        double maxErr = 0;
        for (int i = 0; i < f32.state().length; i++) maxErr = Math.max(maxErr, Math.abs(f32.state()[i] - first.state()[i]));
        assertNotEquals(0.0, maxErr, "float16 rounds");
        System.out.println("float16 store: max |state error| vs float32 = " + maxErr);
    }

    @Test
    void upsampleIntoHaloTilesMatchesWholeCanvas() {
        // The fused first pass relies on Upsample.apply reading only CellGrid.coarseCover around any tile.
        Random r = new Random(5);
        for (int c = 0; c < 50; c++) {
            int cw = 1 + r.nextInt(7), ch = 1 + r.nextInt(7), f = 1 + r.nextInt(4), C = 2;
            Upsample.Mode mode = r.nextBoolean() ? Upsample.Mode.NEAREST : Upsample.Mode.BILINEAR;
            Tile coarse = Tile.canvas(cw, ch, C);
            for (int i = 0; i < coarse.data().length; i++) coarse.data()[i] = r.nextFloat();
            Tile whole = Tile.canvas(cw * f, ch * f, C);
            Upsample.apply(coarse, whole, f, mode);
            CellGrid.Rect rect = new CellGrid.Rect(r.nextInt(40) - 20, r.nextInt(40) - 20, 1 + r.nextInt(30), 1 + r.nextInt(30));
            CellGrid.Rect cr = CellGrid.coarseCover(rect, f);
            Tile src = new Tile(cr.width(), cr.height(), C, cr.x(), cr.y(), cw, ch, new float[(int) cr.cells() * C]);
            for (int y = 0; y < cr.height(); y++)
                for (int x = 0; x < cr.width(); x++)
                    for (int k = 0; k < C; k++)
                        src.data()[(y * cr.width() + x) * C + k] = coarse.get((int) src.globalX(x), (int) src.globalY(y), k);
            Tile dst = new Tile(rect.width(), rect.height(), C, rect.x(), rect.y(), cw * f, ch * f, new float[(int) rect.cells() * C]);
            Upsample.apply(src, dst, f, mode);
            for (int y = 0; y < rect.height(); y++)
                for (int x = 0; x < rect.width(); x++)
                    for (int k = 0; k < C; k++)
                        assertEquals(Float.floatToRawIntBits(whole.get((int) dst.globalX(x), (int) dst.globalY(y), k)),
                                Float.floatToRawIntBits(dst.get(x, y, k)));
        }
    }
}
