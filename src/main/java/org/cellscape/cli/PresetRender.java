package org.cellscape.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cellscape.CellscapeException;
import org.cellscape.preset.Origin;
import org.cellscape.preset.OutputNames;
import org.cellscape.preset.PresetFolders;
import org.cellscape.preset.Presets;
import org.cellscape.preset.ResolvedPreset;
import org.cellscape.preset.Setting;
import org.cellscape.render.RenderSettings;
import picocli.CommandLine.ParseResult;

/**
 * {@code cellscape render PRESET [--set KEY=VALUE ...]}: the preset gives what to render; image options typed on
 * the command line (--seed, --size, ...) and --set override it, in that order; the other options say how.
 * Without a preset, --model or --schedule, the default preset is rendered (at --size or --print when given); a
 * preset may be named ("lichen") and is then found in the preset folders ({@link PresetFolders}).
 */
record PresetRender(RenderSettings settings, String presetName) {
    /** Render options that change the image, and the preset keys they override. */
    private static final Map<String, String> IMAGE_OPTIONS = new LinkedHashMap<>();

    static {
        IMAGE_OPTIONS.put("--model", "model");
        IMAGE_OPTIONS.put("--schedule", "schedule");
        IMAGE_OPTIONS.put("--size", "size");
        IMAGE_OPTIONS.put("--print", "print");
        IMAGE_OPTIONS.put("--dpi", "dpi");
        IMAGE_OPTIONS.put("--seed", "seed");
        IMAGE_OPTIONS.put("--fire-rate", "fire_rate");
        IMAGE_OPTIONS.put("--colour-scale", "colour.scale");
        IMAGE_OPTIONS.put("--colour-offset", "colour.offset");
        IMAGE_OPTIONS.put("--gradient", "colour.gradient");
        IMAGE_OPTIONS.put("--lut", "colour.lut");
        IMAGE_OPTIONS.put("--bits", "bits");
    }

    static PresetRender of(RenderSettings cli, Path preset, List<String> sets, ParseResult parsed) {
        // "cellscape render --size 512x512 --out x.png" renders the default preset at that size; with --model or
        // --schedule, the user meant a render from options and hears what is missing
        boolean fromOptions = Stream.of("--model", "--schedule").anyMatch(parsed::hasMatchedOption);
        if (preset == null && !fromOptions) preset = defaultPreset();
        else if (preset != null) preset = PresetFolders.system().find(preset);
        if (preset == null) {
            if (!sets.isEmpty()) throw new CellscapeException(CellscapeException.USAGE, "--set needs a PRESET to override (e.g. cellscape render presets/default.yaml --set seed=3)");
            return new PresetRender(cli, null);
        }
        List<Setting> o = new ArrayList<>();
        IMAGE_OPTIONS.forEach((option, key) -> {
            if (parsed.hasMatchedOption(option)) {
                List<String> typed = parsed.matchedOption(option).stringValues();
                String v = typed.getLast();
                o.add(new Setting(key, v, Origin.argument(option + " " + v)));
            }
        });
        for (String s : sets) o.add(Presets.parseSet(s, "--set"));
        ResolvedPreset r = Presets.resolveWith(preset, o);
        Path out = cli.out() != null ? cli.out() : Path.of(OutputNames.finish(r.name()) + r.extension());
        return new PresetRender(r.toRenderSettings(cli.toBuilder().out(out).build()), r.name());
    }

    /** The default preset of the preset folders (the working folder's, the user's, the project's), or null. */
    static Path defaultPreset() {
        return PresetFolders.system().defaultPreset();
    }
}
