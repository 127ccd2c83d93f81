package org.cellscape.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.Precision;
import org.cellscape.canvas.Units;
import org.cellscape.engine.ControlSpec;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Size;
import org.cellscape.render.PrintSize;
import org.cellscape.render.RenderJob;
import org.cellscape.render.RenderSettings;
import picocli.CommandLine.Option;

/** The image and storage options shared by {@code render}, {@code plan} and batch's --render-option, and their one mapping to {@link RenderSettings}. */
public final class RenderOptions {
    @Option(names = "--model", paramLabel = "FILE", description = "Model file (.safetensors).")
    Path model;

    @Option(names = "--schedule", paramLabel = "TEXT", description = "Scale schedule, e.g. \"auto:zeros:96, x2:bilinear:48, x2:32\" (default: the presets' deep one, a noise seed of up to 128 cells grown by x2 levels of 32, 24, 20, 16, 12, ... steps; see docs/schedules.md).")
    String schedule;

    @Option(names = "--size", paramLabel = "WxH", description = "Output size in pixels: 4096x2048, or one number for a square.")
    String size;

    @Option(names = "--print", paramLabel = "PAPER", description = "Print size instead of --size: A0-A6, B0-B6, letter, legal, tabloid (portrait; add ' landscape'), or WxH with in, cm or mm (24x36in, 60x40cm).")
    String print;

    @Option(names = "--dpi", paramLabel = "N", description = "Dots per inch for --print (default 300), written into the file.")
    Double dpi;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Render seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--fire-rate", paramLabel = "P", description = "Override the model's fire rate (0..1).")
    Float fireRate;

    @Option(names = "--colour-scale", paramLabel = "S", description = "Override the colour mapping: colour = state * S + O.")
    Float colourScale;

    @Option(names = "--colour-offset", paramLabel = "O", description = "Override the colour offset.")
    Float colourOffset;

    @Option(names = "--lut", paramLabel = "FILE.cube", description = "Colour-grade with a 3D LUT (Adobe/Resolve .cube), trilinear, in the 16-bit colour stage.")
    Path lut;

    @Option(names = "--gradient", paramLabel = "STOPS", description = "Gradient map: luma to colour, e.g. \"#000,#2a6 0.4,#fff\" (COLOUR [POSITION] stops; applied before --lut).")
    String gradient;

    @Option(names = {"--out", "-o"}, paramLabel = "FILE", description = "Output image: .png, .tif or .tiff.")
    Path out;

    @Option(names = "--bits", defaultValue = "16", paramLabel = "16|8", description = "Bits per sample (default 16; 8 is dithered, for quick looks).")
    int bits;

    @Option(names = "--tile", defaultValue = "auto", paramLabel = "N|auto|untiled", description = "Tile size in cells (default: the largest the memory budget allows, up to 1024).")
    String tile;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory budget for tiles, e.g. 2g (default: 60%% of the Java heap).")
    String memory;

    @Option(names = "--scratch", paramLabel = "DIR", description = "Where the out-of-core canvas lives (default: beside the output).")
    Path scratch;

    @Option(names = "--store", defaultValue = "float32", paramLabel = "float32|float16", description = "Scratch precision; float16 halves disk and I/O (not bit-identical to float32).")
    String store;

    @Option(names = "--state-in", paramLabel = "FILE.npy", description = "Start from this state (float32, HWC) instead of the seed grid; its size is the seed size.")
    Path stateIn;

    @Option(names = "--state-out", paramLabel = "FILE.npy", description = "Also save the final float32 state of the image area (HWC .npy, streamed).")
    Path stateOut;

    @Option(names = "--resume", description = "Resume an interrupted render (re-running the same command resumes too).")
    boolean resume;

    @Option(names = "--fresh", description = "Start over: discard a checkpoint in the scratch folder, even one of other settings.")
    boolean fresh;

    @Option(names = "--keep-scratch", description = "Keep the scratch folder after the render.")
    boolean keepScratch;

    @Option(names = "--force-bigtiff", description = "Write BigTIFF even when a classic TIFF would do.")
    boolean forceBigTiff;

    @Option(names = "--pyramid", description = "TIFF only: add reduced-resolution pages (2x2 box means) down to one tile, as libvips and OpenSlide read.")
    boolean pyramid;

