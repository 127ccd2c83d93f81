import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import org.cellscape.nets.ClipConfig;
import org.cellscape.nets.ClipModel;
import org.cellscape.nets.ClipVision;
import org.cellscape.nets.RandomClip;
import org.cellscape.train.ClipLoss;

/**
 * The CLIP part of one CLIP-guided training iteration at the real shapes (ViT-B/32, random weights made here):
 * BATCH samples in parallel, as the trainer computes them, each with CROPS crops through the vision tower forward
 * and back (train.ClipLoss). Prints seconds per iteration: the vision tower's forward alone, and the whole loss
 * (forward, input gradient, resizes), with the backward as their difference.
 *
 *   java --add-modules jdk.incubator.vector -cp target/cellscape.jar bench/ClipSpeed.java [BATCH CROPS SIZE ROUNDS]
 */
public class ClipSpeed {
    public static void main(String[] args) throws Exception {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 4, crops = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 64, rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        ClipConfig cfg = ClipConfig.vitB32();
        long t0 = System.nanoTime();
        ClipVision vision = ClipModel.of(cfg, null, RandomClip.tensors(cfg, 1, false), "random", true).vision();
        System.out.printf(Locale.ROOT, "ViT-B/32 vision tower, random weights, built in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        SplittableRandom rnd = new SplittableRandom(2);
        double[] text = new double[cfg.projection()];
        for (int i = 0; i < text.length; i++) text[i] = rnd.nextGaussian();
        ClipLoss loss = new ClipLoss(vision, text, crops, 1);
        double[][] imgs = new double[batch][3 * size * size];
        for (double[] img : imgs) for (int i = 0; i < img.length; i++) img[i] = rnd.nextDouble();
        int s = cfg.imageSize();
        double[][] px = new double[batch * crops][3 * s * s];
        for (double[] p : px) for (int i = 0; i < p.length; i++) p[i] = rnd.nextGaussian();
        double fwd = 0, whole = 0;
        for (int r = -1; r < rounds; r++) { // round -1 warms the JIT up
            long a = System.nanoTime();
            IntStream.range(0, batch).parallel().forEach(b -> {
                for (int c = 0; c < crops; c++) vision.forward(px[b * crops + c], null);
            });
            long b0 = System.nanoTime();
            final int key = r;
            IntStream.range(0, batch).parallel().forEach(b -> loss.lossAndGradient(imgs[b], size, size, key * 100L + b, new double[imgs[b].length]));
            long e = System.nanoTime();
            if (r >= 0) {
                fwd += (b0 - a) / 1e9;
                whole += (e - b0) / 1e9;
            }
        }
        fwd /= rounds;
        whole /= rounds;
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst().orElse(": ?").split(": ", 2)[1];
        System.out.printf(Locale.ROOT, "---- clip-speed: batch %d x %d crops of %dx%d samples, %d rounds, on %d cores (%s), %d-bit double vectors, load %s%n",
                batch, crops, size, size, rounds, Runtime.getRuntime().availableProcessors(), cpu, DoubleVector.SPECIES_PREFERRED.vectorBitSize(),
                String.join(" ", java.util.Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3)));
        System.out.printf(Locale.ROOT, "  network forward (%d crops)           %.2f s/iteration%n", batch * crops, fwd);
        System.out.printf(Locale.ROOT, "  network backward (input gradient)    %.2f s/iteration (whole loss less forward)%n", whole - fwd);
        System.out.printf(Locale.ROOT, "  whole CLIP loss and gradient         %.2f s/iteration%n", whole);
    }
}
