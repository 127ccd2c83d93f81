package org.cellscape.canvas;

import java.util.Locale;

/** How scratch stores hold cell values: float32 (exact), or float16 (half the disk and I/O, rounded at every store). */
public enum Precision {
    FLOAT32(4), FLOAT16(2);

    public final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Precision parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "float32", "f32", "fp32" -> FLOAT32;
            case "float16", "f16", "fp16", "half" -> FLOAT16;
            default -> throw org.cellscape.CellscapeException.invalid("the store must be float32 or float16, got '" + s + "'");
        };
    }
}
