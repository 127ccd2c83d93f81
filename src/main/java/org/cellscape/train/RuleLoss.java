package org.cellscape.train;

/**
 * An image loss that applies to one rule of a multi-rule model only, such as that rule's text prompt: the trainer
 * gives it the pixels under that rule (a whole sample of the rule, or its half of a mixed sample, weighted 1/2 as
 * the patch loss's halves are) and nothing of the other rules.
 */
public record RuleLoss(ImageLoss loss, int rule, String ruleName) implements ImageLoss {
    @Override
    public String name() {
        return loss.name() + "-" + ruleName;
    }

    @Override
    public double weight() {
        return loss.weight();
    }

    @Override
    public double lossAndGradient(double[] img, int w, int h, long key, double[] grad) {
        return loss.lossAndGradient(img, w, h, key, grad);
    }
}
