package org.cellscape.tune;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cellscape.engine.Tile;

/**
 * Level states kept for reuse, keyed by everything that determines them (model hash, seed, fire rate, the schedule
 * up to that level, and for regions the rectangle). Least recently used entries go first once over the byte budget.
 * Tiles are copied in and out: backends write into the tiles they are given.
 */
final class LevelCache {
    private final long maxBytes;
    private final LinkedHashMap<String, Tile> map = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private int hits, misses;

    LevelCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    Tile get(String key) {
        Tile t = map.get(key);
        if (t == null) {
            misses++;
            return null;
        }
        hits++;
        return copy(t);
    }

    void put(String key, Tile t) {
        long b = 4L * t.data().length;
        if (b > maxBytes) return;
        Tile old = map.put(key, copy(t));
        if (old != null) bytes -= 4L * old.data().length;
        bytes += b;
        for (Iterator<Map.Entry<String, Tile>> it = map.entrySet().iterator(); bytes > maxBytes && it.hasNext(); ) {
            bytes -= 4L * it.next().getValue().data().length;
            it.remove();
        }
    }

    int hits() { return hits; }
    int misses() { return misses; }

    private static Tile copy(Tile t) {
        return new Tile(t.width(), t.height(), t.channels(), t.originX(), t.originY(), t.canvasWidth(), t.canvasHeight(), t.data().clone());
    }
}
