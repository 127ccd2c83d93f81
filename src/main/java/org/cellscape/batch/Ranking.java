package org.cellscape.batch;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cellscape.CellscapeException;
import org.cellscape.nets.ClipModel;
import org.cellscape.nets.ClipScores;

/** A batch's outputs ranked by their CLIP similarity to a prompt, printed best first and kept beside them for the gallery. */
public final class Ranking {
    private Ranking() {}

    /**
     * Scores every output that exists (rendered now or before), prints the ranking and writes
     * {@link ClipScores#FILE} into {@code outDir}; returns the scores, best first.
     */
    public static List<ClipScores.Score> rank(List<Batch.Result> results, Path clip, String prompt, Path outDir, PrintWriter log) {
        List<Path> outputs = new ArrayList<>();
        for (Batch.Result r : results)
            if ((r.status() == Batch.Status.DONE || r.status() == Batch.Status.SKIPPED) && r.output() != null && Files.isRegularFile(r.output()))
                outputs.add(r.output());
        if (outputs.isEmpty()) {
            log.println("nothing to rank: no outputs");
            return List.of();
        }
        ClipModel m = ClipModel.load(clip, false);
        double[] text = m.embedPrompt(prompt, w -> log.println("cellscape: warning: " + w));
        List<ClipScores.Score> scores = new ArrayList<>();
        for (Path f : outputs) {
            try {
                scores.add(new ClipScores.Score(f.getFileName().toString(), prompt, ClipModel.cosine(m.embedImage(f), text)));
            } catch (CellscapeException e) {
                log.println("cellscape: warning: not ranked: " + e.getMessage());
            }
        }
        scores.sort((a, b) -> Double.compare(b.score(), a.score()));
        ClipScores.write(outDir, scores);
        log.println("ranked by CLIP similarity to \"" + org.cellscape.TerminalText.escape(prompt) + "\" (" + outDir.resolve(ClipScores.FILE) + "):");
        for (int i = 0; i < scores.size(); i++)
            log.printf(Locale.ROOT, "%4d  %.4f  %s%n", i + 1, scores.get(i).score(), scores.get(i).file());
        log.flush();
        return scores;
    }
}
