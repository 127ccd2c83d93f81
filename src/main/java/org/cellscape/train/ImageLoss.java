package org.cellscape.train;

/**
 * A loss on a sample's final colour image beside the patch loss, such as a pretrained network's style loss or a text
 * prompt's CLIP loss. Images are planar RGB in float64, {@code img[(c * h + y) * w + x]}, values about [0, 1], as
 * {@link PatchLoss} takes them.
 *
 * <p>Implementations must be safe to call from several threads at once (the trainer computes a batch's samples in
 * parallel) and deterministic in {@code key}: the same image and key give the same bits, so a resumed run computes
 * what an uninterrupted one would.
 */
public interface ImageLoss {
    /** A short name for logs and metrics, e.g. {@code "style"} or {@code "clip"}. */
    String name();

    /** The weight this loss enters the total with. */
    double weight();

    /**
     * Returns the unweighted loss of {@code img} (w x h) and adds {@code weight() * d loss / d img} into {@code grad}
     * (same layout). {@code key} seeds anything random (crops, augmentations) for this sample and iteration.
     */
    double lossAndGradient(double[] img, int w, int h, long key, double[] grad);
}
