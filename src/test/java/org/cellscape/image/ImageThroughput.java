package org.cellscape.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Prints encoder throughput (not a test: no timing is ever asserted). Usage:
 * {@code java -cp target/classes:target/test-classes:DEPS org.cellscape.image.ImageThroughput [width height [threads]]}
 */
public final class ImageThroughput {
    public static void main(String[] args) throws Exception {
        int w = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        int band = 64;
        // a render-like band: smooth colour with fine noise, reused for every band (content barely matters for speed)
        short[] rows = new short[band * w * 3];
        var rnd = new java.util.Random(1);
        for (int y = 0; y < band; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    rows[(y * w + x) * 3 + c] = (short) (20000 + 15000 * Math.sin(x * 0.003 * (c + 1) + y * 0.01) + rnd.nextInt(200));
        Path dirPath = Files.createTempDirectory("cellscape-throughput");
        double rawMb = (double) w * h * 6 / 1e6;
        for (String name : new String[] {"t.tif", "t.png"}) {
            for (int bits : new int[] {16, 8}) {
                Path out = dirPath.resolve(name);
                long t0 = System.nanoTime();
                try (RasterSink sink = ImageWriters.open(out, new ImageSpec(w, h, bits, Map.of(), 300),
                        WriterOptions.defaults().withThreads(threads))) {
                    for (int y = 0; y < h; y += band) sink.writeRows(rows, Math.min(band, h - y));
                    sink.finish();
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%s %2d-bit %dx%d, %d threads: %.2f s, %.0f MB/s of 16-bit input, %.1f Mpx/s, file %.1f MB%n",
                        name.substring(2), bits, w, h, threads, s, rawMb / s, (double) w * h / 1e6 / s, Files.size(out) / 1e6);
                Files.delete(out);
            }
        }
        Files.delete(dirPath);
    }
}
