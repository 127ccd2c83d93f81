package org.cellscape.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.cellscape.CellscapeException;
import org.cellscape.preset.Origin;
import org.cellscape.preset.OutputNames;
import org.cellscape.preset.PresetYaml;
import org.cellscape.preset.Presets;
import org.cellscape.preset.Setting;
import org.cellscape.preset.Suggest;
import org.cellscape.preset.Variants;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Turns batch inputs (preset files, folders of presets, batch files) into the list of renders, variants expanded.
 * An input that cannot be read or understood becomes one job that fails, never an error that stops the batch.
 *
 * <p>A batch file is a YAML list of jobs (or a mapping with a {@code jobs} list). A job is a preset path
 * (relative to the batch file) or a mapping: {@code preset} (required), {@code set} (overrides, nested or dotted
 * keys), {@code vary} (key: values, as for --vary, or a YAML list), {@code name} (output name template).
 */
public final class BatchPlan {
    static final List<String> JOB_KEYS = List.of("preset", "set", "vary", "name");

    /**
     * One render of the batch.
     *
     * @param source    where it came from ("presets/a.yaml", "jobs.yaml:4")
     * @param preset    the preset file
     * @param overrides settings on top of the preset, in order
     * @param template  output name template
     * @param variant   the varied values, "key=value ..." (empty without --vary)
     * @param planError why the job could not be planned, or null
     */
    public record Job(int number, String source, Path preset, List<Setting> overrides, String template, String variant,
                      CellscapeException planError) {
        public Job {
            overrides = List.copyOf(overrides);
        }

        /** The job for people: the preset (file stem until resolved, then its name) and the varied values. */
        public String label(String presetName) {
            return variant.isEmpty() ? presetName : presetName + " " + variant;
        }

        public String label() {
            return label(preset == null ? source : Presets.stem(preset));
        }
    }

    private final List<Setting> sets;
    private final List<Variants.Vary> varies;
    private final String template;
    private final List<Job> jobs = new ArrayList<>();

    private BatchPlan(List<Setting> sets, List<Variants.Vary> varies, String template) {
        this.sets = List.copyOf(sets);
        this.varies = List.copyOf(varies);
        this.template = template;
    }

    /**
     * Plans the batch. {@code sets} and {@code varies} (from the command line) apply to every job, after the job's
     * own; {@code template} is the --name template, or null for the default.
     */
    public static List<Job> plan(List<Path> inputs, List<Setting> sets, List<Variants.Vary> varies, String template) {
        BatchPlan p = new BatchPlan(sets, varies, template);
        for (Path in : inputs) p.input(in);
        return List.copyOf(p.jobs);
    }

    private void input(Path in) {
        if (Files.isDirectory(in)) {
            try {
                for (Path f : Presets.list(in)) input(f);
            } catch (CellscapeException e) {
                fail(in.toString(), in, e);
            }
            return;
        }
        if (!Files.exists(in)) { // other non-files (a FIFO, /dev/zero) are refused by name below
            fail(in.toString(), in, CellscapeException.badInput("no such preset, folder or batch file: " + in));
            return;
        }
        Node root;
        try {
            root = PresetYaml.compose(in, in.toString());
        } catch (CellscapeException e) {
            fail(in.toString(), in, e);
            return;
        }
        SequenceNode list = jobList(root);
        if (list == null) {
            add(in.toString(), in, List.of(), List.of(), null);
            return;
        }
        for (Node item : list.getValue()) {
            String where = in + ":" + PresetYaml.line(item);
            try {
                job(in, item, where);
            } catch (CellscapeException e) {
                fail(where, in, e);
            }
        }
    }

