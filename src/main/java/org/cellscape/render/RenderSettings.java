package org.cellscape.render;

import java.nio.file.Path;

/**
 * Everything that defines one render: the contract between the command line, presets and the render pipeline.
 * Fields marked "pixels" change the image; the rest only change how it is computed (and never its pixels).
 *
 * @param model         model file (pixels)
 * @param schedule      schedule text, see {@link org.cellscape.engine.Schedule} (pixels)
 * @param seed          render seed (pixels)
 * @param width         final width in pixels, or 0 to take the schedule's own size (pixels)
 * @param height        final height, or 0 (pixels)
 * @param dpi           resolution written into the file, 0 = unknown
 * @param fireRate      fire-rate override, NaN = the model's (pixels)
 * @param colourScale   colour scale override, NaN = the model's (pixels)
 * @param colourOffset  colour offset override, NaN = the model's (pixels)
 * @param out           output image (.png, .tif, .tiff)
 * @param bits          16, or 8 for quick looks
 * @param backend       backend name (auto, cpu, opencl, reference)
 * @param threads       worker threads, 0 = all cores
 * @param tile          tile size in cells, 0 = chosen from the memory budget, {@link #UNTILED} = one torus tile
 * @param memoryBytes   memory budget for tiles and buffers, 0 = default
 * @param scratch       scratch folder for the out-of-core canvas, null = next to the output
 * @param store         scratch precision, "float32" or "float16" (pixels: float16 rounds the stored state)
 * @param stateIn       .npy state replacing the seed grid; its size is the seed size, null = none (pixels)
 * @param stateOut      .npy file to receive the final float32 state of the output region, null = none
 * @param resume        insist on resuming a checkpoint (a matching one is resumed anyway)
 * @param keepScratch   keep the scratch folder after a finished render
 * @param forceBigTiff  write BigTIFF even when a classic TIFF would do
 * @param lut           .cube 3D LUT applied to the colours, null = none (pixels)
 * @param gradient      gradient map text, see {@link org.cellscape.engine.GradientMap}, null = none (pixels)
 */
public record RenderSettings(Path model, String schedule, long seed, long width, long height, double dpi,
                             float fireRate, float colourScale, float colourOffset, Path out, int bits,
                             String backend, int threads, int tile, long memoryBytes, Path scratch,
                             String store, Path stateIn, Path stateOut, boolean resume, boolean keepScratch,
                             boolean forceBigTiff, Path lut, String gradient) {
    /** {@link #tile} value asking for every level as one torus tile (no tiling). */
    public static final int UNTILED = -1;

    /** The defaults for a model and an output: seed 1, the model's fire rate and colours, 16 bits, auto everything. */
    public static RenderSettings defaults(Path model, Path out) {
        return new RenderSettings(model, null, 1, 0, 0, 0, Float.NaN, Float.NaN, Float.NaN, out, 16,
                "auto", 0, 0, 0, null, "float32", null, null, false, false, false, null, null);
    }

    /** The same settings writing to another output. */
    public RenderSettings withOut(Path newOut) {
        return new RenderSettings(model, schedule, seed, width, height, dpi, fireRate, colourScale, colourOffset, newOut,
                bits, backend, threads, tile, memoryBytes, scratch, store, stateIn, stateOut, resume, keepScratch, forceBigTiff, lut, gradient);
    }

    /** The same settings at another output size (0x0: the schedule's own). */
    public RenderSettings withSize(long newWidth, long newHeight) {
        return new RenderSettings(model, schedule, seed, newWidth, newHeight, dpi, fireRate, colourScale, colourOffset, out,
                bits, backend, threads, tile, memoryBytes, scratch, store, stateIn, stateOut, resume, keepScratch, forceBigTiff, lut, gradient);
    }

    /** The same settings computed on another backend with another thread count. */
    public RenderSettings withBackend(String newBackend, int newThreads) {
        return new RenderSettings(model, schedule, seed, width, height, dpi, fireRate, colourScale, colourOffset, out,
                bits, newBackend, newThreads, tile, memoryBytes, scratch, store, stateIn, stateOut, resume, keepScratch, forceBigTiff, lut, gradient);
    }
}
