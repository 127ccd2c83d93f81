package org.cellscape.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An IFD under construction. Entries must be added in ascending tag order (the TIFF spec requires sorted
 * entries). Values that fit the entry's value field (4 bytes classic, 8 BigTIFF) are stored inline, the
 * rest after the entry table.
 */
final class TiffIfd {
    private static final int SHORT = 3, LONG = 4, RATIONAL = 5, ASCII = 2, UNDEFINED = 7, LONG8 = 16;
    private record Entry(int tag, int type, long count, byte[] value) {}

    private final boolean big;
    private final List<Entry> entries = new ArrayList<>();

    TiffIfd(boolean big) {
        this.big = big;
    }

    void shorts(int tag, int... values) {
        ByteBuffer b = le(values.length * 2);
        for (int v : values) b.putShort((short) v);
        add(tag, SHORT, values.length, b);
    }

    void longs(int tag, long value) {
        add(tag, LONG, 1, le(4).putInt((int) value));
    }

    void rational(int tag, long num, long den) {
        add(tag, RATIONAL, 1, le(8).putInt((int) num).putInt((int) den));
    }

    void ascii(int tag, String s) {
        byte[] text = (s + "\0").getBytes(StandardCharsets.US_ASCII);
        add(tag, ASCII, text.length, ByteBuffer.wrap(text).position(text.length));
    }

    void undefined(int tag, byte[] bytes) {
        add(tag, UNDEFINED, bytes.length, ByteBuffer.wrap(bytes.clone()).position(bytes.length));
    }

    /** Tile offsets or byte counts: LONG in classic TIFF, LONG8 in BigTIFF. */
    void offsets(int tag, long[] values) {
        ByteBuffer b = le(values.length * (big ? 8 : 4));
        for (long v : values) {
            if (big) b.putLong(v);
            else b.putInt((int) v);
        }
        add(tag, big ? LONG8 : LONG, values.length, b);
    }

    private void add(int tag, int type, long count, ByteBuffer filled) {
        if (!entries.isEmpty() && entries.getLast().tag >= tag) throw new IllegalStateException("IFD tags out of order");
        entries.add(new Entry(tag, type, count, filled.array()));
    }

    /** The IFD as it sits at {@code at}, pointing on to the IFD at {@code next} (0: the last). */
    ByteBuffer serialize(long at, long next) {
        int inline = big ? 8 : 4;
        int entrySize = big ? 20 : 12;
        int tableSize = (big ? 8 : 2) + entries.size() * entrySize + (big ? 8 : 4);
        long extra = 0;
        for (Entry e : entries) if (e.value.length > inline) extra += e.value.length + (e.value.length & 1);
        ByteBuffer out = le(Math.toIntExact(tableSize + extra));
        if (big) out.putLong(entries.size());
        else out.putShort((short) entries.size());
        long valueAt = at + tableSize;
        int valuePos = tableSize;
        for (Entry e : entries) {
            out.putShort((short) e.tag).putShort((short) e.type);
            if (big) out.putLong(e.count);
            else out.putInt((int) e.count);
            if (e.value.length <= inline) {
                out.put(e.value);
                for (int i = e.value.length; i < inline; i++) out.put((byte) 0);
            } else {
                if (big) out.putLong(valueAt);
                else out.putInt((int) valueAt);
                out.put(valuePos, e.value);
                int padded = e.value.length + (e.value.length & 1); // keep values word-aligned
                valueAt += padded;
                valuePos += padded;
            }
        }
        if (big) out.putLong(next);
        else out.putInt((int) next);
        out.position(0).limit(out.capacity());
        return out;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
