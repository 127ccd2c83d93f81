package org.cellscape.render;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Backend;
import org.cellscape.image.ImageSpec;
import org.cellscape.image.ImageWriters;
import org.cellscape.image.RasterSink;
import org.cellscape.image.Sidecar;
import org.cellscape.image.TeeSink;
import org.cellscape.image.WriterOptions;
import org.cellscape.zoom.DeepZoom;

/**
 * The one way to run a render: typed settings in, an image and its sidecar out. Every caller (render, batch,
 * gallery, and the distributed and video runners to come) comes through here; failures are
 * {@link CellscapeException}s that carry their exit code.
 */
public final class Render {
    /** What a finished render wrote. */
    public record Result(RenderJob job, Path image, Path sidecar, double seconds) {}

    private Render() {}

    /** Resolves, checks (output folder, disk), renders tile by tile with {@code backend}, and writes the sidecar. */
    public static Result run(RenderSettings settings, Backend backend, PassListener listener) {
        return run(settings, backend, listener, 5000);
    }

    /** As {@link #run(RenderSettings, Backend, PassListener)}, checkpointing within a pass every {@code checkpointMillis}. */
    public static Result run(RenderSettings settings, Backend backend, PassListener listener, long checkpointMillis) {
        return run(settings, backend, (job, output) -> {
            Estimate.of(job, job.plan(), Double.NaN).checkDisk();
            new TiledRenderer(job, backend, listener).checkpointEvery(checkpointMillis).run(output);
        });
    }

    /**
     * Computes a resolved job's passes and hands the last one's pixels to the output: this machine's
     * {@link TiledRenderer}, or a cluster's runner, which computes the same cells elsewhere.
     */
    @FunctionalInterface
    public interface Pipeline {
        void run(RenderJob job, TiledRenderer.Output output);
    }

    /**
     * As {@link #run(RenderSettings, Backend, PassListener)}, the passes computed by {@code pipeline}; {@code backend}
     * names the backend in the image's parameters.
     */
    public static Result run(RenderSettings settings, Backend backend, Pipeline pipeline) {
        long started = System.nanoTime();
        try (OutputClaim claim = OutputClaim.of(settings)) { // before any compute, held to the sidecar
            RenderJob job = RenderJob.resolve(settings);
            Map<String, String> params = job.imageParameters(backend);
            ImageSpec spec = new ImageSpec(job.outWidth(), job.outHeight(), settings.bits(), params, settings.dpi());
            pipeline.run(job, () -> sinks(settings, spec, writerOptions(settings)));
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, String> sidecar = new LinkedHashMap<>(params);
            sidecar.put("render_seconds", String.format(Locale.ROOT, "%.1f", seconds));
            return new Result(job, settings.out(), Sidecar.write(settings.out(), sidecar), seconds);
        }
    }

    /** Refuses outputs that cannot be written or are one file, before anything else starts (a backend, say). */
    public static void checkOutputs(RenderSettings settings) {
        OutputClaim.check(settings);
    }

    private static WriterOptions writerOptions(RenderSettings settings) {
        return WriterOptions.defaults().withForceBigTiff(settings.forceBigTiff()).withPyramid(settings.pyramid())
                .withThreads(settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors());
    }

    /** The image's sink, and beside it the deep-zoom folder's when one is asked for: both fed the same rows. */
    private static RasterSink sinks(RenderSettings settings, ImageSpec spec, WriterOptions wo) {
        RasterSink image = ImageWriters.open(settings.out(), spec, wo);
        if (settings.deepZoom() == null) return image;
        try {
            return new TeeSink(image, DeepZoom.open(settings.deepZoom(), DeepZoom.stem(settings.out()), spec.width(), spec.height(),
                    spec.parameters(), settings.deepZoomTiles(), settings.deepZoomForce()));
        } catch (RuntimeException e) {
            TeeSink.closeQuietly(image);
            throw e;
        }
    }

    /** What the render would take, with the backend's speed measured on this model. */
    public static Estimate plan(RenderJob job, Backend backend) {
        return Estimate.of(job, job.plan(), Estimate.calibrate(backend, job.model(), job.ctx()));
    }
}
