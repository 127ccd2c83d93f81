package org.cellscape.render;

import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.Precision;
import org.cellscape.engine.ControlSpec;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Size;
import org.cellscape.image.DeepZoomSink;
import org.cellscape.image.ImageWriters;

/**
 * Everything that defines one render, typed: the contract between the command line, presets, batch, tune and the
 * pipeline ({@link Render#run}). Fields marked "pixels" change the image; the rest only change how it is computed
 * (never its pixels). Built with {@link #builder()}; {@link Builder#build()} checks every value, in words that name
 * the setting, not a command-line option.
 *
 * @param model         model file (pixels)
 * @param schedule      the schedule, fitted or not; null = the default schedule for the size (pixels)
 * @param seed          render seed (pixels)
 * @param size          final size in pixels, or null to take the schedule's own (pixels)
 * @param dpi           resolution written into the file, 0 = unknown
 * @param fireRate      fire-rate override, NaN = the model's (pixels)
 * @param colourScale   colour scale override, NaN = the model's (pixels)
 * @param colourOffset  colour offset override, NaN = the model's (pixels)
 * @param out           output image (.png, .tif, .tiff)
 * @param bits          16, or 8 for quick looks
 * @param threads       threads for encoding, 0 = all cores (the backend has its own)
 * @param tile          tile size in cells, 0 = chosen from the memory budget, {@link #UNTILED} = one torus tile
 * @param memoryBytes   memory budget for tiles and buffers, 0 = default
 * @param scratch       scratch folder for the out-of-core canvas, null = next to the output
 * @param store         scratch precision (pixels: float16 rounds the stored state)
 * @param stateIn       .npy state replacing the seed grid; its size is the seed size, null = none (pixels)
 * @param stateOut      .npy file to receive the final float32 state of the output region, null = none
 * @param resume        insist on resuming a checkpoint (a matching one is resumed anyway)
 * @param fresh         discard a checkpoint in the scratch folder (of these settings or others) and start over
 * @param keepScratch   keep the scratch folder after a finished render
 * @param forceBigTiff  write BigTIFF even when a classic TIFF would do
 * @param lut           .cube 3D LUT applied to the colours, null = none (pixels)
 * @param gradient      gradient map text, see {@link org.cellscape.engine.GradientMap}, null = none (pixels)
 * @param preset        the preset's name, recorded in the image's parameters; null = none
 * @param pyramid       TIFF output with reduced-resolution pages down to one tile
 * @param deepZoom      folder to receive a DZI pyramid and its page from the same rows, null = none
 * @param deepZoomTiles the DZI's tile size, overlap, format and quality
 * @param deepZoomForce replace a deep-zoom folder that exists and is not empty
 * @param control       the control map of a multi-rule model, null = none (pixels)
 */
