package org.cellscape.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.Units;
import org.cellscape.engine.Backend;
import org.cellscape.engine.ControlSpec;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Size;
import org.cellscape.preset.Origin;
import org.cellscape.preset.PresetFolders;
import org.cellscape.preset.Presets;
import org.cellscape.preset.Setting;
import org.cellscape.render.RenderJob;
import org.cellscape.render.RenderSettings;
import org.cellscape.video.ControlFrames;
import org.cellscape.video.Film;
import org.cellscape.video.FilmListener;
import org.cellscape.video.FilmProgress;
import org.cellscape.video.FilmSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cellscape video}: a preset's render as a film, its growth level by level or a zoom into a point. */
@Command(name = "video", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make a film of a render (see docs/video.md): --growth shows the multiscale walk level by level,",
                "--control NAME=VIDEO drives a multi-rule model with a control video, frame by frame,",
                "--zoom flies from the whole image into a point, each frame from the levels that match its view.",
                "Output: an H.264 MP4 (encoded in-process) or a folder of PNG frames. Interrupted films resume: run the same command again."},
        footer = {"", "Examples:",
                "  cellscape video lichen --growth --out grow.mp4",
                "  cellscape video coral --growth --size 1280x720 --seconds 8 --out frames/",
                "  cellscape video lichen --zoom --at 2400,1300 --size 640x360 --out zoom.mp4",
                "  cellscape video --model m.safetensors --growth --frames 100 --fps 20 --out m.mp4",
                "  cellscape video --model presets/models/duet.safetensors --control coral=disk.mp4 --size 256x256 --out coral-trail.mp4"})
