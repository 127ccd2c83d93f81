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
 * Run in a JVM of its own (see {@link OtherVectorWidthsTest}), where flags such as -XX:MaxVectorSize pick another
 * preferred vector species: compares the cpu backend with the reference and prints the vector width used.
 */
public final class SpeciesCheck {
    public static void main(String[] args) {
        List<NcaModel> models = List.of(
                RandomWeights.create(Family.GOOGLE, 12, 96, 0, 1),
                RandomWeights.create(Family.PYTORCH, 16, 128, 0, 2),
                RandomWeights.create(Family.RGBA, 4, 8, 0, 3),
                RandomWeights.create(Family.CELLSCAPE, 5, 37, 2, 4));
        for (NcaModel m : models)
            for (boolean torus : new boolean[]{true, false}) {
                Tile start = torus ? TestStates.noise(29, 11, m.channels(), 0, 0, 29, 11, 5, 1f)
                        : TestStates.noise(29, 11, m.channels(), 7, 3, 40, 40, 5, 1f);
                StepContext ctx = new StepContext(3, 0.5f);
                Tile ref = TestStates.copy(start), cpu = TestStates.copy(start);
                new ReferenceBackend().advance(ref, m, ctx, 0, 0, 3);
                try (CpuBackend b = new CpuBackend(new BackendOptions(2, null))) {
                    b.advance(cpu, m, ctx, 0, 0, 3);
                }
                TestStates.assertSameInterior(ref, cpu, torus ? 0 : 3, m.name() + (torus ? " torus" : " halo"));
            }
        System.out.println("vector bits " + CpuBackend.vectorBits());
    }
}
