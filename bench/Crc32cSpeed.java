import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C throughput over a 64 MiB direct buffer (as the scratch checks see mapped files), best of 20 passes. */
public class Crc32cSpeed {
    public static void main(String[] args) {
        ByteBuffer b = ByteBuffer.allocateDirect(64 << 20);
        for (int i = 0; i < b.capacity(); i++) b.put(i, (byte) (i * 31));
        long best = Long.MAX_VALUE, sink = 0;
        for (int r = 0; r < 20; r++) {
            CRC32C c = new CRC32C();
            long t0 = System.nanoTime();
            c.update(b.duplicate());
            best = Math.min(best, System.nanoTime() - t0);
            sink += c.getValue();
        }
        System.out.printf("CRC32C: %.1f GB/s (64 MiB in %.2f ms; %d)%n", b.capacity() / (double) best, best / 1e6, sink & 1);
    }
}
