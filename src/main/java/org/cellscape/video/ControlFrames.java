package org.cellscape.video;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.cellscape.engine.ControlMap;
import org.cellscape.engine.ControlSpec;
import org.cellscape.image.ImageReaders;
import org.cellscape.image.RgbImage;
import org.cellscape.image.video.FrameSource;

/**
 * The control videos of a controlled film, read one frame at a time: the same two forms as a render's control map
 * (NAME=VIDEO weight videos with the rest to the default rule, or one colour-map VIDEO with a legend), each
 * {@link #next} giving the control map of the next frame. Every source must have the same number of frames.
 */
public final class ControlFrames implements AutoCloseable {
    private final ControlSpec spec;
    private final List<String> rules;
    private final List<String> names = new ArrayList<>();
    private final List<FrameSource> sources = new ArrayList<>();
    private final int frames;
    private final double fps;

    private ControlFrames(ControlSpec spec, List<String> rules, Path modelFile) {
        this.spec = spec;
        this.rules = rules;
        try {
            openAll(modelFile);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        frames = sources.get(0).frameCount();
        fps = sources.get(0).fps();
    }

    private void openAll(Path modelFile) {
        if (rules.isEmpty())
            throw CellscapeException.badInput(modelFile + ": the model has no rules (no control inputs), so it cannot take a control video");
        String def = spec.defaultRule() != null ? spec.defaultRule() : rules.get(0);
        checkRule(def, modelFile);
        if (spec.map() != null) {
            for (ControlSpec.LegendEntry e : spec.legend()) checkRule(e.rule(), modelFile);
            open(null, spec.map());
        } else {
            for (var e : spec.weights().entrySet()) {
                checkRule(e.getKey(), modelFile);
                open(e.getKey(), e.getValue());
            }
        }
        FrameSource first = sources.get(0);
        for (int i = 1; i < sources.size(); i++)
            if (sources.get(i).frameCount() != first.frameCount())
                throw CellscapeException.badInput(path(i) + " has " + sources.get(i).frameCount() + " frames but " + path(0) + " has "
                        + first.frameCount() + ": control videos must be equally long");
    }

    /** Opens the control videos of {@code spec}, checked against the model's rules (one-line errors, exit 3). */
    public static ControlFrames open(ControlSpec spec, List<String> rules, Path modelFile) {
        return new ControlFrames(spec, rules, modelFile);
    }

    private void open(String name, Path file) {
        names.add(name);
        sources.add(FrameSource.open(file));
    }

    private Path path(int i) {
        return names.get(i) == null ? spec.map() : spec.weights().get(names.get(i));
    }

    private void checkRule(String name, Path modelFile) {
        if (!rules.contains(name))
            throw CellscapeException.badInput(modelFile + ": the model has no rule '" + name + "' (its rules: " + String.join(", ", rules) + ")");
    }

    public int frameCount() {
        return frames;
    }

    public double fps() {
        return fps;
    }

    /** Skips {@code n} frames (a resumed film's, already stepped through). */
    void skip(int n) {
        for (int i = 0; i < n; i++) for (FrameSource s : sources) next(s);
    }

    /** The control map of the next frame. */
    ControlMap next() {
        if (spec.map() != null) return ControlMap.legend(frame(0), spec.legend(), rules);
        Map<String, RgbImage> images = new LinkedHashMap<>();
        for (int i = 0; i < sources.size(); i++) images.put(names.get(i), frame(i));
        return ControlMap.weights(images, spec.defaultRule(), rules);
    }

    /** Source i's next frame as the 0..1 image a control map reads from a file (the same conversion). */
    private RgbImage frame(int i) {
        return ImageReaders.rgb(next(sources.get(i)), path(i).toString()).image();
    }

    private BufferedImage next(FrameSource s) {
        BufferedImage img = s.next();
        if (img == null) throw new IllegalStateException("control video ended before its " + frames + " frames");
        return img;
    }

    /** What the frames are made of, for the scratch folder's key: the form, names and files. */
    String identity() {
        StringBuilder b = new StringBuilder(spec.map() != null ? "legend " + spec.legend() : "weights rest=" + spec.defaultRule());
        for (int i = 0; i < sources.size(); i++)
            b.append(' ').append(names.get(i) == null ? "map" : names.get(i)).append('=').append(path(i).toAbsolutePath())
                    .append(" (").append(sources.get(i).frameCount()).append(" frames ").append(sources.get(i).width()).append('x')
                    .append(sources.get(i).height()).append(' ').append(stamp(path(i))).append(')');
        return b.toString();
    }

    /** Size and modification time of a video file or frame folder: a changed input does not resume an old film. */
    private static String stamp(Path p) {
        try (var files = java.nio.file.Files.isDirectory(p) ? java.nio.file.Files.list(p) : java.util.stream.Stream.of(p)) {
            long[] sum = new long[2];
            files.forEach(f -> {
                try {
                    sum[0] += java.nio.file.Files.size(f);
                    sum[1] = Math.max(sum[1], java.nio.file.Files.getLastModifiedTime(f).toMillis());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            return sum[0] + " bytes, modified " + sum[1];
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw CellscapeException.badInput("cannot read " + p + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        for (FrameSource s : sources) s.close();
    }
}
