package org.cellscape.video;

import java.nio.file.Path;
import org.cellscape.CellscapeException;

/**
 * What makes a film besides its render: the kind, the frame size, the frame rate and count, the zoom's target
 * point (final-image pixels), the output (.mp4 or a frame folder) and its scratch folder.
 *
 * @param scratch the scratch folder, null = OUT.cellscape-scratch beside the output
 */
public record FilmSettings(Kind kind, int width, int height, int fps, int frames, double atX, double atY,
                           Path out, Path scratch, boolean fresh, boolean keepScratch) {
    public enum Kind { GROWTH, ZOOM, CONTROLLED }

    /** Longest film accepted: an hour at 60 fps. */
    public static final int MAX_FRAMES = 216_000;

    public FilmSettings {
        if (kind == null) throw CellscapeException.invalid("say which film: growth, zoom or controlled");
        if (width < 16 || height < 16 || width > 8192 || height > 8192)
            throw CellscapeException.invalid("the frame size must be 16..8192 px a side, got " + width + "x" + height);
        if (fps < 1 || fps > 120) throw CellscapeException.invalid("the frame rate must be 1..120 fps, got " + fps);
        if (frames < 1 || frames > MAX_FRAMES) throw CellscapeException.invalid("the frame count must be 1.." + MAX_FRAMES + ", got " + frames);
        if (out == null) throw CellscapeException.invalid("no output given");
    }

    /** The scratch folder: frames, level colours and the state checkpoint of an unfinished film. */
    public Path scratchDir() {
        Path root = scratch != null ? scratch : out.toAbsolutePath().getParent();
        return root.resolve(out.getFileName() + ".cellscape-scratch");
    }

    /** The settings that change frames, in words (a resumed film must match them). */
    String key() {
        return "film " + kind + " " + width + "x" + height + " frames " + frames + (kind == Kind.ZOOM ? " at " + atX + "," + atY : "");
    }
}
