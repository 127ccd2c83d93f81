package org.cellscape.image.video;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.cellscape.CellscapeException;
import org.jcodec.api.awt.AWTSequenceEncoder;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Rational;

/** An H.264 MP4 encoded in-process by JCodec into NAME.partial, renamed when finished. */
final class Mp4Sink implements FrameSink {
    private final Path target, partial;
    private final int width, height;
    private final SeekableByteChannel channel;
    private final AWTSequenceEncoder encoder;
    private boolean finished;

    Mp4Sink(Path target, int width, int height, int fps) {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        this.width = width;
        this.height = height;
        try {
            Files.deleteIfExists(partial);
            channel = NIOUtils.writableChannel(partial.toFile());
            encoder = new AWTSequenceEncoder(channel, Rational.R(fps, 1));
        } catch (IOException e) {
            throw CellscapeException.io("cannot create " + partial + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(BufferedImage frame) {
        if (frame.getWidth() != width || frame.getHeight() != height)
            throw new IllegalArgumentException("frame is " + frame.getWidth() + "x" + frame.getHeight() + ", the film " + width + "x" + height);
        try {
            encoder.encodeImage(frame);
        } catch (IOException e) {
            throw CellscapeException.io("writing " + partial + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void finish() {
        try {
            encoder.finish();
            channel.close();
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CellscapeException.io("writing " + target + " failed: " + e.getMessage(), e);
        }
        finished = true;
    }

    @Override
    public void close() {
        if (finished) return;
        NIOUtils.closeQuietly(channel);
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // the failure that brought us here is the one to report
        }
    }
}
