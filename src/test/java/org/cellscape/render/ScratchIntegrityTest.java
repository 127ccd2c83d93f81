package org.cellscape.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.cellscape.CellscapeException;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Size;
import org.cellscape.model.ModelIO;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged scratch data and edited progress, on an interrupted or finished render: the resumed render is either
 * byte-identical to a clean one (what was damaged is computed again) or refused with exit 7 in one line.
 */
class ScratchIntegrityTest {
    /** Four passes: level 0 in passes 0-1 (store 0, then 1), level 1 in pass 2 (store 0) and the final pass 3. */
    static final String SCHEDULE = "auto:noise:40, x2:bilinear:40";

    @TempDir
    static Path shared;
    static Path model;
    static String clean;
    @TempDir
    Path dir;
    final List<String> notices = new ArrayList<>();

    @BeforeAll
    static void cleanRender() throws Exception {
        model = shared.resolve("m.safetensors");
        ModelIO.write(TestModels.anyFamily(7, 6, 12), model);
        clean = sha(new ScratchIntegrityTest().render(shared.resolve("clean.png"), false, null));
    }

    RenderSettings settings(Path out, boolean keep) {
        return RenderSettings.builder().model(model).schedule(Schedule.parse(SCHEDULE)).size(new Size(80, 64)).seed(4)
                .tile(16).out(out).keepScratch(keep).build();
    }

    /** Renders; {@code stopAt} (pass, tile) interrupts it there, keeping its checkpoint, as a kill would. */
    Path render(Path out, boolean keep, int[] stopAt) {
        return renderWatched(out, keep, (pass, index) -> {
            if (stopAt != null && pass.index() == stopAt[0] && index == stopAt[1]) throw CellscapeException.io("interrupted", null);
        });
    }

    Path renderWatched(Path out, boolean keep, java.util.function.BiConsumer<PassPlan.Pass, Integer> onTile) {
        PassListener l = new PassListener() {
            @Override
            public void tile(PassPlan.Pass pass, int index) {
                onTile.accept(pass, index);
            }

            @Override
            public void notice(String message) {
                notices.add(message);
            }
        };
        Render.run(settings(out, keep), new ReferenceBackend(), l, 0);
        return out;
    }

    Path interrupted() {
        Path out = dir.resolve("r.png");
        CellscapeException e = assertThrows(CellscapeException.class, () -> render(out, false, new int[]{2, 7}));
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        return out;
    }

    static Path scratch(Path out) {
        return out.resolveSibling(out.getFileName() + ".cellscape-scratch");
    }

    static String sha(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    static void overwrite(Path f, long at, byte[] bytes) throws Exception {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(at);
            r.write(bytes);
        }
    }

    static void flip(Path f, long at) throws Exception {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(at);
            int b = r.read();
            r.seek(at);
            r.write(b ^ 0x10);
        }
    }

    static byte[] nans(int n) {
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) b.putFloat(Float.NaN);
        return b.array();
    }

    static void editManifest(Path out, String field, int delta) throws Exception {
        Path m = scratch(out).resolve("manifest.json");
        ObjectNode n = (ObjectNode) new ObjectMapper().readTree(m.toFile());
        n.put(field, n.get(field).asInt() + delta);
        Files.write(m, new ObjectMapper().writeValueAsBytes(n));
    }

    void resumesToTheCleanImage(Path out) throws Exception {
        render(out, false, null);
        assertEquals(clean, sha(out), "resumed image is the clean one");
    }

    void refused(Path out, String words) {
        CellscapeException e = assertThrows(CellscapeException.class, () -> render(out, false, null));
        assertEquals(CellscapeException.RESUME_MISMATCH, e.exitCode(), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertTrue(!Files.exists(out), "nothing under the final name");
    }

    @Test
    void aFlippedByteInAFinishedTileIsComputedAgain() throws Exception {
        Path out = interrupted();
        flip(scratch(out).resolve("state-0.bin"), 100); // pass 2's own tile 0
        resumesToTheCleanImage(out);
        assertTrue(notices.stream().anyMatch(n -> n.contains("tile 0") && n.contains("checksum")), notices.toString());
    }

    @Test
    void nanInAFinishedTileIsComputedAgain() throws Exception {
        Path out = interrupted();
        overwrite(scratch(out).resolve("state-0.bin"), 80L * 6 * 4 * 20, nans(30)); // row 20: tile 5 of pass 2
        resumesToTheCleanImage(out);
    }

    @Test
    void aDamagedSourceIsRefused() throws Exception {
        Path out = interrupted();
        flip(scratch(out).resolve("state-1.bin"), 4000); // level 0's finished store: pass 2 reads it, nothing can recompute it
        refused(out, "state-1.bin is damaged");
    }

    @Test
    void zerosOverTheSourceAreRefused() throws Exception {
        Path out = interrupted();
        Path src = scratch(out).resolve("state-1.bin");
        Files.write(src, new byte[(int) Files.size(src)]);
        refused(out, "damaged");
    }

    @Test
    void anEditedPassIsRefused() throws Exception {
        Path out = interrupted();
        editManifest(out, "pass", 1);
        refused(out, "inconsistent");
    }

    @Test
    void editedTilesAreRefused() throws Exception {
        Path out = interrupted();
        editManifest(out, "tiles", 10);
        refused(out, "inconsistent");
    }

    @Test
    void aDamagedCacheOfAFinishedRenderIsComputedAgain() throws Exception {
        Path out = render(dir.resolve("k.png"), true, null);
        assertEquals(clean, sha(out));
        Files.delete(out);
        flip(scratch(out).resolve("rgb.bin"), 80L * 6 * 50 + 12);
        resumesToTheCleanImage(out);
        assertTrue(notices.stream().anyMatch(n -> n.contains("checksum")), notices.toString());
    }

    @Test
    void theCacheChangedDuringTheFinalPassIsNeverEncoded() throws Exception {
        Path out = dir.resolve("c.png");
        CellscapeException e = assertThrows(CellscapeException.class, () -> renderWatched(out, false, (pass, index) -> {
            try {
                if (pass.last() && index == 2) flip(scratch(out).resolve("rgb.bin"), 6); // tile 0, before its band is encoded
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        }));
        assertEquals(CellscapeException.RESUME_MISMATCH, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("changed while rendering"), e.getMessage());
        assertTrue(!Files.exists(out), "nothing under the final name");
        resumesToTheCleanImage(out);
    }
}
