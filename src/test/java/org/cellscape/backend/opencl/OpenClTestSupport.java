package org.cellscape.backend.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.cellscape.backend.BackendUnavailableException;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.NcaModel;
import org.junit.jupiter.api.Assumptions;

/** Shared by the OpenCL tests: the device (or a skip with the reason), comparisons that say where they differ. */
final class OpenClTestSupport {
    private OpenClTestSupport() {}

    /** The default device, or the test is reported SKIPPED with why OpenCL is unavailable here. */
    static ClDevice deviceOrSkip() {
        try {
            List<ClDevice> d = OpenClBackendProvider.devices();
            return ClDevice.select(d, null);
        } catch (BackendUnavailableException e) {
            Assumptions.abort("no OpenCL device on this machine: " + e.getMessage());
            return null;
        }
    }

    static Tile copy(Tile t) {
        return new Tile(t.width(), t.height(), t.channels(), t.originX(), t.originY(), t.canvasWidth(), t.canvasHeight(), t.data().clone());
    }

    /** Runs the reference on a copy of {@code start}. */
    static Tile reference(Tile start, NcaModel m, StepContext ctx, int level, int firstStep, int steps) {
        Tile t = copy(start);
        new ReferenceBackend().advance(t, m, ctx, level, firstStep, steps);
        return t;
    }

    /** Bit-exact equality (NaNs of any payload count as equal), naming the first differing cell. */
    static void assertSameBits(Tile expected, Tile actual, String what) {
        float[] e = expected.data(), a = actual.data();
        if (e.length != a.length) fail(what + ": sizes differ");
        int diffs = 0, first = -1;
        for (int i = 0; i < e.length; i++)
            if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
                if (first < 0) first = i;
                diffs++;
            }
        if (diffs > 0) {
            int C = expected.channels(), cell = first / C;
            fail(what + ": " + diffs + " of " + e.length + " values differ; first at x=" + cell % expected.width() + " y="
                    + cell / expected.width() + " c=" + first % C + ": expected " + e[first] + " got " + a[first]);
        }
    }
}
