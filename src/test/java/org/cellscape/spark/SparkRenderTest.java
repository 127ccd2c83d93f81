package org.cellscape.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellscape.CellscapeException;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.Backends;
import org.cellscape.batch.Cluster;
import org.cellscape.canvas.Precision;
import org.cellscape.engine.Backend;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Size;
import org.cellscape.model.ModelIO;
import org.cellscape.render.PassListener;
import org.cellscape.render.PassPlan;
import org.cellscape.render.Render;
import org.cellscape.render.RenderSettings;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster renders on a real Spark in this JVM (local[2]): the files are the local render's, byte for byte. */
class SparkRenderTest {
    /** Four passes of 20 steps each at most 32: level 0 in two, level 1 in two (the last writes colours). */
    static final String SCHEDULE = "auto:noise:40, x2:bilinear:40";

    @TempDir
    static Path shared;
    static Path model;
    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        SparkTesting.quiet();
        model = shared.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(7, 6, 12), model);
    }

    static RenderSettings settings(Path out, Precision store) {
        return RenderSettings.builder().model(model).schedule(Schedule.parse(SCHEDULE)).size(new Size(150, 100)).seed(4)
                .tile(32).store(store).out(out).build();
    }

    static byte[] local(RenderSettings s) throws Exception {
        try (Backend b = Backends.create("cpu", new BackendOptions(2, null), null)) {
            Render.run(s, b, PassListener.NONE);
        }
        return Files.readAllBytes(s.out());
    }

    static Render.Result cluster(RenderSettings s, String master, PassListener l) {
        return Cluster.find().render(s, new Cluster.Target(master, null, "cpu", 0, null), l);
    }

    @Test
    void aPngIsTheLocalRendersByteForByte() throws Exception {
        byte[] want = local(settings(dir.resolve("local.png"), Precision.FLOAT32));
        RenderSettings s = settings(dir.resolve("spark.png"), Precision.FLOAT32);
        cluster(s, "local[2]", PassListener.NONE);
        assertArrayEquals(want, Files.readAllBytes(s.out()));
        assertFalse(Files.exists(dir.resolve("spark.png.cellscape-spark-scratch")), "scratch removed after a finished render");
    }

    @Test
    void aRenderWithAControlMapIsTheLocalRendersByteForByte() throws Exception {
        Path rules = dir.resolve("rules.safetensors");
        ModelIO.write(org.cellscape.testing.TestControls.multiRule(org.cellscape.model.Family.CELLSCAPE, 6, 8, 2, 3).toBuilder()
                .metadata(org.cellscape.model.NcaModel.RULES, "sea,land").build(), rules);
        Path map = org.cellscape.testing.TestControls.png(dir.resolve("map.png"), 12, 8, (x, y) -> x * x + y * y < 40 ? 0x338833 : 0x224488);
        var control = org.cellscape.engine.ControlSpec.parse(java.util.List.of(map.toString()), "#248:sea,#383:land", null);
        RenderSettings l = settings(dir.resolve("local.png"), Precision.FLOAT32).toBuilder().model(rules).control(control).build();
        byte[] want = local(l);
        assertFalse(java.util.Arrays.equals(want, local(l.toBuilder().control(null).out(dir.resolve("plain.png")).build())), "the map matters");
        RenderSettings s = l.toBuilder().out(dir.resolve("spark.png")).build();
        java.util.Set<Path> before = jobFolders();
        cluster(s, "local[2]", PassListener.NONE);
        assertArrayEquals(want, Files.readAllBytes(s.out()));
        java.util.Set<Path> left = jobFolders();
        left.removeAll(before);
        assertEquals(java.util.Set.of(), left, "executors delete their copies of the model and the map once read");
    }

    /** The executors' temporary job folders (model, LUT and control files) in the temporary directory. */
    private static java.util.Set<Path> jobFolders() throws java.io.IOException {
        try (var l = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return l.filter(p -> p.getFileName().toString().startsWith("cellscape-job")).collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void aFloat16TiffIsTheLocalRendersByteForByte() throws Exception {
        byte[] want = local(settings(dir.resolve("local.tif"), Precision.FLOAT16));
        RenderSettings s = settings(dir.resolve("spark.tif"), Precision.FLOAT16);
        cluster(s, "local[2]", PassListener.NONE);
        assertArrayEquals(want, Files.readAllBytes(s.out()));
    }

    /**
     * Tiles of 256, the TIFF's own: the last pass's tasks encode the TIFF tiles (edge tiles padded: 600x400 is not a
     * multiple), the driver only appends them; 16-bit and dithered 8-bit.
     */
    @Test
    void aTiffEncodedOnTheExecutorsIsTheLocalRendersByteForByte() throws Exception {
        for (int bits : new int[] {16, 8}) {
            RenderSettings l = settings(dir.resolve("local" + bits + ".tif"), Precision.FLOAT32).toBuilder().size(new Size(600, 400)).tile(256).bits(bits).build();
            byte[] want = local(l);
            RenderSettings s = l.toBuilder().out(dir.resolve("spark" + bits + ".tif")).keepScratch(true).build();
            cluster(s, "local[2]", PassListener.NONE);
            assertArrayEquals(want, Files.readAllBytes(s.out()), bits + " bits");
            Path last = dir.resolve("spark" + bits + ".tif.cellscape-spark-scratch/pass-3");
            assertTrue(!Files.readString(last.resolve("_ENCODING")).equals("rgb") && Files.exists(last.resolve("tile-5")), "6 tasks encoded the tiles");
            assertEquals(EncodedTiles.MAGIC, java.nio.ByteBuffer.wrap(Files.readAllBytes(last.resolve("tile-5"))).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        }
    }

    /**
     * 600x400 PNGs, 16-bit and dithered 8-bit, in tiles of 128 (pieces of 145 and 291 rows span tile rows): the pieces
     * are encoded by a stage of their own and appended by the driver. A rerun on the kept scratch reuses the pieces it
     * finds (one kept, one deleted and made again); one of other --bits makes its own and drops the others.
     */
    @Test
    void aPngEncodedOnTheExecutorsIsTheLocalRendersByteForByte() throws Exception {
        java.util.Map<Integer, byte[]> want = new java.util.HashMap<>();
        RenderSettings s = null;
        for (int bits : new int[] {16, 8}) {
            RenderSettings l = settings(dir.resolve("local" + bits + ".png"), Precision.FLOAT32).toBuilder().size(new Size(600, 400)).tile(128).bits(bits).build();
            want.put(bits, local(l));
            s = l.toBuilder().out(dir.resolve("spark.png")).keepScratch(true).build();
            cluster(s, "local[2]", PassListener.NONE);
            assertArrayEquals(want.get(bits), Files.readAllBytes(s.out()), bits + " bits");
            List<Path> pieces = pieces(dir.resolve("spark.png.cellscape-spark-scratch"));
            assertEquals(Math.ceilDiv(400, 512 * 1024 / (600 * 3 * bits / 8 + 1)), pieces.size(), "a task a piece, " + bits + " bits");
            assertEquals(EncodedPng.MAGIC, java.nio.ByteBuffer.wrap(Files.readAllBytes(pieces.getFirst())).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        }
        List<Path> pieces = pieces(dir.resolve("spark.png.cellscape-spark-scratch"));
        var old = java.nio.file.attribute.FileTime.fromMillis(0);
        Files.setLastModifiedTime(pieces.get(0), old);
        Files.delete(pieces.get(1));
        Files.delete(s.out());
        cluster(s, "local[2]", PassListener.NONE);
        assertArrayEquals(want.get(8), Files.readAllBytes(s.out()), "rerun");
        assertEquals(old, Files.getLastModifiedTime(pieces.get(0)), "a piece found is reused");
        assertTrue(Files.exists(pieces.get(1)), "a missing one is made again");
    }

    /** The PNG piece files in a scratch folder, in piece order. */
    private static List<Path> pieces(Path scratch) throws java.io.IOException {
        try (var s = Files.find(scratch, 2, (p, a) -> p.getFileName().toString().startsWith("piece-"))) {
            return s.sorted(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(6)))).toList();
        }
    }

    @Test
    void anInterruptedDriverResumesFromTheCommittedPassesAndTiles() throws Exception {
        byte[] want = local(settings(dir.resolve("local.png"), Precision.FLOAT32));
        RenderSettings s = settings(dir.resolve("spark.png"), Precision.FLOAT32);
        // the driver dies after committing pass 2 (index 1)
        PassListener dies = new PassListener() {
            int passes;
            @Override
            public void advanced(long work, long updates) {
                if (++passes == 2) throw CellscapeException.io("driver killed", null);
            }
        };
        assertThrows(CellscapeException.class, () -> cluster(s, "local[2]", dies));
        assertFalse(Files.exists(s.out()));
        Path scratch = dir.resolve("spark.png.cellscape-spark-scratch");
        assertTrue(Files.exists(scratch.resolve("pass-1/_COMMITTED")));
        // then dies in the middle of pass 4: one of its tiles fails every attempt, the others are written
        Path marks = Files.createDirectories(dir.resolve("fail"));
        Files.createFile(marks.resolve("pass-3-tile-14.always"));
        System.setProperty(TileTask.FAIL_ONCE, marks.toString());
        try {
            CellscapeException e = assertThrows(CellscapeException.class, () -> cluster(s, "local[2]", PassListener.NONE));
            assertTrue(e.getMessage().contains("injected failure of pass 3, tile 14"), e.getMessage());
        } finally {
            System.clearProperty(TileTask.FAIL_ONCE);
        }
        Path written = scratch.resolve("pass-3/tile-0");
        assertTrue(Files.exists(written) && !Files.exists(scratch.resolve("pass-3/tile-14")));
        Files.setLastModifiedTime(written, java.nio.file.attribute.FileTime.fromMillis(0));
        List<String> notices = new ArrayList<>();
        long[] already = {-1};
        PassListener watch = new PassListener() {
            @Override
            public void begin(PassPlan plan, long alreadyDone) {
                already[0] = alreadyDone;
            }

            @Override
            public void notice(String message) {
                notices.add(message);
            }
        };
        cluster(s.toBuilder().keepScratch(true).build(), "local[2]", watch);
        assertArrayEquals(want, Files.readAllBytes(s.out()));
        assertTrue(notices.stream().anyMatch(n -> n.startsWith("resuming from ") && n.contains("pass 4 of 4")), notices.toString());
        assertTrue(already[0] > 0, "the resumed work counts as done");
        assertEquals(0, Files.getLastModifiedTime(written).toMillis(), "a tile written before the crash is not computed again");
    }

    /** One byte flipped in a committed state tile: the task that reads it (core or halo) names it, exit 7, one line. */
    @Test
    void aDamagedStateTileIsOneLineNamingIt() throws Exception {
        RenderSettings s = settings(dir.resolve("spark.png"), Precision.FLOAT32);
        PassListener dies = new PassListener() {
            int passes;
            @Override
            public void advanced(long work, long updates) {
                if (++passes == 2) throw CellscapeException.io("driver killed", null);
            }
        };
        assertThrows(CellscapeException.class, () -> cluster(s, "local[2]", dies));
        Path tile = dir.resolve("spark.png.cellscape-spark-scratch/pass-1/tile-4");
        byte[] b = Files.readAllBytes(tile);
        b[TileFiles.HEADER + 1000] ^= 1; // the low bit of one float32 value: the render would otherwise go on
        Files.write(tile, b);
        CellscapeException e = assertThrows(CellscapeException.class, () -> cluster(s, "local[2]", PassListener.NONE));
        assertEquals(CellscapeException.RESUME_MISMATCH, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("pass-1/tile-4 is damaged") && e.getMessage().contains("checksum") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aResumeOfOtherSettingsIsRefused() {
        RenderSettings s = settings(dir.resolve("spark.png"), Precision.FLOAT32);
        PassListener dies = new PassListener() {
            @Override
            public void advanced(long work, long updates) {
                throw CellscapeException.io("driver killed", null);
            }
        };
        assertThrows(CellscapeException.class, () -> cluster(s, "local[2]", dies));
        CellscapeException e = assertThrows(CellscapeException.class, () -> cluster(s.toBuilder().seed(5).build(), "local[2]", PassListener.NONE));
        assertEquals(CellscapeException.RESUME_MISMATCH, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("different render"), e.getMessage());
    }

    @Test
    void aTaskThatFailsOnceIsRetried() throws Exception {
        byte[] want = local(settings(dir.resolve("local.png"), Precision.FLOAT32));
        Path marks = Files.createDirectories(dir.resolve("fail-once"));
        Files.createFile(marks.resolve("pass-2-tile-3"));
        Files.createFile(marks.resolve("pass-3-tile-0"));
        System.setProperty(TileTask.FAIL_ONCE, marks.toString());
        try {
            RenderSettings s = settings(dir.resolve("spark.png"), Precision.FLOAT32);
            cluster(s, "local[2]", PassListener.NONE);
            assertArrayEquals(want, Files.readAllBytes(s.out()));
        } finally {
            System.clearProperty(TileTask.FAIL_ONCE);
        }
        try (var left = Files.list(marks)) {
            assertEquals(0, left.count(), "both injected failures happened (and were retried)");
        }
    }

    @Test
    void anUnreachableMasterIsOneLineExitSixWithinThirtySeconds() {
        long t0 = System.nanoTime();
        CellscapeException e = assertThrows(CellscapeException.class,
                () -> cluster(settings(dir.resolve("x.png"), Precision.FLOAT32), "spark://127.0.0.1:" + SparkTesting.freePort(), PassListener.NONE));
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "took " + (System.nanoTime() - t0) / 1e9 + " s");
        assertEquals(CellscapeException.BACKEND, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot reach the Spark master spark://127.0.0.1:") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