    @Option(names = "--deepzoom", paramLabel = "DIR", description = "Also write a Deep Zoom folder from the same rows: NAME.dzi, tiles and an index.html (see 'cellscape deepzoom').")
    Path deepZoom;

    @Option(names = "--deepzoom-force", description = "Replace a --deepzoom folder that exists and is not empty.")
    boolean deepZoomForce;

    @Option(names = "--control", paramLabel = "NAME=IMAGE|MAP", description = "Control map of a multi-rule model: NAME=IMAGE (repeatable) gives rule NAME a grayscale weight image, the rest going to the default rule; or one colour MAP with --legend (docs/control-maps.md).")
    java.util.List<String> control;

    @Option(names = "--legend", paramLabel = "COLOURS", description = "Legend of a --control MAP: \"#2a6:lichen,#c84:coral\" (each pixel takes its nearest colour's rule).")
    String legend;

    @Option(names = "--default-rule", paramLabel = "NAME", description = "Rule taking the weight that NAME=IMAGE maps leave (default: the model's first).")
    String defaultRule;

    /** The one mapping from options to typed settings (a preset layers its values under the image options). */
    public RenderSettings toSettings(int threads) {
        if (size != null && print != null) throw CellscapeException.invalid("give --size or --print, not both");
        if (resume && fresh) throw CellscapeException.invalid("give --resume or --fresh, not both");
        double d = dpi == null ? 0 : dpi;
        Size z = null;
        if (size != null) z = option("--size", () -> Size.parse(size, Long.MAX_VALUE)); // sizes past RenderJob.MAX_SIDE do not fit (exit 5)
        else if (print != null) {
            double pd = d == 0 ? PrintSize.DEFAULT_DPI : d;
            d = pd;
            z = option("--print", () -> PrintSize.parsePrint(print, pd));
        }
        if (fireRate != null && !Float.isFinite(fireRate)) throw CellscapeException.invalid("--fire-rate must be a number in (0, 1], got " + fireRate);
        if (colourScale != null && !Float.isFinite(colourScale)) throw CellscapeException.invalid("--colour-scale must be a finite number, got " + colourScale);
        if (colourOffset != null && !Float.isFinite(colourOffset)) throw CellscapeException.invalid("--colour-offset must be a finite number, got " + colourOffset);
        RenderSettings.Builder b = RenderSettings.builder().model(model).seed(seed).size(z).dpi(d)
                .fireRate(fireRate == null ? Float.NaN : fireRate).colourScale(colourScale == null ? Float.NaN : colourScale)
                .colourOffset(colourOffset == null ? Float.NaN : colourOffset).out(out).bits(bits).threads(threads)
                .tile(parseTile(tile)).memoryBytes(memory == null ? 0 : parseMemory(memory)).scratch(scratch)
                .store(option("--store", () -> Precision.parse(store))).stateIn(stateIn).stateOut(stateOut)
                .resume(resume).fresh(fresh).keepScratch(keepScratch).forceBigTiff(forceBigTiff).lut(lut).gradient(gradient);
        if (schedule != null) b.schedule(option("--schedule", () -> Schedule.parse(schedule)));
        b.pyramid(pyramid).deepZoom(deepZoom).deepZoomForce(deepZoomForce);
        b.control(option("--control", () -> ControlSpec.parse(control, legend, defaultRule)));
        return option(null, b::build);
    }

    /** Runs a parse or check, putting the option's name in front of its message. */
    static <T> T option(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (CellscapeException e) {
            if (name == null || e.exitCode() != CellscapeException.USAGE) throw e;
            throw new CellscapeException(e.exitCode(), name + ": " + e.getMessage(), e);
        }
    }

    static int parseTile(String t) {
        String s = t.trim().toLowerCase(Locale.ROOT);
        if (s.equals("auto")) return 0; // "0" is not auto: a typo'd size must not quietly become one
        if (s.equals("untiled") || s.equals("none")) return RenderSettings.UNTILED;
        try {
            int n = Integer.parseInt(s);
            if (n < 1 || n > RenderSettings.MAX_TILE) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw CellscapeException.invalid("--tile must be a size in cells (1-" + RenderSettings.MAX_TILE + "), auto or untiled, got '" + t + "'");
        }
    }

    static long parseMemory(String m) {
        return option("--memory", () -> Units.parseBytes(m));
    }
}
