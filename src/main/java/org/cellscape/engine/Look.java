package org.cellscape.engine;

import org.cellscape.model.NcaModel;

/**
 * What a render looks like beyond the model's weights: the fire rate and the colour mapping in force, each the
 * model's own unless overridden. The one place that rule lives; renders, tuning, checks and previews all ask here.
 *
 * @param fireRate the probability that a cell updates in a step
 * @param colours  state to colour
 */
public record Look(float fireRate, ColourMap colours) {
    /** The model's look with the given overrides applied; NaN keeps the model's value. */
    public static Look of(NcaModel model, float fireRate, float colourScale, float colourOffset) {
        return new Look(Float.isNaN(fireRate) ? model.fireRate() : fireRate,
                new ColourMap(Float.isNaN(colourScale) ? model.colourScale() : colourScale,
                        Float.isNaN(colourOffset) ? model.colourOffset() : colourOffset));
    }

    /** The model's own look. */
    public static Look of(NcaModel model) {
        return new Look(model.fireRate(), ColourMap.of(model));
    }

    /** The step context of a render with this look and seed. */
    public StepContext context(long seed) {
        return new StepContext(seed, fireRate);
    }
}
