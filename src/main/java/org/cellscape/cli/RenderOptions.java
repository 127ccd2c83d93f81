package org.cellscape.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.PrintSize;
import org.cellscape.canvas.Units;
import org.cellscape.render.RenderSettings;
import picocli.CommandLine.Option;

/** The options shared by {@code render} and {@code plan}, and their one mapping to {@link RenderSettings}. */
public final class RenderOptions {
    @Option(names = "--model", paramLabel = "FILE", description = "Model file (.safetensors).")
    Path model;

    @Option(names = "--schedule", paramLabel = "TEXT", description = "Scale schedule, e.g. \"auto:zeros:96, x2:bilinear:48, x2:32\" (default: a seed of 128-256 cells grown by x2 levels to the size; see docs/schedules.md).")
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

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "NAME", description = "auto, cpu, opencl or reference (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads;

    @Option(names = "--device", paramLabel = "SEL", description = "OpenCL device: P:D indices or a name fragment (see 'cellscape devices'; default: the first GPU).")
    String device;

    /** Backend options from --threads and --device. */
    org.cellscape.backend.BackendOptions backendOptions(int threadCount) {
        return new org.cellscape.backend.BackendOptions(threadCount, device);
    }

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

    @Option(names = "--keep-scratch", description = "Keep the scratch folder after the render.")
    boolean keepScratch;

    @Option(names = "--force-bigtiff", description = "Write BigTIFF even when a classic TIFF would do.")
    boolean forceBigTiff;

    /** The one mapping from options to settings (presets will layer their values under these). */
    public RenderSettings toSettings() {
        long w = 0, h = 0;
        double d = dpi == null ? 0 : dpi;
        try {
            if (size != null && print != null) throw new IllegalArgumentException("give --size or --print, not both");
            if (size != null) {
                PrintSize.Pixels p = PrintSize.parsePixels(size);
                w = p.width();
                h = p.height();
            } else if (print != null) {
                if (d == 0) d = PrintSize.DEFAULT_DPI;
                PrintSize.Pixels p = PrintSize.parsePrint(print, d);
                w = p.width();
                h = p.height();
            }
            if (bits != 8 && bits != 16) throw new IllegalArgumentException("--bits must be 16 or 8, got " + bits);
            if (threads < 0) throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
        } catch (IllegalArgumentException e) {
            throw new CellscapeException(CellscapeException.USAGE, e.getMessage());
        }
        return new RenderSettings(model, schedule, seed, w, h, d, fireRate == null ? Float.NaN : fireRate,
                colourScale == null ? Float.NaN : colourScale, colourOffset == null ? Float.NaN : colourOffset, out, bits,
                backend, threads, parseTile(tile), memory == null ? 0 : parseMemory(memory), scratch, store, stateIn, stateOut,
                resume, keepScratch, forceBigTiff, lut, gradient);
    }

    static int parseTile(String t) {
        String s = t.trim().toLowerCase(Locale.ROOT);
        if (s.equals("auto") || s.equals("0")) return 0;
        if (s.equals("untiled") || s.equals("none")) return RenderSettings.UNTILED;
        try {
            int n = Integer.parseInt(s);
            if (n < 1 || n > 1 << 16) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new CellscapeException(CellscapeException.USAGE, "--tile must be a size in cells (1-65536), auto or untiled, got '" + t + "'");
        }
    }

    static long parseMemory(String m) {
        try {
            return Units.parseBytes(m);
        } catch (IllegalArgumentException e) {
            throw new CellscapeException(CellscapeException.USAGE, "--memory: " + e.getMessage());
        }
    }
}
