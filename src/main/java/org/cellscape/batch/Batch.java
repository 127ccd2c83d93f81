package org.cellscape.batch;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cellscape.CellscapeException;
import org.cellscape.preset.OutputNames;
import org.cellscape.preset.Presets;
import org.cellscape.preset.ResolvedPreset;
import org.cellscape.preset.TextTable;
import org.cellscape.render.RenderSettings;

/**
 * Runs planned jobs one after another. Outputs that exist are skipped (so a stopped batch, run again, carries on
 * where it stopped), unless overwriting; a job that fails is recorded and the next one starts; degenerate
 * patterns are caught on the coarse levels before the expensive ones, and reported or rejected.
 */
public final class Batch {
    /**
     * How to run the batch.
     *
     * @param outDir           where outputs go (created if missing)
     * @param overwrite        render even when the output exists
     * @param check            run the degenerate-pattern check before each render
     * @param rejectDegenerate skip jobs the check finds degenerate
     * @param dryRun           plan only: resolve, name and list the jobs, render nothing
     * @param how              how every job is computed and stored (tiles, memory, scratch, ...); its output is replaced
     */
    public record Options(Path outDir, boolean overwrite, boolean check, boolean rejectDegenerate, boolean dryRun,
                          RenderSettings how) {
        public static Options defaults(Path outDir) {
            return new Options(outDir, false, true, false, false, RenderSettings.builder().build());
        }
    }

    public enum Status { DONE, SKIPPED, REJECTED, FAILED, PLANNED }

    /**
     * What became of one job. {@code label}: the preset's name (or file) and the varied values; {@code message}:
     * the error, or the check's verdict.
     */
    public record Result(BatchPlan.Job job, String label, Status status, double seconds, Path output, String message) {}

    /** Renders one job's settings to {@code settings.out()}, or throws. */
    @FunctionalInterface
    public interface Executor {
        void render(ResolvedPreset preset, RenderSettings settings) throws Exception;
    }

    /** Judges a job from its coarse levels. */
    @FunctionalInterface
    public interface Checker {
        Degeneracy.Verdict check(ResolvedPreset preset, RenderSettings settings);
    }

    private final Options options;
    private final Executor executor;
    private final Checker checker;
    private final PrintWriter log;

    public Batch(Options options, Executor executor, Checker checker, PrintWriter log) {
        this.options = options;
        this.executor = executor;
        this.checker = checker;
        this.log = log;
    }

    public List<Result> run(List<BatchPlan.Job> jobs) {
        List<Result> results = new ArrayList<>();
        Map<Path, Integer> claimed = new HashMap<>();
        for (BatchPlan.Job job : jobs) {
            Result r = runOne(job, claimed, "[" + job.number() + "/" + jobs.size() + "] ");
            results.add(r);
            log.println(line(r, jobs.size()));
            log.flush();
        }
        return results;
    }

    /** The log line of a finished job: "[n/N] label: status (message) in T s". */
    public static String line(Result r, int jobs) {
        return "[" + r.job().number() + "/" + jobs + "] " + r.label() + ": " + r.status().name().toLowerCase(Locale.ROOT)
                + (r.message() == null ? "" : " (" + r.message() + ")")
                + (r.status() == Status.DONE ? String.format(Locale.ROOT, " in %.1f s", r.seconds()) : "");
    }

    private Result runOne(BatchPlan.Job job, Map<Path, Integer> claimed, String counter) {
        String label = job.label();
        if (job.planError() != null) return new Result(job, label, Status.FAILED, 0, null, job.planError().getMessage());
        long t0 = System.nanoTime();
        Path out = null;
        try {
            ResolvedPreset p = Presets.resolveWith(job.preset(), job.overrides());
            label = job.label(p.name());
            String head = counter + label;
            out = OutputNames.resolve(options.outDir(), OutputNames.expand(job.template(), p, job.number()), p.extension());
            Integer other = claimed.putIfAbsent(out, job.number());
            if (other != null)
                return new Result(job, label, Status.FAILED, 0, out, "output name clashes with job " + other
                        + "; add the varied keys to the name template, e.g. {seed}");
            if (Files.exists(out) && !options.overwrite()) return new Result(job, label, Status.SKIPPED, 0, out, "exists");
            if (options.dryRun()) return new Result(job, label, Status.PLANNED, 0, out, null);
            Files.createDirectories(options.outDir());
            RenderSettings s = p.toRenderSettings(options.how().toBuilder().out(out).build());
            String note = null;
            if (options.check() && checker != null) {
                log.println(head + ": checking the coarse levels");
                log.flush();
                Degeneracy.Verdict v = checker.check(p, s);
                if (v.degenerate()) {
                    if (options.rejectDegenerate()) return new Result(job, label, Status.REJECTED, seconds(t0), out, v.message());
                    note = "warning: " + v.message();
                    log.println(head + ": " + note + "; rendering anyway (a batch that rejects degenerate jobs skips it)");
                }
            }
            log.println(head + ": rendering " + out.getFileName());
            log.flush();
            executor.render(p, s);
            if (!Files.exists(out)) throw new IllegalStateException("the render finished without writing " + out);
            return new Result(job, label, Status.DONE, seconds(t0), out, note);
        } catch (CellscapeException e) {
            return new Result(job, label, Status.FAILED, seconds(t0), out, e.getMessage());
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            // one job's failure, whatever it is, must not end the batch
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Result(job, label, Status.FAILED, seconds(t0), out, m.replaceAll("\\s+", " "));
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The summary table (job, status, time, output), then each failure's and warning's message in full. */
    public static void summary(PrintWriter out, List<Result> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"#", "JOB", "STATUS", "TIME", "OUTPUT"});
        int[] n = new int[Status.values().length];
        List<String> notes = new ArrayList<>();
        for (Result r : results) {
            n[r.status().ordinal()]++;
            String status = r.status().name().toLowerCase(Locale.ROOT);
            if (r.status() == Status.SKIPPED) status += " (exists)";
            else if (r.message() != null) {
                status += r.status() == Status.DONE ? " (warning)" : "";
                notes.add("  " + r.job().number() + " " + r.label() + ": " + r.message());
            }
            rows.add(new String[]{Integer.toString(r.job().number()), r.label(), status,
                    r.status() == Status.SKIPPED || r.status() == Status.PLANNED ? "-" : String.format(Locale.ROOT, "%.1fs", r.seconds()),
                    r.output() == null ? "-" : r.output().getFileName().toString()});
        }
        TextTable.print(out, rows);
        if (!notes.isEmpty()) {
            out.println("messages:");
            notes.forEach(out::println);
        }
        out.printf("%d jobs: %d done, %d skipped (output exists), %d rejected (degenerate), %d failed%s%n", results.size(),
                n[Status.DONE.ordinal()], n[Status.SKIPPED.ordinal()], n[Status.REJECTED.ordinal()], n[Status.FAILED.ordinal()],
                n[Status.PLANNED.ordinal()] > 0 ? ", " + n[Status.PLANNED.ordinal()] + " to render" : "");
        out.flush();
    }

    public static boolean anyFailed(List<Result> results) {
        return results.stream().anyMatch(r -> r.status() == Status.FAILED);
    }
}
