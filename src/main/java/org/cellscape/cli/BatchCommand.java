package org.cellscape.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.Units;
import org.cellscape.preset.ResolvedPreset;
import org.cellscape.image.Images;
import org.cellscape.render.Estimate;
import org.cellscape.render.Preview;
import org.cellscape.render.RenderJob;
import org.cellscape.batch.Batch;
import org.cellscape.batch.BatchPlan;
import org.cellscape.batch.Cluster;
import org.cellscape.batch.Degeneracy;
import org.cellscape.engine.Backend;
import org.cellscape.preset.PresetFolders;
import org.cellscape.preset.Presets;
import org.cellscape.preset.Setting;
import org.cellscape.preset.Variants;
import org.cellscape.render.PassListener;
import org.cellscape.render.Render;
import org.cellscape.render.RenderSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cellscape batch}: many renders, variants expanded, failures isolated, re-runs continue. */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Render many presets and variants, one after another.",
                "Outputs that exist are skipped, so running a stopped batch again carries on where it stopped.",
                "A failing job is reported and the batch goes on; the exit code is 8 if any job failed.",
                "Each job's coarse levels are checked first for degenerate patterns (died out, exploded, saturated)."},
        footer = {"", "Inputs are preset files, folders of presets, or batch files: a YAML list of jobs, each a preset path",
                "or a mapping with preset, set (overrides), vary (key: values) and name (template), e.g.",
                "  - presets/lichen.yaml",
                "  - preset: presets/coral.yaml",
                "    set: {size: 4096x4096}",
                "    vary: {seed: 1..4}",
                "",
                "Examples:",
                "  cellscape batch presets/ --out renders",
                "  cellscape batch presets/default.yaml --vary seed=1..8 --vary schedule.levels[2].steps=16,32 --out renders",
                "  cellscape batch jobs.yaml --name '{preset}-{seed}-{size}' --reject-degenerate",
                "  cellscape batch presets/ --set size=512x512 --dry-run",
                "  cellscape batch presets/ --vary seed=1..8 --preview 256    # a look at each first",
                "  cellscape batch presets/lichen.yaml --vary seed=1..8 --preview 256 --rank-by \"red flames\" --clip clip-vit-base-patch32"})
