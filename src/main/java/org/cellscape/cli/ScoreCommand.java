package org.cellscape.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cellscape.nets.ClipModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cellscape score --clip DIR --prompt TEXT IMAGE...}: each image's CLIP similarity to each prompt. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Print each image's CLIP similarity to each text prompt: the cosine of the two embeddings, -1..1.",
                "--clip names a Hugging Face CLIP folder (config.json, model.safetensors, vocab.json, merges.txt), e.g. a copy of "
                        + "openai/clip-vit-base-patch32; each image's centred square is resized to the model's input."},
        footer = {"", "A first check of a model's weights: with openai/clip-vit-base-patch32 a caption that fits usually scores",
                "about 0.25-0.35 and one that does not about 0.1-0.2, and a plain red image scores higher for \"red\" than",
                "for \"blue\". Prompts are cut at the model's context (75 tokens), with a warning.",
                "",
                "Examples:",
                "  cellscape score --clip clip-vit-base-patch32 --prompt \"mossy stones\" renders/*.png",
                "  cellscape score --clip clip-vit-base-patch32 --prompt red --prompt blue red.png blue.png"})
public final class ScoreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--clip", required = true, paramLabel = "DIR", description = "The CLIP model folder.")
    Path clip;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "A text prompt (repeatable: a column each).")
    List<String> prompts;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Images (PNG, TIFF, JPEG, ...).")
    List<Path> images;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        ClipModel m = ClipModel.load(clip, false);
        double[][] text = new double[prompts.size()][];
        for (int p = 0; p < text.length; p++) text[p] = m.embedPrompt(prompts.get(p), w -> err.println("cellscape: warning: " + w));
        err.flush();
        if (text.length > 1) {
            for (String p : prompts) out.printf("%-9s ", org.cellscape.TerminalText.escape(p.length() > 9 ? p.substring(0, 8) + "~" : p));
            out.println("image");
        }
        for (Path f : images) {
            double[] e = m.embedImage(f);
            for (double[] t : text) out.printf("%-9s ", String.format(Locale.ROOT, "% .4f", ClipModel.cosine(e, t)));
            out.println(f);
            out.flush();
        }
        return 0;
    }
}
