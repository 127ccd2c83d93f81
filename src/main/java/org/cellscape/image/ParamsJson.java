package org.cellscape.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.TreeMap;

/**
 * Render parameters as JSON text. Keys are sorted so the same parameters always give the same bytes (the
 * writers promise byte-identical files, and {@link ImageSpec} keeps an unordered map).
 */
final class ParamsJson {
    private static final JsonMapper PLAIN = JsonMapper.builder().build();
    /** TIFF ASCII fields must be 7-bit; \\uXXXX escapes keep non-ASCII values intact in valid JSON. */
    private static final JsonMapper ASCII = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private ParamsJson() {}

    static String compact(Map<String, String> params, boolean asciiOnly) {
        return write(asciiOnly ? ASCII : PLAIN, params, false);
    }

    static String pretty(Map<String, String> params) {
        return write(PLAIN, params, true);
    }

    private static String write(JsonMapper mapper, Map<String, String> params, boolean pretty) {
        try {
            var sorted = new TreeMap<>(params);
            return pretty ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(sorted) + "\n"
                    : mapper.writeValueAsString(sorted);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise parameters", e); // a string map always serialises
        }
    }
}
