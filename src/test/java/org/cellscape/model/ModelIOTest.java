package org.cellscape.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.cellscape.CellscapeException;
import org.cellscape.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelIOTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryWeightAndSetting() {
        for (Family f : Family.values()) {
            NcaModel m = TestModels.random(f, f == Family.RGBA ? 4 : 12, f == Family.RGBA ? 8 : 96, f == Family.CELLSCAPE ? 2 : 0, 5);
            m = m.toBuilder().metadata("description", "a test").fireRate(0.25f).build();
            Path p = dir.resolve(f.id() + ".safetensors");
            ModelIO.write(m, p);
            NcaModel r = ModelIO.read(p);
            assertEquals(m.family(), r.family());
            assertEquals(m.channels(), r.channels());
            assertEquals(m.hidden(), r.hidden());
            assertEquals(m.extraInputs(), r.extraInputs());
            assertArrayEquals(m.w1(), r.w1());
            assertArrayEquals(m.b1(), r.b1());
            assertArrayEquals(m.w2(), r.w2());
            assertArrayEquals(m.b2(), r.b2());
            assertEquals(m.hasBias2(), r.hasBias2());
            for (int k = 0; k < m.kernelCount(); k++) assertArrayEquals(m.kernel(k), r.kernel(k));
            assertEquals(0.25f, r.fireRate());
            assertEquals(Float.floatToIntBits(m.clipState()), Float.floatToIntBits(r.clipState()));
            assertEquals("a test", r.metadata().get("description"));
            assertEquals(ModelIO.hash(m), ModelIO.hash(r));
            assertFalse(Files.exists(dir.resolve(f.id() + ".safetensors.partial")));
        }
    }

    @Test
    void readsAFileFromAnIndependentWriterWithF16AndBF16() throws Exception {
        Path p = Path.of(getClass().getResource("/fixtures/pytorch-tiny.safetensors").toURI());
        NcaModel m = ModelIO.read(p);
        assertEquals(Family.RGBA, m.family());
        assertEquals(4, m.channels());
        assertEquals(3, m.hidden());
        assertEquals(16, m.inputs());
        assertFalse(m.hasBias2());
        // values from make_fixture.py: w1[h][i] = ((h*7 + i*3) % 11 - 5) / 8, b1 = [.25, -.5, .125], w2[c][h] = ((c*5+h) % 7 - 3) / 16
        assertEquals(((7 + 2 * 3) % 11 - 5) / 8f, m.w1()[16 + 2]);
        assertArrayEquals(new float[]{0.25f, -0.5f, 0.125f}, m.b1());
        assertEquals(((3 * 5 + 2) % 7 - 3) / 16f, m.w2()[3 * 3 + 2]);
        assertEquals("pytorch-tiny", m.name());
    }

    private Path file(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] container(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    private void assertBad(Path p, String fragment) {
        ModelException e = assertThrows(ModelException.class, () -> ModelIO.read(p));
        assertEquals(CellscapeException.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void badFilesGiveOneLineErrorsNamingFileAndProblem() throws Exception {
        byte[] good = ModelIO.toBytes(TestModels.random(Family.GOOGLE, 1));
        assertBad(file("tiny", new byte[]{1, 2, 3}), "truncated");
        assertBad(file("truncated", Arrays.copyOf(good, good.length - 100)), "truncated");
        byte[] longHeader = good.clone();
        ByteBuffer.wrap(longHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, good.length + 10L);
        assertBad(file("longheader", longHeader), "larger than the file");
        byte[] absurd = good.clone();
        ByteBuffer.wrap(absurd).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 50);
        assertBad(file("absurd", absurd), "absurd");
        assertBad(file("notjson", container("{nope", new byte[0])), "not valid JSON");
        assertBad(file("text", "this is not a model file".getBytes()), "absurd");
        assertBad(dir.resolve("nofile.safetensors"), "no such file");
        String meta = "\"__metadata__\":{\"family\":\"google\"}";
        assertBad(file("dtype", container("{" + meta + ",\"dense1.weight\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1])), "unsupported dtype I8");
        assertBad(file("nometa", container("{\"dense1.weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4])), "missing metadata key 'family'");
        assertBad(file("shape", container("{" + meta + ",\"dense1.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,4]}}", new byte[4])), "need 16");
        // NaN weight and wrong shapes through a real writer
        NcaModel m = TestModels.random(Family.GOOGLE, 2);
        var t = new java.util.LinkedHashMap<String, SafeTensors.Tensor>();
        float[] w1 = m.w1().clone();
        w1[17] = Float.NaN;
        t.put(ModelIO.W1, new SafeTensors.Tensor("F32", new int[]{96, 48}, w1));
        t.put(ModelIO.B1, new SafeTensors.Tensor("F32", new int[]{96}, m.b1()));
        t.put(ModelIO.W2, new SafeTensors.Tensor("F32", new int[]{12, 96}, m.w2()));
        assertBad(file("nan", SafeTensors.toBytes(t, java.util.Map.of("family", "google"))), "NaN at index 17");
        t.put(ModelIO.W1, new SafeTensors.Tensor("F32", new int[]{96, 48}, m.w1()));
        t.put(ModelIO.W2, new SafeTensors.Tensor("F32", new int[]{12, 95}, Arrays.copyOf(m.w2(), 12 * 95)));
        assertBad(file("w2shape", SafeTensors.toBytes(t, java.util.Map.of("family", "google"))), "dense2.weight has shape [12, 95]");
        t.put(ModelIO.W2, new SafeTensors.Tensor("F32", new int[]{12, 96}, m.w2()));
        t.put(ModelIO.W1, new SafeTensors.Tensor("F32", new int[]{96, 40}, Arrays.copyOf(m.w1(), 96 * 40)));
        assertBad(file("w1in", SafeTensors.toBytes(t, java.util.Map.of("family", "google"))), "need at least 48");
        t.put(ModelIO.W1, new SafeTensors.Tensor("F32", new int[]{96, 48}, m.w1()));
        assertBad(file("family", SafeTensors.toBytes(t, java.util.Map.of("family", "jax"))), "unknown model family 'jax'");
        assertBad(file("fire", SafeTensors.toBytes(t, java.util.Map.of("family", "google", "fire_rate", "2"))), "fire_rate");
        assertEquals(12, ModelIO.read(file("ok", SafeTensors.toBytes(t, java.util.Map.of("family", "google")))).channels());
    }

    @Test
    void rulesAreReadAndCheckedAgainstTheExtraInputs() throws Exception {
        NcaModel two = RandomWeights.create(Family.CELLSCAPE, 6, 8, 2, 3);
        Path ok = dir.resolve("duet.safetensors");
        ModelIO.write(two.toBuilder().metadata(NcaModel.RULES, "coral,lichen").build(), ok);
        assertEquals(java.util.List.of("coral", "lichen"), ModelIO.read(ok).rules());
        assertEquals(java.util.List.of(), ModelIO.read(file("plain", ModelIO.toBytes(two))).rules());
        for (String[] c : new String[][]{{"coral", "names 1 rules but the model has 2"}, {"coral,coral", "names a rule twice"},
                {"coral,Lichen", "'Lichen'"}, {"coral,,", "''"}}) {
            Path p = dir.resolve("bad-" + Math.abs(c[0].hashCode()) + ".safetensors");
            // written by hand: the builder refuses such rules itself
            java.util.Map<String, String> meta = new java.util.LinkedHashMap<>(java.util.Map.of("family", "cellscape", "rules", c[0]));
            var t = new java.util.LinkedHashMap<String, SafeTensors.Tensor>();
            t.put(ModelIO.W1, new SafeTensors.Tensor("F32", new int[]{8, two.inputs()}, two.w1()));
            t.put(ModelIO.B1, new SafeTensors.Tensor("F32", new int[]{8}, two.b1()));
            t.put(ModelIO.W2, new SafeTensors.Tensor("F32", new int[]{6, 8}, two.w2()));
            java.nio.file.Files.write(p, SafeTensors.toBytes(t, meta));
            assertBad(p, c[1]);
        }
        assertThrows(IllegalArgumentException.class, () -> two.toBuilder().metadata(NcaModel.RULES, "a").build());
    }

    /** One F32 tensor "a" of shape [2] at the given offsets, plus {@code tail} tensors, over {@code data} bytes. */
    private Path strict(String name, String a, String more, int data) throws Exception {
        return file(name, container("{\"__metadata__\":{\"family\":\"google\"},\"a\":{\"dtype\":\"F32\",\"shape\":" + a + more + "}}", new byte[data]));
    }

    private void assertStrictBad(Path p, String fragment) {
        ModelException e = assertThrows(ModelException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void offsetsAndShapesAreCheckedAsTheReferenceImplementationDoes() throws Exception {
        assertEquals(1, SafeTensors.read(strict("ok", "[2],\"data_offsets\":[0,8]", "", 8)).tensors().size());
        String b = ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":";
        assertAll(
                // 2^64 + 0 and 2^64 + 8 would wrap to 0 and 8; 2^63 to a negative number
                () -> assertStrictBad(strict("wrap64", "[2],\"data_offsets\":[18446744073709551616,18446744073709551624]", "", 8), "bad data_offsets"),
                () -> assertStrictBad(strict("wrap63", "[2],\"data_offsets\":[0,9223372036854775808]", "", 8), "bad data_offsets"),
                () -> assertStrictBad(strict("fraction", "[2.5],\"data_offsets\":[0,8]", "", 8), "bad shape [2.5]"),
                () -> assertStrictBad(strict("negative", "[-2],\"data_offsets\":[0,8]", "", 8), "bad shape"),
                () -> assertStrictBad(strict("text", "[\"2\"],\"data_offsets\":[0,8]", "", 8), "bad shape"),
                () -> assertStrictBad(strict("overlap", "[2],\"data_offsets\":[0,8]}", b + "[4,12]", 12), "overlaps"),
                () -> assertStrictBad(strict("same", "[2],\"data_offsets\":[0,8]}", b + "[0,8]", 8), "overlaps"),
                () -> assertStrictBad(strict("gap", "[2],\"data_offsets\":[0,8]}", b + "[12,20]", 20), "leaving bytes 8..12 unused"),
                () -> assertStrictBad(strict("start", "[2],\"data_offsets\":[4,12]", "", 12), "leaving bytes 0..4 unused"),
                () -> assertStrictBad(strict("trailing", "[2],\"data_offsets\":[0,8]", "", 9), "1 bytes after the last tensor"),
                () -> assertStrictBad(strict("duplicate", "[2],\"data_offsets\":[0,8]}", ",\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", 8), "not valid JSON"));
    }

    @Test
    void aHugeHeaderLengthIsShownUnsigned() throws Exception {
        byte[] f = new byte[16];
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 63);
        assertStrictBad(file("h63", f), "header length 9223372036854775808 is absurd");
    }
}
