package org.cellscape.video;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.cellscape.engine.Backend;
import org.cellscape.image.WritableFile;
import org.cellscape.image.video.FrameSink;
import org.cellscape.image.video.FrameSource;
import org.cellscape.render.RenderJob;

/**
 * The one way to make a film from a resolved render job: frames are made into the scratch folder (resumable: a
 * rerun keeps the frames, level colours and state checkpoint already there), then encoded in order into the output
 * (an MP4 or a frame folder, written under a partial name), then the scratch folder goes.
 */
public final class Film {
    /** What a finished film wrote. */
    public record Result(Path out, int frames, int framesKept, double seconds) {}

    /** One kind of film: what its walk still has to do, and making the frames missing from the scratch folder. */
    interface Maker {
        long walkUpdates(FilmScratch s);

        void make(FilmScratch s, Backend backend, FilmListener listener);

        /** What besides the render and the film settings its frames depend on, for the scratch folder's key. */
        default String key() {
            return "";
        }
    }

    private Film() {}

    /** Refuses, before any work, an output that cannot be written (exit 2 for its name, 4 for its folder). */
    public static void checkOutput(FilmSettings f) {
        FrameSink.check(f.out(), f.width(), f.height());
        if (FrameSink.isMp4(f.out())) WritableFile.check(f.out(), "video");
        else FrameSink.checkFolder(f.out());
        WritableFile.checkFolder(f.scratchDir(), "scratch folder");
    }

    /** A growth or zoom film of the job's render. */
    public static Result run(RenderJob job, FilmSettings f, Backend backend, FilmListener listener) {
        if (f.kind() == FilmSettings.Kind.CONTROLLED) throw new IllegalArgumentException("a controlled film needs its control frames");
        return run(job, f, f.kind() == FilmSettings.Kind.GROWTH ? new GrowthFilm(job, f) : new ZoomFilm(job, f), backend, listener);
    }

    /**
     * A controlled film: {@code job} is one level of the frame's size (its seed steps the warm-up); each frame runs
     * {@code stepsPerFrame} steps with the next control frame's map.
     */
    public static Result run(RenderJob job, FilmSettings f, ControlFrames controls, int stepsPerFrame, Backend backend, FilmListener listener) {
        if (f.kind() != FilmSettings.Kind.CONTROLLED) throw new IllegalArgumentException("control frames make a controlled film");
        return run(job, f, new ControlFilm(job, f, controls, stepsPerFrame), backend, listener);
    }

    private static Result run(RenderJob job, FilmSettings f, Maker maker, Backend backend, FilmListener listener) {
        long started = System.nanoTime();
        checkOutput(f);
        String key = job.pixelParameters() + "\n" + f.key() + "\n" + maker.key();
        int kept;
        try (FilmScratch s = FilmScratch.open(f.scratchDir(), key, f.fresh())) {
            kept = s.framesKept(f.frames());
            listener.begin(maker.walkUpdates(s), f.frames(), kept);
            maker.make(s, backend, listener);
            encode(s, f, listener);
            if (!f.keepScratch()) s.deleteAll();
        }
        if (!f.keepScratch()) FilmScratch.removeFolder(f.scratchDir());
        listener.end();
        return new Result(f.out(), f.frames(), kept, (System.nanoTime() - started) / 1e9);
    }

    /** The frames of the scratch folder, read back in order through the frame reader, into the output. */
    private static void encode(FilmScratch s, FilmSettings f, FilmListener listener) {
        try (FrameSource src = FrameSource.open(s.frames()); FrameSink sink = FrameSink.open(f.out(), f.width(), f.height(), f.fps())) {
            if (src.frameCount() != f.frames())
                throw new IllegalStateException(s.frames() + " holds " + src.frameCount() + " frames, the film " + f.frames());
            int i = 0;
            for (BufferedImage img; (img = src.next()) != null; i++) {
                sink.write(img);
                listener.frameEncoded(i);
            }
            sink.finish();
        }
    }
}
