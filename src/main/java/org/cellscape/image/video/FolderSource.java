package org.cellscape.image.video;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cellscape.CellscapeException;
import org.cellscape.image.ImageReaders;

/** A folder of numbered frames ({@code 000001.png}, ... in name order; PNG or JPEG); every frame must have the first one's size. */
public final class FolderSource implements FrameSource {
    /** The frame rate assumed for a folder, which carries none. */
    public static final double DEFAULT_FPS = 25;
    private static final Pattern FRAME = Pattern.compile("\\d+\\.(png|jpe?g)");
    /** Largest frame accepted (a 16K frame); larger files are refused before their pixels are read. */
    static final long MAX_FRAME_PIXELS = 16384L * 16384;

    private final List<Path> files;
    private final int width, height;
    private int next;

    private FolderSource(List<Path> files, int width, int height) {
        this.files = files;
        this.width = width;
        this.height = height;
    }

    /** The file name of frame {@code index} (0-based): 000001.png, ... */
    public static String name(int index) {
        return String.format(Locale.ROOT, "%06d.png", index + 1);
    }

    static FolderSource open(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> FRAME.matcher(p.getFileName().toString().toLowerCase(Locale.ROOT)).matches()).sorted().toList();
        } catch (IOException e) {
            throw CellscapeException.badInput("cannot read frame folder " + dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) throw CellscapeException.badInput("frame folder " + dir + " holds no frames (000001.png, ...)");
        BufferedImage first = ImageReaders.decode(files.getFirst(), MAX_FRAME_PIXELS);
        return new FolderSource(files, first.getWidth(), first.getHeight());
    }

    @Override public int frameCount() { return files.size(); }
    @Override public int width() { return width; }
    @Override public int height() { return height; }
    @Override public double fps() { return DEFAULT_FPS; }

    @Override
    public BufferedImage next() {
        if (next >= files.size()) return null;
        Path f = files.get(next++);
        BufferedImage img = ImageReaders.decode(f, MAX_FRAME_PIXELS);
        if (img.getWidth() != width || img.getHeight() != height)
            throw CellscapeException.badInput("frame " + f + " is " + img.getWidth() + "x" + img.getHeight() + ", the first frame "
                    + width + "x" + height + ": all frames must have one size");
        return Mp4Source.rgb(img);
    }

    @Override
    public void close() { }
}
