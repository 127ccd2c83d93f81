package org.cellscape.image.video;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import org.cellscape.CellscapeException;

/**
 * Where a film's frames go, in order: an MP4 file or a folder of numbered PNGs. Both are written under a partial
 * name (NAME.partial) and renamed by {@link #finish}; {@link #close} without finish removes the partial output.
 */
public interface FrameSink extends AutoCloseable {
    void write(BufferedImage frame);

    /** Completes the output and gives it its final name. */
    void finish();

    @Override
    void close();

    /** True when {@code out} names an MP4 file (by its extension); otherwise it is a frame folder. */
    static boolean isMp4(Path out) {
        return out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mp4");
    }

    /** Refuses (exit 2) an output name that is neither .mp4 nor a folder name, or (exit 2) an odd MP4 frame size. */
    static void check(Path out, int width, int height) {
        String n = out.getFileName().toString();
        if (!isMp4(out) && n.contains(".") && !n.startsWith("."))
            throw CellscapeException.invalid("output " + out + ": give a .mp4 file or a folder name for PNG frames");
        if (isMp4(out) && (width % 2 != 0 || height % 2 != 0))
            throw CellscapeException.invalid("output " + out + ": MP4 (H.264, 4:2:0) needs an even frame size, got " + width + "x" + height);
    }

    /** Refuses (exit 4) a frame folder that exists and is not empty, or is a file. */
    static void checkFolder(Path dir) {
        FolderSink.refuseNonEmpty(dir);
        org.cellscape.image.WritableFile.checkFolder(dir, "frame folder");
    }

    /** Opens the sink for {@code out}: an MP4 at {@code fps}, or a frame folder. */
    static FrameSink open(Path out, int width, int height, int fps) {
        check(out, width, height);
        return isMp4(out) ? new Mp4Sink(out, width, height, fps) : new FolderSink(out, width, height);
    }
}
