package org.cellscape.preset;

import java.nio.file.Path;
import java.util.List;
import org.cellscape.engine.ColourGrade;
import org.cellscape.engine.ControlSpec;
import org.cellscape.engine.Look;
import org.cellscape.engine.Schedule;
import org.cellscape.engine.Size;
import org.cellscape.model.NcaModel;
import org.cellscape.render.RenderSettings;

/**
 * A preset with every value decided and typed, and the settings (text and origin) it was made from.
 *
 * @param file         the preset file, or null when there was none
 * @param name         short name (defaults to the file's stem)
 * @param model        the model file, resolved against the preset's folder
 * @param schedule     the schedule as written (seed size may be "auto")
 * @param fitted       the schedule fitted to the output size (its seed size decided), computed once
 * @param width        output width in pixels, or 0 for the schedule's own size
 * @param height       output height, or 0
 * @param dpi          resolution to record in the file, 0 = unknown
 * @param fireRate     NaN = the model's
 * @param colourScale  NaN = the model's
 * @param colourOffset NaN = the model's
 * @param format       "png" or "tiff"
 * @param lut          .cube LUT resolved against the preset's folder, null = none
 * @param gradient     gradient map text, null = none
 * @param settings     every setting in display order, with its origin
 * @param control      the control map (image paths resolved against the preset's folder), null = none
 */
public record ResolvedPreset(Path file, String name, String description, Path model, Schedule schedule, Schedule fitted, long seed,
                             long width, long height, double dpi, float fireRate, float colourScale,
                             float colourOffset, String format, int bits, Path lut, String gradient, List<Setting> settings,
                             ControlSpec control) {
    public ResolvedPreset {
        settings = List.copyOf(settings);
    }

    /** The schedule fitted to the output size (its seed size decided). */
    public Schedule fittedSchedule() {
        return fitted;
    }

    public long outputWidth() {
        return width > 0 ? width : schedule.finalWidth();
    }

    public long outputHeight() {
        return height > 0 ? height : schedule.finalHeight();
    }

    /** The look in force: the model's, with this preset's fire rate and colour overrides and its colour grade. */
    public Look look(NcaModel m) {
        Look l = Look.of(m, fireRate, colourScale, colourOffset);
        return new Look(l.fireRate(), l.colours().withGrade(ColourGrade.of(lut, gradient)));
    }

    /** File extension for the format, with the dot. */
    public String extension() {
        return format.equals("tiff") ? ".tif" : ".png";
    }

    /** The text value of a setting, or null for an unknown key. */
    public String value(String key) {
        for (Setting s : settings) if (s.key().equals(key)) return s.value();
        return null;
    }

    /** The schedule text of the resolved preset (compact form, seed size as written). */
    public String scheduleText() {
        return schedule.toString();
    }

    /**
     * Render settings: what to render from this preset (model, fitted schedule, size, seed, look, bits), how to
     * compute and store it (output, threads, tiles, memory, scratch, store, state files, resume) from {@code how}.
     * A control map in {@code how} (typed on the command line) replaces the preset's.
     */
    public RenderSettings toRenderSettings(RenderSettings how) {
        return how.toBuilder().model(model).schedule(fitted).seed(seed).size(width > 0 ? new Size(width, height) : null)
                .dpi(dpi).fireRate(fireRate).colourScale(colourScale).colourOffset(colourOffset).bits(bits).lut(lut).gradient(gradient).preset(name)
                .control(how.control() != null ? how.control() : control).build();
    }
}
