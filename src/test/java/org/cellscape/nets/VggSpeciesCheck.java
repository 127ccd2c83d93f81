package org.cellscape.nets;

import java.util.Arrays;

/**
 * A fingerprint of both style losses and their input gradients on a narrow random net, at this JVM's vector width:
 * it must not depend on the width or on the JIT. Run in JVMs of their own by {@link VggVectorWidthsTest}.
 */
public final class VggSpeciesCheck {
    public static void main(String[] args) {
        System.out.println("vector bits " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() + ", fingerprint " + fingerprint());
    }

    static String fingerprint() {
        Vgg16 net = Vgg16.random(4, 31);
        int w = 37, h = 21, ew = 26, eh = 23; // odd widths: every tail path
        double[] ex = VggStyleTest.image(32, 3 * ew * eh), img = VggStyleTest.image(33, 3 * w * h);
        StringBuilder sb = new StringBuilder();
        for (VggStyle.Kind kind : VggStyle.Kind.values()) {
            double[] g = new double[img.length];
            double l = new VggStyle(net, kind, 8, ex, ew, eh).loss(img, w, h, 7, g, 1);
            sb.append(Long.toHexString(Double.doubleToLongBits(l))).append(' ').append(Integer.toHexString(Arrays.hashCode(g))).append(' ');
        }
        return sb.toString().strip();
    }
}
