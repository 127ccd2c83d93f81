package org.cellscape.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.cellscape.CellscapeException;
import org.cellscape.canvas.Layout;
import org.cellscape.image.ImageWriters;
import org.cellscape.image.WriterOptions;
import org.cellscape.render.RenderJob;
import org.cellscape.render.RenderSettings;

/**
 * A cluster render's scratch folder on Hadoop's FileSystem API: where it is, its manifest (the pixel parameters'
 * key and the layout, so a resumed driver reuses both and a render of other settings is refused), and which
 * passes are committed (a pass's {@code _COMMITTED} marker, written once all its tiles are there).
 */
final class Scratch {
    static final String MANIFEST = "manifest.properties", COMMITTED = "_COMMITTED";

    private Scratch() {}

    /** The file system of {@code p}; a local one without Hadoop's .crc side files (tiles carry their own CRC). */
    static FileSystem fs(Path p) throws IOException {
        FileSystem fs = p.getFileSystem(conf());
        return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    }

    private static Configuration conf() {
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        return env == null ? new Configuration() : org.apache.spark.deploy.SparkHadoopUtil.get().newConfiguration(env.conf());
    }

    /**
     * The render's folder in the scratch root ({@code scratch}, a URI or path; null: beside the output), named as the
     * local render names its own, with "-spark" so the two never share one.
     */
    static Path dir(RenderSettings s, String scratch, boolean localMaster) {
        String name = s.out().getFileName() + ".cellscape-spark-scratch";
        if (scratch == null) return new Path(RenderJob.scratchDir(s).resolveSibling(name).toAbsolutePath().toUri());
        Path root = new Path(scratch);
        // a relative path means the same folder to every task only when they all run in this JVM
        if (!root.isAbsolute() && localMaster) root = new Path(new java.io.File(scratch).getAbsoluteFile().toURI());
        return new Path(root, name);
    }

    /** Reads the manifest, writing it for a new render; refuses (exit 7) one of other settings. */
    static Layout manifest(FileSystem fs, Path dir, RenderJob job, String key) throws IOException {
        Path f = new Path(dir, MANIFEST);
        RenderSettings s = job.settings();
        if (s.fresh()) fs.delete(dir, true);
        if (!fs.exists(f)) {
            if (s.resume()) throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "nothing to resume: no checkpoint in " + dir);
            Properties p = new Properties();
            p.setProperty("key", key);
            Layout l = clusterLayout(job.layout(), s);
            p.setProperty("tile", Integer.toString(l.tile()));
            p.setProperty("passSteps", Integer.toString(l.passSteps()));
            p.setProperty("untiledCells", Long.toString(l.untiledCells()));
            fs.mkdirs(dir);
            try (OutputStream out = fs.create(f, true)) {
                p.store(out, "Cellscape cluster render");
            }
        }
        Properties p = new Properties();
        try (InputStream in = fs.open(f)) {
            p.load(in);
        }
        if (!key.equals(p.getProperty("key")))
            throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "scratch folder " + dir + " holds a checkpoint of a different render"
                    + "; use another scratch folder, or delete that one to start over");
        try {
            return new Layout(Integer.parseInt(p.getProperty("tile")), Integer.parseInt(p.getProperty("passSteps")),
                    Long.parseLong(p.getProperty("untiledCells")));
        } catch (RuntimeException e) {
            throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "checkpoint " + f + " is damaged (" + e.getMessage() + "); delete its folder to start over");
        }
    }

    static boolean committed(FileSystem fs, Path dir, int pass) throws IOException {
        return fs.exists(new Path(TileFiles.passDir(dir, pass), COMMITTED));
    }

    static void commit(FileSystem fs, Path dir, int pass) throws IOException {
        fs.create(new Path(TileFiles.passDir(dir, pass), COMMITTED), true).close();
    }

    /**
     * The driver's layout with every level larger than a tile cut in tiles, so each has tasks for every executor; a
     * tile size of its own choosing is cut to whole TIFF tiles, so the last pass's tasks can encode a TIFF's tiles.
     */
    static Layout clusterLayout(Layout local, RenderSettings s) {
        int tile = local.tile(), t = WriterOptions.DEFAULT_TILE_SIZE;
        if (s.tile() == 0 && tile > t && ImageWriters.formatOf(s.out()) == ImageWriters.Format.TIFF) tile -= tile % t;
        return new Layout(tile, local.passSteps(), 0);
    }
}