    /** The jobs of a batch file, or null when the file is a preset. */
    private static SequenceNode jobList(Node root) {
        if (root instanceof SequenceNode s) return s;
        if (root instanceof MappingNode m)
            for (NodeTuple t : m.getValue())
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("jobs")) {
                    if (t.getValueNode() instanceof SequenceNode s) return s;
                    throw CellscapeException.badInput("'jobs' must be a list, at " + PresetYaml.line(t.getValueNode()));
                }
        return null;
    }

    private void job(Path file, Node item, String where) {
        Path dir = file.toAbsolutePath().getParent();
        String shown = file.toString();
        if (item instanceof ScalarNode s) {
            add(where, dir.resolve(s.getValue().trim()), List.of(), List.of(), null);
            return;
        }
        if (!(item instanceof MappingNode m))
            throw CellscapeException.badInput("a job must be a preset path or a mapping (preset, set, vary, name) at " + where);
        Path preset = null;
        String name = null;
        List<Setting> set = new ArrayList<>();
        List<Variants.Vary> vary = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            Origin o = PresetYaml.origin(t.getKeyNode(), shown, true);
            String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
            Node v = t.getValueNode();
            switch (key) {
                case "preset" -> preset = dir.resolve(scalar(v, key, o));
                case "name" -> name = scalar(v, key, o);
                case "set" -> {
                    if (!(v instanceof MappingNode sm)) throw o.error("'set' must be a mapping of key: value");
                    PresetYaml.walk(sm, "", shown, true, set);
                }
                case "vary" -> {
                    if (!(v instanceof MappingNode vm)) throw o.error("'vary' must be a mapping of key: values");
                    for (NodeTuple vt : vm.getValue()) {
                        Origin vo = PresetYaml.origin(vt.getKeyNode(), shown, true);
                        String vk = ((ScalarNode) vt.getKeyNode()).getValue();
                        if (vt.getValueNode() instanceof SequenceNode vs) {
                            List<String> items = new ArrayList<>();
                            for (Node n : vs.getValue()) items.add(scalar(n, vk, vo));
                            vary.add(Variants.ofItems(vk, items, vo));
                        } else {
                            vary.add(Variants.of(vk, scalar(vt.getValueNode(), vk, vo), vo));
                        }
                    }
                }
                default -> throw new CellscapeException(CellscapeException.BAD_INPUT, "unknown job key '" + key + "'" + o.at() + Suggest.hint(key, JOB_KEYS));
            }
        }
        if (preset == null) throw CellscapeException.badInput("job has no 'preset' at " + where);
        add(where, preset, set, vary, name);
    }

    private static String scalar(Node n, String key, Origin o) {
        if (n instanceof ScalarNode s && !s.getValue().isEmpty()) return s.getValue();
        throw o.error("'" + key + "' must be a single value");
    }

    private void add(String source, Path preset, List<Setting> jobSets, List<Variants.Vary> jobVaries, String jobTemplate) {
        List<Variants.Vary> all = new ArrayList<>(jobVaries);
        all.addAll(varies);
        Set<String> varied = new LinkedHashSet<>();
        for (Variants.Vary v : all) varied.add(v.key());
        String t = jobTemplate != null ? jobTemplate : template != null ? template : OutputNames.defaultTemplate(List.copyOf(varied));
        List<List<Setting>> variants;
        try {
            variants = Variants.expand(all);
        } catch (CellscapeException e) {
            fail(source, preset, e);
            return;
        }
        for (List<Setting> variant : variants) {
            List<Setting> o = new ArrayList<>(jobSets);
            o.addAll(sets);
            o.addAll(variant);
            StringBuilder label = new StringBuilder();
            for (Setting s : variant) label.append(label.isEmpty() ? "" : " ").append(OutputNames.shortLabel(s.key())).append('=').append(s.value());
            jobs.add(new Job(jobs.size() + 1, source, preset, o, t, label.toString(), null));
        }
    }

    private void fail(String source, Path preset, CellscapeException e) {
        jobs.add(new Job(jobs.size() + 1, source, preset, List.of(), OutputNames.DEFAULT_TEMPLATE, "", e));
    }

    /** Jobs that write NAME-preview.png (a PNG whatever the preset's format), so skipping and the summary see previews. */
    public static List<Job> previews(List<Job> jobs) {
        Setting png = new Setting("format", "png", Origin.argument("--preview"));
        return jobs.stream().map(j -> {
            List<Setting> o = new ArrayList<>(j.overrides());
            o.add(png);
            return new Job(j.number(), j.source(), j.preset(), o, j.template() + "-preview", j.variant(), j.planError());
        }).toList();
    }
}