public final class BatchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Presets (files or names), folders of presets, or batch files.")
    List<Path> inputs;

    @Option(names = {"--out", "-o"}, defaultValue = "renders", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--name", paramLabel = "TEMPLATE", description = {"Output name template; placeholders {preset}, {seed}, {size}, {job} and any",
            "setting key, e.g. {fire_rate} (default: {preset}-{seed}-{size} plus each varied key)."})
    String name;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting in every job (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--vary", paramLabel = "KEY=VALUES", description = "Render every value: lists (16,32) and ranges (1..8, 0.3..0.7:0.1); repeat for the cartesian product.")
    List<String> varies = new ArrayList<>();

    @Option(names = "--overwrite", description = "Render even when the output exists.")
    boolean overwrite;

    @Option(names = "--reject-degenerate", description = "Skip jobs whose coarse levels are degenerate (instead of only reporting them).")
    boolean reject;

    @Option(names = "--no-check", description = "Do not check the coarse levels before rendering.")
    boolean noCheck;

    @Option(names = "--check-cells", defaultValue = "262144", paramLabel = "N", description = "Largest canvas (cells) the check renders (default: ${DEFAULT-VALUE}).")
    long checkCells;

    @Option(names = "--dry-run", description = "List the jobs and their outputs; render nothing.")
    boolean dryRun;

    @Option(names = "--preview", arity = "0..1", parameterConsumer = PreviewSize.class, paramLabel = "PX",
            description = "Write previews instead of renders: NAME-preview.png, PX on the long side (default 512), each the render's own level nearest PX.")
    Integer preview;

    @Option(names = "--rank-by", paramLabel = "TEXT", description = {"After the batch, rank its outputs by their CLIP similarity to this prompt (needs --clip);",
            "the scores go to DIR/" + org.cellscape.nets.ClipScores.FILE + ", which the gallery shows."})
    String rankBy;

    @Option(names = "--clip", paramLabel = "DIR", description = "The Hugging Face CLIP folder --rank-by scores with.")
    Path clip;

    @Mixin
    BackendMixin backend;

    @Mixin
    ClusterMixin cluster;

    @Option(names = "--render-option", paramLabel = "OPTION", description = {"How every job is computed and stored: render's --tile, --memory, --scratch, --store,",
            "--keep-scratch, --force-bigtiff (e.g. --render-option=--memory=2g); image settings go in --set."})
    List<String> renderOptions = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        List<Setting> base = new ArrayList<>();
        for (String s : sets) base.add(Presets.parseSet(s, "--set"));
        List<Variants.Vary> vs = new ArrayList<>();
        for (String v : varies) vs.add(Variants.parse(v, "--vary"));
        if ((rankBy == null) != (clip == null)) throw CellscapeException.invalid("--rank-by and --clip go together: --rank-by TEXT --clip DIR");
        if (clip != null) org.cellscape.nets.ClipModel.checkFolder(clip); // before hours of renders, not after
        RenderSettings how = how(renderOptions, backend.threads());
        List<BatchPlan.Job> jobs = BatchPlan.plan(inputs.stream().map(PresetFolders.system()::find).toList(), base, vs, name);
        if (jobs.isEmpty()) throw CellscapeException.badInput("no presets found in " + inputs);
        if (preview != null) jobs = BatchPlan.previews(jobs);
        Batch.Options opts = new Batch.Options(out, overwrite, !noCheck, reject, dryRun, how);
        List<Batch.Result> results;
        if (cluster.on() && !dryRun) {
            o.println(forecast(jobs, how, null) + "; on Spark " + cluster.master);
            o.flush();
            results = cluster.cluster().batch(new Cluster.BatchRequest(inputs.stream().map(Path::toString).toList(), sets, varies, name, preview,
                    out.toString(), overwrite, !noCheck, reject, checkCells, how.tile(), how.memoryBytes(), how.store().id(),
                    how.scratch() == null ? null : how.scratch().toString(), how.keepScratch(), how.forceBigTiff()), cluster.target(spec.commandLine().getParseResult(), backend), o);
        } else try (Backend b = dryRun ? null : backend.open(err)) {
            o.println(forecast(jobs, how, b) + (preview != null ? "; previews of them now, " + preview + " px" : ""));
            o.flush();
            results = new Batch(opts, preview != null ? previewWith(b, preview) : renderWith(b), noCheck ? null : (p, s) -> Degeneracy.check(p, b, checkCells), o).run(jobs);
        }
        o.println();
        Batch.summary(o, results);
        if (rankBy != null && !dryRun) org.cellscape.batch.Ranking.rank(results, clip, rankBy, out, o);
        return Batch.anyFailed(results) ? CellscapeException.BATCH_FAILED : 0;
    }

    /**
     * "N renders, W cell updates, about T": the planned work of every job that resolves (jobs that do not are
     * reported when they run), timed with the backend's speed measured once per model; no time without a backend.
     */
    static String forecast(List<BatchPlan.Job> jobs, RenderSettings how, Backend b) {
        long updates = 0;
        double seconds = 0;
        Map<Path, Double> speed = new HashMap<>();
        for (BatchPlan.Job j : jobs) {
            if (j.planError() != null) continue;
            try {
                ResolvedPreset p = Presets.resolveWith(j.preset(), j.overrides());
                RenderJob job = RenderJob.resolve(p.toRenderSettings(how.toBuilder().out(Path.of("forecast" + p.extension())).build()));
                double rate = b == null ? Double.NaN : speed.computeIfAbsent(p.model(), m -> Estimate.calibrate(b, job.model(), job.ctx()));
                Estimate e = Estimate.of(job, job.plan(), rate);
                updates += e.computedUpdates();
                seconds += e.seconds();
            } catch (CellscapeException e) {
                // the job's own run reports it
            }
        }
        return String.format(Locale.ROOT, "%d render%s planned, %s cell updates%s", jobs.size(), jobs.size() == 1 ? "" : "s", Units.count(updates),
                b == null ? "" : ", about " + Units.duration(seconds) + " on " + b.describe().split("[ (]", 2)[0] + " (outputs that exist are skipped)");
    }

    /** Writes each job's preview (render.Preview) to its output. */
    static Batch.Executor previewWith(Backend backend, int px) {
        return (p, s) -> Images.write(Preview.render(RenderJob.resolve(s), backend, px).image(), s.out());
    }

    /** Renders each job's typed settings through the one render entry point, on one backend for the whole batch. */
    static Batch.Executor renderWith(Backend backend) {
        return (p, s) -> Render.run(s, backend, PassListener.NONE);
    }

    /**
     * The how-to-render settings of every job, from render's storage options ({@code --render-option}). Image
     * options there would quietly fight the presets, so they are refused.
     */
    static RenderSettings how(List<String> args, int threads) {
        RenderOptions ro = new RenderOptions();
        CommandLine cl = new CommandLine(ro);
        CommandLine.ParseResult pr;
        try {
            pr = cl.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw CellscapeException.invalid("--render-option: " + e.getMessage());
        }
        for (String image : List.of("--model", "--schedule", "--size", "--print", "--dpi", "--seed", "--fire-rate", "--colour-scale",
                "--colour-offset", "--bits", "--out", "--state-in", "--state-out"))
            if (pr.hasMatchedOption(image))
                throw CellscapeException.invalid("--render-option " + image + ": give image settings with --set (e.g. --set seed=3); "
                        + "--render-option takes --tile, --memory, --scratch, --store, --keep-scratch, --force-bigtiff");
        return ro.toSettings(threads);
    }
}
