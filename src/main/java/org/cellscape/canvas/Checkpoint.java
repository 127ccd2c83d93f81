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
 * finished and tiles finished in the current pass (tiles finish in order), with a CRC32C of each finished tile as
 * stored (hex, 8 digits a tile): {@code tileCrcs} for the current pass, {@code sourceCrcs} for the complete pass it
 * reads. A resume checks the data against them, so damaged scratch is recomputed or refused, never encoded.
 *
 * <p>Crash safety: the scratch data a checkpoint counts is forced to disk before the checkpoint is written, and the
 * manifest is replaced atomically (write temp, force, rename), so a kill at any instant leaves either the old or the
 * new manifest, each describing data that is on disk.
 */
public record Checkpoint(int format, String key, Map<String, String> parameters, int tile, int passSteps, long untiledCells,
                         int pass, int tiles, String sourceCrcs, String tileCrcs) {
    public static final int FORMAT = 2;
    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Checkpoint {
        parameters = Map.copyOf(parameters);
        if (sourceCrcs == null) sourceCrcs = "";
        if (tileCrcs == null) tileCrcs = "";
    }

    public static Checkpoint start(Map<String, String> pixelParameters, Layout layout) {
        return new Checkpoint(FORMAT, key(pixelParameters), new LinkedHashMap<>(pixelParameters), layout.tile(), layout.passSteps(), layout.untiledCells(), 0, 0, "", "");
    }

    public Layout layout() {
        return new Layout(tile, passSteps, untiledCells);
    }

    /** The progress {@code pass}, {@code tiles}, with the first {@code tiles} of {@code tileCrcs} and all of {@code sourceCrcs}. */
    public Checkpoint at(int pass, int tiles, int[] sourceCrcs, int[] tileCrcs) {
        return new Checkpoint(format, key, parameters, tile, passSteps, untiledCells, pass, tiles, hex(sourceCrcs, sourceCrcs.length), hex(tileCrcs, tiles));
    }

    /** All {@code passes} done, with the last pass's CRCs kept (a resume re-encodes its cache after checking it). */
    public Checkpoint finished(int passes, int[] sourceCrcs, int[] tileCrcs) {
        return new Checkpoint(format, key, parameters, tile, passSteps, untiledCells, passes, 0, hex(sourceCrcs, sourceCrcs.length), hex(tileCrcs, tileCrcs.length));
    }

    private static String hex(int[] crcs, int n) {
        StringBuilder b = new StringBuilder(n * 8);
        for (int i = 0; i < n; i++) b.append(HexFormat.of().toHexDigits(crcs[i]));
        return b.toString();
    }

    /** CRCs from their hex text, or null when it is not 8 hex digits a tile. */
    public static int[] crcs(String hex) {
        if (hex.length() % 8 != 0) return null;
        int[] c = new int[hex.length() / 8];
        try {
            for (int i = 0; i < c.length; i++) c[i] = HexFormat.fromHexDigits(hex, i * 8, i * 8 + 8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return c;
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
