package org.cellscape.preset;

/** One key = value with the place it came from. Values are kept as text and typed when the preset is resolved. */
public record Setting(String key, String value, Origin origin) {
    @Override
    public String toString() {
        return key + "=" + value;
    }
}
