package org.cellscape.backend.cpu;

import java.util.List;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.ReferenceBackend;
import org.cellscape.engine.StepContext;
import org.cellscape.engine.Tile;
import org.cellscape.model.Family;
import org.cellscape.model.NcaModel;
import org.cellscape.model.RandomWeights;

/**
 * Every block shape of the cpu backend against the reference, at this JVM's vector width. Run in-process by
 * {@link BlockingTest} and in a JVM of its own by {@link OtherVectorWidthsTest}, where flags such as
 * -XX:MaxVectorSize pick another preferred vector species; prints the width, registers and shape used.
 */
public final class SpeciesCheck {
    /** Returns how many runs matched (throws at the first that does not). */
    static int checkEveryBlocking() {
        List<NcaModel> models = List.of(
                RandomWeights.create(Family.GOOGLE, 12, 96, 0, 1),
                RandomWeights.create(Family.PYTORCH, 16, 128, 0, 2),
                RandomWeights.create(Family.CELLSCAPE, 5, 37, 2, 4)); // padded channels and hidden units, extra inputs
        int runs = 0;
        StepContext ctx = new StepContext(3, 0.7f); // rows of ~43 of 61 cells: full and partial batches and blocks
        for (Blocking blocking : Blocking.all())
            for (NcaModel m : models)
                for (boolean torus : new boolean[]{true, false}) {
                    Tile start = torus ? TestStates.noise(61, 7, m.channels(), 0, 0, 61, 7, 5, 1f)
                            : TestStates.noise(61, 7, m.channels(), 7, 3, 90, 40, 5, 1f);
                    Tile ref = TestStates.copy(start), cpu = TestStates.copy(start);
                    new ReferenceBackend().advance(ref, m, ctx, 0, 0, 3);
                    try (CpuBackend b = new CpuBackend(new BackendOptions(2, null), blocking)) {
                        b.advance(cpu, m, ctx, 0, 0, 3);
                    }
                    TestStates.assertSameInterior(ref, cpu, torus ? 0 : 3, m.name() + (torus ? " torus" : " halo") + " blocking " + blocking);
                    runs++;
                }
        return runs;
    }

    public static void main(String[] args) {
        int runs = checkEveryBlocking();
        String described;
        try (CpuBackend b = new CpuBackend(new BackendOptions(1, null))) {
            described = b.describe();
        }
        System.out.println("vector bits " + CpuBackend.vectorBits() + ", registers " + Blocking.vectorRegisters() + ", "
                + runs + " runs matched; " + described);
    }
}