public record RenderSettings(Path model, Schedule schedule, long seed, Size size, double dpi,
                             float fireRate, float colourScale, float colourOffset, Path out, int bits,
                             int threads, int tile, long memoryBytes, Path scratch,
                             Precision store, Path stateIn, Path stateOut, boolean resume, boolean fresh, boolean keepScratch,
                             boolean forceBigTiff, Path lut, String gradient, String preset,
                             boolean pyramid, Path deepZoom, DeepZoomSink.Options deepZoomTiles, boolean deepZoomForce,
                             ControlSpec control) {
    /** {@link #tile} value asking for every level as one torus tile (no tiling). */
    public static final int UNTILED = -1;
    /** Largest tile side accepted. */
    public static final int MAX_TILE = 1 << 16;

    /** Defaults: seed 1, the model's fire rate and colours, 16 bits, everything else automatic. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds settings; unset values are the defaults of {@link #builder()}. */
    public static final class Builder {
        private Path model, out, scratch, stateIn, stateOut, lut;
        private Schedule schedule;
        private long seed = 1, memoryBytes;
        private Size size;
        private double dpi;
        private float fireRate = Float.NaN, colourScale = Float.NaN, colourOffset = Float.NaN;
        private int bits = 16, threads, tile;
        private Precision store = Precision.FLOAT32;
        private boolean resume, fresh, keepScratch, forceBigTiff;
        private String preset, gradient;
        private boolean pyramid, deepZoomForce;
        private Path deepZoom;
        private DeepZoomSink.Options deepZoomTiles = DeepZoomSink.Options.defaults();
        private ControlSpec control;

        Builder() {}

        Builder(RenderSettings s) {
            model = s.model; schedule = s.schedule; seed = s.seed; size = s.size; dpi = s.dpi; fireRate = s.fireRate;
            colourScale = s.colourScale; colourOffset = s.colourOffset; out = s.out; bits = s.bits; threads = s.threads;
            tile = s.tile; memoryBytes = s.memoryBytes; scratch = s.scratch; store = s.store; stateIn = s.stateIn;
            stateOut = s.stateOut; resume = s.resume; fresh = s.fresh; keepScratch = s.keepScratch; forceBigTiff = s.forceBigTiff;
            lut = s.lut; gradient = s.gradient; preset = s.preset;
            pyramid = s.pyramid; deepZoom = s.deepZoom; deepZoomTiles = s.deepZoomTiles; deepZoomForce = s.deepZoomForce;
            control = s.control;
        }

        public Builder model(Path v) { model = v; return this; }
        public Builder schedule(Schedule v) { schedule = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder size(Size v) { size = v; return this; }
        public Builder dpi(double v) { dpi = v; return this; }
        public Builder fireRate(float v) { fireRate = v; return this; }
        public Builder colourScale(float v) { colourScale = v; return this; }
        public Builder colourOffset(float v) { colourOffset = v; return this; }
        public Builder out(Path v) { out = v; return this; }
        public Builder bits(int v) { bits = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder tile(int v) { tile = v; return this; }
        public Builder memoryBytes(long v) { memoryBytes = v; return this; }
        public Builder scratch(Path v) { scratch = v; return this; }
        public Builder store(Precision v) { store = v; return this; }
        public Builder stateIn(Path v) { stateIn = v; return this; }
        public Builder stateOut(Path v) { stateOut = v; return this; }
        public Builder resume(boolean v) { resume = v; return this; }
        public Builder fresh(boolean v) { fresh = v; return this; }
        public Builder keepScratch(boolean v) { keepScratch = v; return this; }
        public Builder forceBigTiff(boolean v) { forceBigTiff = v; return this; }
        public Builder lut(Path v) { lut = v; return this; }
        public Builder gradient(String v) { gradient = v; return this; }
        public Builder preset(String v) { preset = v; return this; }
        public Builder pyramid(boolean v) { pyramid = v; return this; }
        public Builder deepZoom(Path v) { deepZoom = v; return this; }
        public Builder deepZoomTiles(DeepZoomSink.Options v) { deepZoomTiles = v; return this; }
        public Builder deepZoomForce(boolean v) { deepZoomForce = v; return this; }
        public Builder control(ControlSpec v) { control = v; return this; }

        /** The settings, every value checked (NaN overrides mean "the model's"). */
        public RenderSettings build() {
            if (bits != 8 && bits != 16) throw CellscapeException.invalid("bits must be 16 or 8, got " + bits);
            if (threads < 0) throw CellscapeException.invalid("threads must be >= 0, got " + threads);
            if (!Float.isNaN(fireRate) && !(fireRate > 0 && fireRate <= 1))
                throw CellscapeException.invalid("fire rate must be in (0, 1], got " + fireRate);
            if (!Float.isNaN(colourScale) && !(Float.isFinite(colourScale) && colourScale != 0))
                throw CellscapeException.invalid("colour scale must be a finite number other than 0, got " + colourScale);
            if (!Float.isNaN(colourOffset) && !Float.isFinite(colourOffset))
                throw CellscapeException.invalid("colour offset must be a finite number, got " + colourOffset);
            if (tile != UNTILED && (tile < 0 || tile > MAX_TILE))
                throw CellscapeException.invalid("tile size must be 1.." + MAX_TILE + " cells, got " + tile);
            if (memoryBytes < 0) throw CellscapeException.invalid("memory budget must be positive, got " + memoryBytes);
            if (!(dpi >= 0 && dpi <= 100_000)) throw CellscapeException.invalid("dpi must be 0..100000, got " + dpi);
            if (store == null) throw CellscapeException.invalid("no scratch precision given");
            if (resume && fresh) throw CellscapeException.invalid("resume or start fresh, not both");
            if (pyramid && out != null && ImageWriters.formatOf(out) != ImageWriters.Format.TIFF)
                throw CellscapeException.invalid("a pyramid is a TIFF: name the output .tif or .tiff, not " + out.getFileName());
            if (deepZoomTiles == null) throw CellscapeException.invalid("no deep-zoom tile options given");
            return new RenderSettings(model, schedule, seed, size, dpi, fireRate, colourScale, colourOffset, out, bits,
                    threads, tile, memoryBytes, scratch, store, stateIn, stateOut, resume, fresh, keepScratch, forceBigTiff, lut, gradient, preset,
                    pyramid, deepZoom, deepZoomTiles, deepZoomForce, control);
        }
    }
}
