package org.cellscape.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cellscape.train.exemplars.Exemplars;
import org.junit.jupiter.api.Test;

/** The loss's target computed on a pool is the serial one's bits, and leaves the random stream where the serial one does. */
class PatchLossTargetTest {
    @Test
    void aTargetOnThePoolIsTheSerialOne() throws Exception {
        Exemplar ex = Exemplars.generate("spots", 96, 1);
        PatchLoss loss = new PatchLoss(new PatchLoss.Config(3, 5, 16, 1.0, 700), ex.rgb(), ex.width(), ex.height());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (long seed = 1; seed <= 3; seed++) {
                SplittableRandom a = new SplittableRandom(seed), b = new SplittableRandom(seed);
                PatchLoss.Target serial = loss.target(a), parallel = loss.target(b, pool);
                assertEquals(serial.proj.length, parallel.proj.length);
                for (int t = 0; t < serial.proj.length; t++) {
                    assertArrayEquals(serial.proj[t], parallel.proj[t], "projections of term " + t);
                    for (int k = 0; k < serial.sorted[t].length; k++) assertArrayEquals(serial.sorted[t][k], parallel.sorted[t][k], "term " + t + " projection " + k);
                }
                assertEquals(a.nextLong(), b.nextLong(), "the random stream goes on from the same place");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
