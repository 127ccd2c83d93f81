package org.cellscape.canvas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellscape.CellscapeException;

/**
 * The resume manifest, {@code manifest.json} in the scratch folder: a SHA-256 of every parameter that affects pixels,
 * those parameters in words (to say what differs), the layout the render was cut with, and the progress: passes
 * finished and tiles finished in the current pass (tiles finish in order).
 *
 * <p>Crash safety: the scratch data a checkpoint counts is forced to disk before the checkpoint is written, and the
 * manifest is replaced atomically (write temp, force, rename), so a kill at any instant leaves either the old or the
 * new manifest, each describing data that is on disk.
 */
public record Checkpoint(int format, String key, Map<String, String> parameters, int tile, int passSteps, long untiledCells,
                         int pass, int tiles) {
    public static final int FORMAT = 1;
    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Checkpoint {
        parameters = Map.copyOf(parameters);
    }

    public static Checkpoint start(Map<String, String> pixelParameters, Layout layout) {
        return new Checkpoint(FORMAT, key(pixelParameters), new LinkedHashMap<>(pixelParameters), layout.tile(), layout.passSteps(), layout.untiledCells(), 0, 0);
    }

    public Layout layout() {
        return new Layout(tile, passSteps, untiledCells);
    }

    public Checkpoint at(int pass, int tiles) {
        return new Checkpoint(format, key, parameters, tile, passSteps, untiledCells, pass, tiles);
    }

    /** SHA-256 (hex) of the parameters, one "name=value" line each, in the given order. */
    public static String key(Map<String, String> parameters) {
        StringBuilder b = new StringBuilder();
        parameters.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return sha256(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names of the parameters whose values differ between this checkpoint and {@code wanted}. */
    public List<String> differences(Map<String, String> wanted) {
        List<String> d = new ArrayList<>();
        for (var e : wanted.entrySet())
            if (!e.getValue().equals(parameters.get(e.getKey()))) d.add(e.getKey());
        for (String k : parameters.keySet()) if (!wanted.containsKey(k)) d.add(k);
        return d;
    }

    /** The checkpoint in a scratch folder, or null when there is none. */
    public static Checkpoint read(Path folder) {
        Path f = folder.resolve(FILE);
        try {
            Checkpoint c = JSON.readValue(Files.readAllBytes(f), Checkpoint.class);
            if (c == null || c.key == null) // JSON null, or no key to compare
                throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "checkpoint " + f + " is damaged (no key); delete the scratch folder to start over");
            if (c.format != FORMAT) throw new CellscapeException(CellscapeException.RESUME_MISMATCH,
                    f + " is a checkpoint of format " + c.format + ", this version reads " + FORMAT + "; delete the scratch folder to start over");
            try {
                c.layout(); // an edited or damaged layout must be refused here, not fail later as a crash
            } catch (IllegalArgumentException e) {
                throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "checkpoint " + f + " is damaged (" + e.getMessage() + "); delete the scratch folder to start over");
            }
            return c;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "cannot read checkpoint " + f + " (" + e.getMessage().lines().findFirst().orElse("") + "); delete the scratch folder to start over");
        }
    }

    /** Replaces the manifest atomically and durably. */
    public void write(Path folder) {
        Path f = folder.resolve(FILE), tmp = folder.resolve(FILE + ".tmp");
        try {
            byte[] bytes = JSON.writeValueAsBytes(this);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw CellscapeException.io("cannot write checkpoint " + f + ": " + e.getMessage(), e);
        }
    }
}
