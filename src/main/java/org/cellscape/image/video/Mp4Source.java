package org.cellscape.image.video;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.AWTUtil;

/** An MP4 (H.264) video decoded in-process by JCodec, one frame at a time. */
final class Mp4Source implements FrameSource {
    private final Path file;
    private final SeekableByteChannel channel;
    private final FrameGrab grab;
    private final int frames, width, height;
    private final double fps;
    private int read;

    private Mp4Source(Path file, SeekableByteChannel channel, FrameGrab grab, int frames, int width, int height, double fps) {
        this.file = file;
        this.channel = channel;
        this.grab = grab;
        this.frames = frames;
        this.width = width;
        this.height = height;
        this.fps = fps;
    }

    static Mp4Source open(Path file) {
        SeekableByteChannel ch = null;
        try {
            ch = NIOUtils.readableChannel(file.toFile());
            FrameGrab g = FrameGrab.createFrameGrab(ch);
            DemuxerTrackMeta meta = g.getVideoTrack().getMeta();
            int n = meta.getTotalFrames();
            var size = meta.getVideoCodecMeta() == null ? null : meta.getVideoCodecMeta().getSize();
            if (n <= 0 || size == null || size.getWidth() <= 0 || size.getHeight() <= 0)
                throw new IOException("no video frames");
            double fps = meta.getTotalDuration() > 0 ? n / meta.getTotalDuration() : FolderSource.DEFAULT_FPS;
            return new Mp4Source(file, ch, g, n, size.getWidth(), size.getHeight(), fps);
        } catch (IOException | JCodecException | RuntimeException e) {
            NIOUtils.closeQuietly(ch);
            throw cannotDecode(file, e);
        }
    }

    @Override public int frameCount() { return frames; }
    @Override public int width() { return width; }
    @Override public int height() { return height; }
    @Override public double fps() { return fps; }

    @Override
    public BufferedImage next() {
        if (read >= frames) return null;
        Picture p;
        try {
            p = grab.getNativeFrame();
        } catch (IOException | RuntimeException e) {
            throw cannotDecode(file, e);
        }
        if (p == null) throw CellscapeException.badInput("cannot decode video " + file + ": it ends after " + read + " of " + frames + " frames");
        read++;
        return rgb(AWTUtil.toBufferedImage(p));
    }

    @Override
    public void close() {
        NIOUtils.closeQuietly(channel);
    }

    /** {@code img} as TYPE_INT_RGB (decoders hand out 3-byte BGR or palette images). */
    static BufferedImage rgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) return img;
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(img, 0, 0, null);
        return out;
    }

    private static CellscapeException cannotDecode(Path file, Throwable e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return CellscapeException.badInput("cannot decode video " + file + " (MP4 with H.264 expected): " + m);
    }
}
