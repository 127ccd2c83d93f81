package org.cellscape.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every level of the streaming reduction is exactly the 2^k box mean rounded half up, computed here by integer
 * arithmetic on the whole image: (2 sum + n) / (2 n), edges and odd sizes included, rows in any banding.
 */
class BoxReducerTest {
    @Test
    void everyLevelIsTheExactlyRoundedBoxMean() throws Exception {
        for (int[] wh : new int[][] {{64, 64}, {37, 23}, {129, 5}, {1, 17}, {300, 1}}) {
            int w = wh[0], h = wh[1];
            short[] data = TestImages.mixed(w, h, w * 31L + h);
            for (int i = 0; i < 12; i++) data[i * 7 % data.length] = (short) 0xFFFF; // the top of the range
            int levels = BoxReducer.levelsUntil(w, h, 1);
            List<List<short[]>> rows = new ArrayList<>();
            for (int k = 0; k <= levels; k++) rows.add(new ArrayList<>());
            BoxReducer r = new BoxReducer(w, h, levels, (k, row, y) -> {
                assertEquals(rows.get(k).size(), y, "level " + k + " rows in order");
                rows.get(k).add(row.clone());
            });
            for (int y = 0; y < h; y++) r.push(data, y * w * 3, y);
            for (int k = 1; k <= levels; k++) {
                int s = 1 << k, rw = (w + s - 1) / s, rh = (h + s - 1) / s;
                assertEquals(rh, rows.get(k).size(), w + "x" + h + " level " + k);
                for (int y = 0; y < rh; y++) {
                    short[] want = new short[rw * 3];
                    for (int x = 0; x < rw; x++)
                        for (int c = 0; c < 3; c++) {
                            long sum = 0, n = 0;
                            for (int yy = y * s; yy < Math.min(h, (y + 1) * s); yy++)
                                for (int xx = x * s; xx < Math.min(w, (x + 1) * s); xx++, n++) sum += data[(yy * w + xx) * 3 + c] & 0xFFFF;
                            want[x * 3 + c] = (short) ((2 * sum + n) / (2 * n));
                        }
                    assertArrayEquals(want, rows.get(k).get(y), w + "x" + h + " level " + k + " row " + y);
                }
            }
        }
    }
}
