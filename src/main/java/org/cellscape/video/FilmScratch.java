package org.cellscape.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Npy;
import org.cellscape.engine.Tile;
import org.cellscape.image.LockFile;
import org.cellscape.image.TextFile;
import org.cellscape.image.video.FolderSource;

/**
 * The scratch folder of a film: frames made so far ({@code frames/000001.png}, each written whole under a partial
 * name), each level's colours ({@code levels/level-K.png}, for zooms), the state of the last finished level
 * ({@code state-K.npy}) and {@code film.txt}, the settings they belong to. A rerun of the same command resumes
 * from them; other settings are refused (exit 7) unless fresh.
 */
final class FilmScratch implements AutoCloseable {
    private static final Pattern STATE = Pattern.compile("state-(\\d+)\\.npy");
    private final Path dir;
    private final LockFile lock;

    private FilmScratch(Path dir, LockFile lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /** Locks the folder and checks (or writes) its key; {@code fresh} discards whatever it held. */
    static FilmScratch open(Path dir, String key, boolean fresh) {
        try {
            Files.createDirectories(dir.resolve("frames"));
            Files.createDirectories(dir.resolve("levels"));
        } catch (IOException e) {
            throw CellscapeException.io("cannot create scratch folder " + dir + ": " + e.getMessage(), e);
        }
        FilmScratch s = new FilmScratch(dir, LockFile.acquire(dir.resolve("lock"), "another film is using scratch folder " + dir));
        try {
            Path keyFile = dir.resolve("film.txt");
            String old = Files.exists(keyFile) ? Files.readString(keyFile) : null;
            if (old != null && !old.equals(key) && !fresh)
                throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "scratch folder " + dir + " holds frames of other settings");
            if (fresh || old != null && !old.equals(key)) s.deleteData();
            if (!key.equals(old)) TextFile.write(keyFile, key);
            return s;
        } catch (IOException e) {
            s.close();
            throw CellscapeException.io("cannot read scratch folder " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    Path frame(int index) {
        return dir.resolve("frames").resolve(FolderSource.name(index));
    }

    Path frames() {
        return dir.resolve("frames");
    }

    boolean hasFrame(int index) {
        return Files.isRegularFile(frame(index));
    }

    int framesKept(int frames) {
        int n = 0;
        for (int i = 0; i < frames; i++) if (hasFrame(i)) n++;
        return n;
    }

    Path level(int level) {
        return dir.resolve("levels").resolve(String.format(Locale.ROOT, "level-%d.png", level));
    }

    /**
     * The number of the last kept state, or -1: a level for growth and zoom films (its state when finished), the
     * frames done for a controlled film.
     */
    int lastCheckpoint() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> STATE.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(-1);
        } catch (IOException e) {
            throw CellscapeException.io("cannot read scratch folder " + dir + ": " + e.getMessage(), e);
        }
    }

    Tile checkpoint(int number) {
        return Npy.read(state(number));
    }

    /** Keeps a state as {@code number} (written whole, then renamed) and drops those before. */
    void saveCheckpoint(int number, Tile state) {
        Npy.write(state(number), state);
        for (int l = 0; l < number; l++) {
            try {
                Files.deleteIfExists(state(l));
            } catch (IOException e) {
                throw CellscapeException.io("cannot delete " + state(l) + ": " + e.getMessage(), e);
            }
        }
    }

    private Path state(int number) {
        return dir.resolve(String.format(Locale.ROOT, "state-%d.npy", number));
    }

    /** Deletes the frames, level colours and checkpoints (not the lock, not the folder). */
    private void deleteData() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                String n = p.getFileName().toString();
                if (p.equals(dir) || n.equals("lock") || n.equals("frames") || n.equals("levels")) continue;
                Files.delete(p);
            }
        }
    }

    /** Removes everything this film made, the folder too, once the output is written. */
    void deleteAll() {
        try {
            deleteData();
            Files.deleteIfExists(dir.resolve("frames"));
            Files.deleteIfExists(dir.resolve("levels"));
        } catch (IOException e) {
            throw CellscapeException.io("cannot clean scratch folder " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        lock.close();
    }

    /** After {@link #deleteAll} and {@link #close}: the folder goes when it is empty. */
    static void removeFolder(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // something else was put there: leave it
        }
    }
}
