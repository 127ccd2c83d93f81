package org.cellscape.train;

/**
 * The trainer's checks at this JVM's vector width: forward bit for bit with the reference and backward against the
 * float64 twin, for every block shape. Run in a JVM of its own by {@link TrainVectorWidthsTest}.
 */
public final class TrainSpeciesCheck {
    public static void main(String[] args) {
        FastNcaTest t = new FastNcaTest();
        for (String blocking : new String[]{"8x2", "4x3"}) {
            t.forwardIsTheReferenceStepBitForBit(blocking);
            t.forwardWithControlsIsTheReferenceStepBitForBit(blocking);
            FastNcaTest.backwardMatchesDoubleTwin(blocking, 0);
            FastNcaTest.backwardMatchesDoubleTwin(blocking, 2);
        }
        System.out.println("vector bits " + FastNca.L * Float.SIZE + ", trainer checks passed");
    }
}
