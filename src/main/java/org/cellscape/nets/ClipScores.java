package org.cellscape.nets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cellscape.image.TextFile;

/**
 * The CLIP scores of a folder's images, {@code clip-scores.tsv} beside them: written by a batch ranked by a prompt,
 * shown by the gallery. One line per image: score, file name, prompt, tab-separated, in the order given (a ranking's: best first).
 */
public final class ClipScores {
    public static final String FILE = "clip-scores.tsv";

    /** One image's score for one prompt. */
    public record Score(String file, String prompt, double score) {}

    private ClipScores() {}

    public static void write(Path dir, List<Score> scores) {
        StringBuilder b = new StringBuilder("# score\tfile\tprompt (CLIP cosine similarity)\n");
        scores.forEach(s ->
                b.append(String.format(Locale.ROOT, "%.4f", s.score())).append('\t').append(s.file()).append('\t')
                        .append(s.prompt().replaceAll("[\\t\\r\\n]", " ")).append('\n'));
        TextFile.write(dir.resolve(FILE), b.toString());
    }

    /** The scores of {@code dir}'s images by file name; none when there is no such file. Lines that do not parse are left out. */
    public static Map<String, Score> read(Path dir) {
        Map<String, Score> m = new LinkedHashMap<>();
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return m;
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String[] p = line.split("\t", 3);
                if (line.startsWith("#") || p.length != 3) continue;
                try {
                    m.putIfAbsent(p[1], new Score(p[1], p[2], Double.parseDouble(p[0])));
                } catch (NumberFormatException e) {
                    // a hand-edited line: no score for that image
                }
            }
        } catch (IOException e) {
            return m;
        }
        return m;
    }
}
