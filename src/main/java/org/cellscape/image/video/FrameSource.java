package org.cellscape.image.video;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cellscape.CellscapeException;

/**
 * Frames read one at a time from an MP4 (H.264) file or a folder of numbered PNG frames ({@code 000001.png},
 * ...). Opening checks what can be checked up front (the file decodes, the folder is not empty, every frame has
 * one size); a frame that fails later is a one-line error naming its file (exit 3).
 */
public interface FrameSource extends AutoCloseable {
    int frameCount();

    int width();

    int height();

    /** Frames per second: the video's, or {@link FolderSource#DEFAULT_FPS} for a folder. */
    double fps();

    /** The next frame as 8-bit RGB ({@code TYPE_INT_RGB}, {@link #width()} x {@link #height()}); null after the last. */
    BufferedImage next();

    @Override
    void close();

    /** A folder of frames, or a video file (MP4). */
    static FrameSource open(Path path) {
        if (Files.isDirectory(path)) return FolderSource.open(path);
        if (!Files.isRegularFile(path)) throw CellscapeException.badInput("cannot read video " + path + ": no such file or folder");
        return Mp4Source.open(path);
    }
}
