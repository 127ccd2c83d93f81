package org.cellscape.train;

import org.cellscape.nets.Vgg16;
import org.cellscape.nets.VggStyle;

/** The VGG16 style loss of a config's {@link TrainConfig.Style} as one of the trainer's image losses. */
public final class StyleLoss implements ImageLoss {
    private final VggStyle style;
    private final double weight;

    private StyleLoss(VggStyle style, double weight) {
        this.style = style;
        this.weight = weight;
    }

    /** The loss against {@code ex} (the exemplar as trained on: scaled already) on {@code net}, whose hash the config records. */
    public static StyleLoss of(Vgg16 net, TrainConfig.Style s, Exemplar ex) {
        if (!net.hash().equals(s.hash())) throw new IllegalArgumentException("the config's style net is " + s.hash() + ", not " + net.hash());
        VggStyle.Kind kind = "sw".equals(s.loss()) ? VggStyle.Kind.SW : VggStyle.Kind.GRAM;
        return new StyleLoss(new VggStyle(net, kind, s.projections(), ex.rgb(), ex.width(), ex.height()), s.weight());
    }

    public VggStyle style() {
        return style;
    }

    @Override
    public String name() {
        return "style";
    }

    @Override
    public double weight() {
        return weight;
    }

    @Override
    public double lossAndGradient(double[] img, int w, int h, long key, double[] grad) {
        return style.loss(img, w, h, key, grad, weight);
    }
}