public final class VideoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BackendMixin backend;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PRESET", description = "A preset file or name (default without --model: the default preset).")
    Path preset;

    @Option(names = "--model", paramLabel = "FILE", description = "A model instead of a preset (the presets' deep schedule).")
    Path model;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a preset setting (repeatable).")
    List<String> sets = new ArrayList<>();

    static final class Kind {
        @Option(names = "--growth", required = true, description = "The growth film: the walk level by level, scaled to the frame.") boolean growth;
        @Option(names = "--zoom", required = true, description = "The zoom film: from the whole image into --at X,Y.") boolean zoom;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Kind kind;

    @Option(names = "--control", paramLabel = "NAME=VIDEO|VIDEO", description = {"A controlled film of a multi-rule model (docs/video.md): NAME=VIDEO (repeatable) gives rule NAME a grayscale weight video (MP4 or a folder of frames), the rest going to the default rule; or one colour VIDEO with --legend.",
            "The state evolves continuously, each frame taking its control from the matching input frame (resampled to the grid)."})
    List<String> control;

    @Option(names = "--legend", paramLabel = "COLOURS", description = "Legend of a --control colour VIDEO: \"#2a6:lichen,#c84:coral\".")
    String legend;

    @Option(names = "--default-rule", paramLabel = "NAME", description = "Rule taking the weight that NAME=VIDEO leaves (default: the model's first).")
    String defaultRule;

    @Option(names = "--steps-per-frame", paramLabel = "S", description = "Controlled film: steps each frame runs (default: the model's steps_per_frame, else 8).")
    Integer stepsPerFrame;

    @Option(names = "--warmup", paramLabel = "N", description = "Controlled film: steps before the first frame, with its control (default: the preset's seed steps).")
    Integer warmup;

    @Option(names = "--at", paramLabel = "X,Y", description = "Zoom target in image pixels (default: the centre).")
    String at;

    @Option(names = "--size", defaultValue = "640x360", paramLabel = "WxH", description = "Frame size (default: ${DEFAULT-VALUE}); MP4 needs even sides.")
    String size;

    @Option(names = "--canvas", paramLabel = "WxH", description = "The size the render is made at (default: 4 x the frame for --growth, 8 x for --zoom: two or three doublings deep).")
    String canvas;

    @Option(names = "--fps", paramLabel = "N", description = "Frames per second (default: the control video's, else 25).")
    Integer fps;

    @Option(names = "--seconds", paramLabel = "S", description = "Length in seconds (default 5, or the control video's length).")
    Double seconds;

    @Option(names = "--frames", paramLabel = "N", description = "Length in frames, instead of --seconds.")
    Integer frames;

    @Option(names = "--seed", paramLabel = "N", description = "Render seed (default: the preset's, else 1).")
    Long seed;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "OUT", description = "FILE.mp4, or a folder for PNG frames (000001.png, ...).")
    Path out;

    @Option(names = "--scratch", paramLabel = "DIR", description = "Where frames wait until encoded (default: beside the output).")
    Path scratch;

    @Option(names = "--fresh", description = "Start over: discard frames of an interrupted film.")
    boolean fresh;

    @Option(names = "--keep-scratch", description = "Keep the scratch folder (frames, level colours) afterwards.")
    boolean keepScratch;

    @Option(names = "--quiet", description = "No progress and no summary.")
    boolean quiet;

    @Option(names = "--progress-every-ms", paramLabel = "MS", hidden = true, defaultValue = "5000", description = "Interval of progress lines (tests).")
    long progressMillis;

    @Override
    public Integer call() {
        Size frame = RenderOptions.option("--size", () -> Size.parse(size, 8192));
        if (frames != null && seconds != null) throw CellscapeException.invalid("give --seconds or --frames, not both");
        if (seconds != null && !(seconds > 0 && seconds <= 3600)) throw CellscapeException.invalid("--seconds must be in (0, 3600], got " + seconds);
        boolean controlled = control != null && !control.isEmpty();
        if (kind == null && !controlled) throw CellscapeException.invalid("say which film: --growth, --zoom or --control NAME=VIDEO");
        if (kind != null && controlled) throw CellscapeException.invalid("--control makes a controlled film: leave out --" + (kind.growth ? "growth" : "zoom"));
        if (!controlled && (legend != null || defaultRule != null || stepsPerFrame != null || warmup != null))
            throw CellscapeException.invalid("--legend, --default-rule, --steps-per-frame and --warmup are for a controlled film (--control)");
        if (controlled) return controlled(frame);
        int rate = fps != null ? fps : 25;
        int n = length(rate, 5 * rate);
        int times = kind.growth ? 4 : 8;
        Size render = canvas != null ? RenderOptions.option("--canvas", () -> Size.parse(canvas, RenderJob.MAX_SIDE))
                : new Size(frame.width() * times, frame.height() * times);
        RenderJob job = RenderJob.resolve(settings(render));
        double[] xy = at == null ? new double[]{job.outWidth() / 2.0, job.outHeight() / 2.0} : parseAt(at);
        FilmSettings f = new FilmSettings(kind.growth ? FilmSettings.Kind.GROWTH : FilmSettings.Kind.ZOOM, (int) frame.width(), (int) frame.height(),
                rate, n, xy[0], xy[1], out, scratch, fresh, keepScratch);
        Film.checkOutput(f);
        return make(f, b -> Film.run(job, f, b, listener(f)));
    }

    /** The frame count asked for (--frames, or --seconds at {@code rate}), or {@code otherwise}. */
    private int length(int rate, int otherwise) {
        return frames != null ? frames : seconds != null ? (int) Math.max(1, Math.round(seconds * rate)) : otherwise;
    }

    /** A controlled film: one grid of the frame's size, each frame stepped under its control frame's map. */
    private int controlled(Size frame) {
        if (canvas != null) throw CellscapeException.invalid("--canvas is for growth and zoom films: a controlled film's grid is the frame (--size)");
        if (at != null) throw CellscapeException.invalid("--at is for a zoom film");
        if (stepsPerFrame != null && (stepsPerFrame < 1 || stepsPerFrame > 10_000)) throw CellscapeException.invalid("--steps-per-frame must be 1..10000, got " + stepsPerFrame);
        if (warmup != null && (warmup < 0 || warmup > Schedule.MAX_STEPS)) throw CellscapeException.invalid("--warmup must be 0.." + Schedule.MAX_STEPS + ", got " + warmup);
        ControlSpec spec = RenderOptions.option("--control", () -> ControlSpec.parse(control, legend, defaultRule));
        RenderSettings rs = settings(frame).toBuilder().control(null).build();
        // only the seed level's init, noise and steps are used: a preset's schedule as written, else the one a job picks
        Schedule deep = rs.schedule() != null ? rs.schedule() : RenderJob.resolve(rs).schedule();
        int w = (int) frame.width(), h = (int) frame.height();
        Schedule one = new Schedule(w, h, deep.init(), deep.noiseAmplitude(), warmup != null ? warmup : deep.seedSteps(), List.of());
        RenderJob job = RenderJob.resolve(rs.toBuilder().schedule(one).build());
        int spf = stepsPerFrame != null ? stepsPerFrame : modelStepsPerFrame(job);
        try (ControlFrames controls = ControlFrames.open(spec, job.model().rules(), rs.model())) {
            int rate = fps != null ? fps : (int) Math.clamp(Math.round(controls.fps()), 1, 120);
            int n = length(rate, controls.frameCount());
            if (n > controls.frameCount())
                throw CellscapeException.invalid("the film would have " + n + " frames but the control has " + controls.frameCount());
            FilmSettings f = new FilmSettings(FilmSettings.Kind.CONTROLLED, w, h, rate, n, 0, 0, out, scratch, fresh, keepScratch);
            Film.checkOutput(f);
            return make(f, b -> Film.run(job, f, controls, spf, b, listener(f)));
        }
    }

    /** The model's own steps per frame (metadata steps_per_frame), else 8. */
    private static int modelStepsPerFrame(RenderJob job) {
        String v = job.model().metadata().get("steps_per_frame");
        try {
            int n = v == null ? 8 : Integer.parseInt(v.trim());
            return n >= 1 && n <= 10_000 ? n : 8;
        } catch (NumberFormatException e) {
            return 8;
        }
    }

    private FilmListener listener(FilmSettings f) {
        return quiet ? FilmListener.NONE : new FilmProgress(spec.commandLine().getErr(), progressMillis, f.width(), f.height());
    }

    /** Opens the backend, makes the film and prints what it wrote. */
    private int make(FilmSettings f, java.util.function.Function<Backend, Film.Result> film) {
        try (Backend b = backend.open(spec.commandLine().getErr())) {
            Film.Result r = film.apply(b);
            if (!quiet)
                spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s (%d frames, %d x %d px, %d fps) in %s%n", r.out(), r.frames(), f.width(), f.height(),
                        f.fps(), Units.duration(r.seconds()));
        } catch (CellscapeException e) {
            if (e.exitCode() != CellscapeException.RESUME_MISMATCH) throw e;
            throw new CellscapeException(e.exitCode(), e.getMessage() + " (--fresh discards them)", e);
        }
        return 0;
    }

    /** The render the film is made of: the preset (or the default one) at {@code render}, or the model with the presets' schedule. */
    private RenderSettings settings(Size render) {
        RenderSettings.Builder how = RenderSettings.builder().out(out).threads(backend.threads());
        if (model != null && preset == null) {
            if (!sets.isEmpty()) throw CellscapeException.invalid("--set needs a PRESET to override");
            return how.model(model).size(render).seed(seed == null ? 1 : seed).build();
        }
        Path p = preset == null ? PresetFolders.system().defaultPreset() : PresetFolders.system().find(preset);
        if (p == null) throw CellscapeException.invalid("no preset found: give a PRESET or --model FILE.safetensors");
        List<Setting> o = new ArrayList<>();
        if (model != null) o.add(new Setting("model", model.toString(), Origin.argument("--model " + model)));
        o.add(new Setting("size", render.toString(), Origin.argument("--size " + render)));
        if (seed != null) o.add(new Setting("seed", seed.toString(), Origin.argument("--seed " + seed)));
        for (String s : sets) o.add(Presets.parseSet(s, "--set"));
        return Presets.resolveWith(p, o).toRenderSettings(how.build());
    }

    static double[] parseAt(String text) {
        String[] p = text.split(",");
        try {
            if (p.length == 2) {
                double x = Double.parseDouble(p[0].trim()), y = Double.parseDouble(p[1].trim());
                if (Double.isFinite(x) && Double.isFinite(y)) return new double[]{x, y};
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw CellscapeException.invalid("--at must be X,Y in image pixels (e.g. 1200,800), got '" + org.cellscape.TerminalText.escape(text) + "'");
    }
}
