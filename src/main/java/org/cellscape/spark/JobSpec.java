package org.cellscape.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.cellscape.engine.ControlSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cellscape.CellscapeException;
import org.cellscape.batch.Cluster;
import org.cellscape.canvas.Checkpoint;
import org.cellscape.canvas.Layout;
import org.cellscape.canvas.Precision;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Size;
import org.cellscape.render.RenderJob;
import org.cellscape.render.RenderSettings;

/**
 * A render as plain data an executor can rebuild it from: the pixel settings as text, the model's, LUT's and control map's bytes
 * (executors need not see the driver's files), the driver's layout, the scratch folder and the backend. An executor
 * that resolves it to other pixel parameters (another program version, say) refuses to compute.
 */
record JobSpec(String modelName, byte[] model, String schedule, long seed, long width, long height, float fireRate,
               float colourScale, float colourOffset, String store, String lutName, byte[] lut, String gradient,
               int tile, int passSteps, long untiledCells, String key, String scratch,
               String backend, int threads, String device, ControlFiles control) implements Serializable {
    /**
     * A control map as data: each file's rule (null for a legend map), name and bytes, the legend text and the
     * default rule. Rebuilt on an executor into the same map (its identity hashes the files' contents).
     */
    record ControlFiles(String[] rules, String[] names, byte[][] data, String legend, String defaultRule) implements Serializable {
        static ControlFiles of(ControlSpec c) {
            if (c == null) return null;
            int n = c.map() != null ? 1 : c.weights().size();
            String[] rules = new String[n], names = new String[n];
            byte[][] data = new byte[n][];
            if (c.map() != null) {
                names[0] = c.map().getFileName().toString();
                data[0] = bytes(c.map());
            } else {
                int i = 0;
                for (var e : c.weights().entrySet()) {
                    rules[i] = e.getKey();
                    names[i] = e.getValue().getFileName().toString();
                    data[i++] = bytes(e.getValue());
                }
            }
            String legend = c.legend().isEmpty() ? null : String.join(",", c.legend().stream().map(Object::toString).toList());
            return new ControlFiles(rules, names, data, legend, c.defaultRule());
        }

        ControlSpec write(Path dir) throws IOException {
            List<String> controls = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                Path f = Files.write(Files.createDirectories(dir.resolve("control-" + i)).resolve(names[i]), data[i]);
                controls.add(rules[i] == null ? f.toString() : rules[i] + "=" + f);
            }
            return ControlSpec.parse(controls, legend, defaultRule);
        }
    }

    static JobSpec of(RenderJob job, Layout layout, String scratchDir, Cluster.Target t) {
        RenderSettings s = job.settings();
        return new JobSpec(s.model().getFileName().toString(), bytes(s.model()), job.schedule().toString(), s.seed(),
                job.outWidth(), job.outHeight(), s.fireRate(), s.colourScale(), s.colourOffset(), job.precision().id(),
                s.lut() == null ? null : s.lut().getFileName().toString(), s.lut() == null ? null : bytes(s.lut()), s.gradient(),
                layout.tile(), layout.passSteps(), layout.untiledCells(), Checkpoint.key(job.pixelParameters()), scratchDir,
                t.backend(), t.threads(), t.device(), ControlFiles.of(s.control()));
    }

    Layout layout() {
        return new Layout(tile, passSteps, untiledCells);
    }

    /**
     * The job on this machine: the model, LUT and control files written by their own names (so they hash and name
     * alike) into a temporary folder, read once into the job, and deleted again.
     */
    RenderJob resolve() {
        Path dir;
        try {
            dir = Files.createTempDirectory("cellscape-job");
        } catch (IOException e) {
            throw CellscapeException.io("cannot make a temporary folder on executor host " + TileFiles.host() + ": " + e.getMessage(), e);
        }
        try {
            return resolve(dir);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // a leftover in the temporary folder is no reason to fail a tile
        }
    }

    private RenderJob resolve(Path dir) {
        try {
            Path m = Files.write(Files.createDirectories(dir.resolve("model")).resolve(modelName), model);
            Path l = lut == null ? null : Files.write(Files.createDirectories(dir.resolve("lut")).resolve(lutName), lut);
            RenderSettings s = RenderSettings.builder().model(m).schedule(Schedule.parse(schedule)).seed(seed)
                    .size(new Size(width, height)).fireRate(fireRate).colourScale(colourScale).colourOffset(colourOffset)
                    .store(Precision.parse(store)).lut(l).gradient(gradient).tile(tile)
                    .control(control == null ? null : control.write(dir.resolve("control"))).build();
            RenderJob job = RenderJob.resolve(s);
            if (!Checkpoint.key(job.pixelParameters()).equals(key))
                throw new CellscapeException(CellscapeException.RESUME_MISMATCH, "this executor resolves the render to other pixel parameters "
                        + job.pixelParameters() + " than the driver: run the same Cellscape version on every machine");
            return job;
        } catch (IOException e) {
            throw CellscapeException.io("cannot write the job's model to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw CellscapeException.badInput(f + ": " + e.getMessage());
        }
    }
}
