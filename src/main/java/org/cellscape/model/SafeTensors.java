package org.cellscape.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors container: 8-byte little-endian header length N, N bytes of JSON header, then raw
 * little-endian tensor data. Reads F32, F16, BF16, F64 and I64 (converted to float32; I64 for index buffers such as
 * CLIP's position_ids); writes F32.
 * Every structural problem is reported as a one-line {@link ModelException}.
 */
public final class SafeTensors {
    /** Model files are small; anything claiming a larger header is corrupt. */
    static final long MAX_HEADER = 100L << 20;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** A tensor converted to float32, with its shape and original dtype. */
    public record Tensor(String dtype, int[] shape, float[] data) {
        public int size() {
            int n = 1;
            for (int s : shape) n *= s;
            return n;
        }
    }

    /** The tensors (in header order) and the string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    private SafeTensors() {}

    public static Contents read(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 16) throw new ModelException(file, "file is too large for a model (" + size + " bytes)");
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ModelException(file, "no such file");
        } catch (IOException e) {
            throw new ModelException(file, "cannot read: " + e.getMessage(), e);
        }
        return parse(file, bytes);
    }

    /**
     * Parses a whole file's bytes with the checks of the format's reference implementation: the header is one JSON
     * object (UTF-8, no duplicate keys), shapes and offsets are non-negative integers, and the tensors tile the
     * data exactly: sorted by offset, the first starts at 0, each starts where the previous ends, the last ends
     * at the end of the file.
     */
    public static Contents parse(Path file, byte[] bytes) {
        if (bytes.length < 8) throw new ModelException(file, "truncated: " + bytes.length + " bytes, not even a header length");
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // unsigned: a length of 2^63 or more is shown as such, not as a negative number
        if (Long.compareUnsigned(n, MAX_HEADER) > 0 || n < 2)
            throw new ModelException(file, "header length " + Long.toUnsignedString(n) + " is absurd (not a safetensors file?)");
        if (8 + n > bytes.length) throw new ModelException(file, "header length " + n + " is larger than the file (" + bytes.length + " bytes): truncated?");
        if (bytes[8] != '{') throw new ModelException(file, "header does not start with '{' (not a safetensors file?)");
        JsonNode header;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
            header = JSON.readTree(text);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ModelException(file, "header is not valid UTF-8");
        } catch (IOException e) {
            throw new ModelException(file, "header is not valid JSON: " + jsonProblem(e));
        }
        if (header == null || !header.isObject()) throw new ModelException(file, "header is not a JSON object");
        ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) n, bytes.length - 8 - (int) n).slice().order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        List<long[]> spans = new ArrayList<>();
        List<String> spanNames = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (key.equals("__metadata__")) {
                if (!v.isObject()) throw new ModelException(file, "__metadata__ is not an object");
                v.fields().forEachRemaining(m -> {
                    if (!m.getValue().isTextual()) throw new ModelException(file, "metadata '" + m.getKey() + "' is not a string");
                    meta.put(m.getKey(), m.getValue().asText());
                });
                continue;
            }
            if (!v.isObject()) throw new ModelException(file, "tensor '" + key + "' is not an object with dtype, shape and data_offsets");
            JsonNode offs = v.path("data_offsets");
            if (!offs.isArray() || offs.size() != 2) throw new ModelException(file, "tensor '" + key + "' has no data_offsets");
            long begin = whole(file, key, "data_offsets", offs, offs.get(0)), end = whole(file, key, "data_offsets", offs, offs.get(1));
            if (end < begin || end > data.capacity())
                throw new ModelException(file, "tensor '" + key + "' data_offsets " + offs + " lie outside the data (" + data.capacity() + " bytes): truncated?");
            spans.add(new long[]{begin, end, spans.size()});
            spanNames.add(key);
            tensors.put(key, tensor(file, key, v, data, begin, end));
        }
        checkTiling(file, spans, spanNames, data.capacity());
        return new Contents(tensors, meta);
    }

    /** The spans, sorted, must cover [0, size) with no gap and no overlap (the reference implementation's rule). */
    private static void checkTiling(Path file, List<long[]> spans, List<String> names, long size) {
        spans.sort(Comparator.<long[]>comparingLong(s -> s[0]).thenComparingLong(s -> s[1]));
        long at = 0;
        for (long[] s : spans) {
            String name = names.get((int) s[2]);
            if (s[0] < at) throw new ModelException(file, "tensor '" + name + "' overlaps another tensor's data (it starts at " + s[0] + ", before " + at + ")");
            if (s[0] > at) throw new ModelException(file, "tensor '" + name + "' starts at " + s[0] + ", leaving bytes " + at + ".." + s[0] + " unused");
            at = s[1];
        }
        if (at != size) throw new ModelException(file, (size - at) + " bytes after the last tensor's data (a damaged file?)");
    }

    /** A JSON integer that fits a long and is not negative; 96.5, "96" or 2^64+5 are refused, never rounded or wrapped. */
    private static long whole(Path file, String name, String field, JsonNode all, JsonNode v) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0)
            throw new ModelException(file, "tensor '" + name + "' has a bad " + field + " " + all + " (non-negative integers expected)");
        return v.asLong();
    }

    private static Tensor tensor(Path file, String name, JsonNode v, ByteBuffer data, long begin, long end) {
        String dtype = v.path("dtype").asText("");
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            case "F64", "I64" -> 8;
            case "" -> throw new ModelException(file, "tensor '" + name + "' has no dtype");
            default -> throw new ModelException(file, "tensor '" + name + "' has unsupported dtype " + dtype + " (F32, F16, BF16, F64, I64 are read)");
        };
        JsonNode shapeNode = v.path("shape");
        if (!shapeNode.isArray()) throw new ModelException(file, "tensor '" + name + "' has no shape");
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long s = whole(file, name, "shape", shapeNode, shapeNode.get(i));
            if (s > Integer.MAX_VALUE) throw new ModelException(file, "tensor '" + name + "' has a bad shape " + shapeNode);
            shape[i] = (int) s;
            count *= s;
            if (count > Integer.MAX_VALUE / 8) throw new ModelException(file, "tensor '" + name + "' is absurdly large " + shapeNode);
        }
        if (end - begin != count * width)
            throw new ModelException(file, "tensor '" + name + "' has " + (end - begin) + " bytes, its shape " + shapeNode + " and dtype " + dtype + " need " + count * width);
        float[] out = new float[(int) count];
        int p = (int) begin;
        for (int i = 0; i < out.length; i++, p += width) {
            out[i] = switch (dtype) {
                case "F32" -> data.getFloat(p);
                case "F64" -> (float) data.getDouble(p);
                case "I64" -> (float) data.getLong(p);
                case "F16" -> Float.float16ToFloat(data.getShort(p));
                default -> Float.intBitsToFloat((data.getShort(p) & 0xffff) << 16);
            };
            if (!Float.isFinite(out[i])) throw new ModelException(file, "tensor '" + name + "' holds " + out[i] + " at index " + i);
        }
        return new Tensor(dtype, shape, out);
    }

    /** Serialises tensors as F32, header keys sorted, header padded with spaces to a multiple of 8. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = header.putObject("__metadata__");
            new TreeMap<>(metadata).forEach(m::put);
        }
        long offset = 0;
        Map<String, Tensor> sorted = new TreeMap<>(tensors);
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (int s : e.getValue().shape()) shape.add(s);
            long len = 4L * e.getValue().data().length;
            t.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer buf = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) buf.put((byte) ' ');
        for (Tensor t : sorted.values()) for (float f : t.data()) buf.putFloat(f);
        return buf.array();
    }

    /** Jackson's complaint in one line and without its "in null" for a value outside any field. */
    static String jsonProblem(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        m = m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("").replaceFirst(" in null$", "");
        if (e instanceof JsonProcessingException j && j.getLocation() != null)
            m += " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
        return m;
    }
}
