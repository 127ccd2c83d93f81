#!/usr/bin/env python3
"""Writes the CLIP fixtures next to this script, from plain Python and plain PyTorch (no transformers package):

  tiny/      a scaled-down CLIP folder in the Hugging Face layout (config.json, model.safetensors, vocab.json,
             merges.txt): the same architecture and tensor names as openai/clip-vit-base-patch32, with random weights
  tokens.json  token ids of tricky strings under tiny/'s vocabulary, from the tokenizer below
  expected.safetensors  inputs, the towers' outputs and the input gradient, computed in float64

Sources followed: the tokenizer is OpenAI's published simple_tokenizer.py algorithm (bytes_to_unicode, the
pre-tokenising regex, BPE with '</w>'), without ftfy/html clean-up; the model is Hugging Face's modeling_clip.py
(CLIPTextTransformer, CLIPVisionTransformer, CLIPEncoderLayer, CLIPAttention with q scaled by head_dim^-0.5, quick
GELU, pre_layrnorm, the pooled EOT token and class token, bias-free projections).
Run by hand (Debian: python3-regex, python3-torch): python3 make_clip_fixtures.py [--tokens-only]. CI never runs it."""
import collections, json, os, struct, sys
import regex as re

HERE = os.path.dirname(os.path.abspath(__file__))
TINY = os.path.join(HERE, "tiny")
PAT = re.compile(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""", re.IGNORECASE)
CONTEXT = 77


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_ENCODER = bytes_to_unicode()


def clean(text):
    return re.sub(r"\s+", " ", text).strip().lower()


def pieces(text):
    """The pre-tokenised words, each as byte-level unicode."""
    return ["".join(BYTE_ENCODER[b] for b in t.encode("utf-8")) for t in PAT.findall(clean(text))]


def learn_merges(corpus, count):
    """Plain BPE training: repeatedly merge the most frequent adjacent pair (ties: the smallest pair)."""
    words = collections.Counter()
    for line in corpus:
        for p in pieces(line):
            words[tuple(p[:-1]) + (p[-1] + "</w>",)] += 1
    merges, made = [], set()
    while len(merges) < count:
        pairs = collections.Counter()
        for w, f in words.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] += f
        cands = [p for p in pairs if "".join(p) not in made]
        if not cands:
            break
        best = min(cands, key=lambda p: (-pairs[p], p))
        merges.append(best)
        made.add("".join(best))
        nw = collections.Counter()
        for w, f in words.items():
            out, i = [], 0
            while i < len(w):
                if i < len(w) - 1 and (w[i], w[i + 1]) == best:
                    out.append(w[i] + w[i + 1])
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            nw[tuple(out)] += f
        words = nw
    return merges


def bpe(token, ranks):
    if token in ("<|startoftext|>", "<|endoftext|>"):
        return [token]
    word = tuple(token[:-1]) + (token[-1] + "</w>",)
    while len(word) > 1:
        pairs = set(zip(word, word[1:]))
        best = min(pairs, key=lambda p: ranks.get(p, float("inf")))
        if best not in ranks:
            break
        out, i = [], 0
        while i < len(word):
            if i < len(word) - 1 and (word[i], word[i + 1]) == best:
                out.append(word[i] + word[i + 1])
                i += 2
            else:
                out.append(word[i])
                i += 1
        word = tuple(out)
    return list(word)


def encode(text, vocab, ranks):
    ids = [vocab[t] for p in pieces(text) for t in bpe(p, ranks)]
    return [vocab["<|startoftext|>"]] + ids[:CONTEXT - 2] + [vocab["<|endoftext|>"]]


CORPUS = ["a photo of mossy stones", "red flames and blue water", "lichen on the rocks, coral in the sea",
          "the the the stones stones moss moss", "a painting of a forest at night", "fire fire flames red red",
          "it's the texture of bark and leaves", "marble, granite and sandstone", "photo photo of a cat"]
TRICKY = ["a photo of mossy stones", "Red FLAMES!!!", "amarble andstones anight ared", "it's they're we'll I'd you've don't", "1234 and 3.14159",
          "café naïve Ærø", "e\u0301te\u0301 (decomposed accents)", "🔥 fire 🌊water 👩‍👩‍👧", "supercalifragilisticexpialidocious",
          "  lots   of\t\twhitespace \n runs\u00a0 ", "hello,world...again?!", "日本語のテキスト", "<|startoftext|>special<|endoftext|>",
          "ÜNÏCÖDÉ Straße", "", "stones " * 90]


def write_tokenizer():
    os.makedirs(TINY, exist_ok=True)
    merges = learn_merges(CORPUS, 120)
    base = list(BYTE_ENCODER.values())
    tokens = base + [b + "</w>" for b in base] + ["".join(m) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
    vocab = {t: i for i, t in enumerate(tokens)}
    with open(os.path.join(TINY, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(TINY, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(a + " " + b + "\n" for a, b in merges))
    ranks = {m: i for i, m in enumerate(merges)}
    cases = [{"text": t, "ids": encode(t, vocab, ranks)} for t in TRICKY]
    with open(os.path.join(HERE, "tokens.json"), "w", encoding="utf-8") as f:
        json.dump(cases, f, ensure_ascii=False, indent=0)
    return vocab, ranks, cases


TEXT = dict(hidden_size=32, intermediate_size=64, num_attention_heads=2, num_hidden_layers=2, max_position_embeddings=CONTEXT,
            hidden_act="quick_gelu", layer_norm_eps=1e-5)
VISION = dict(hidden_size=64, intermediate_size=128, num_attention_heads=4, num_hidden_layers=2, image_size=64, patch_size=16,
              num_channels=3, hidden_act="quick_gelu", layer_norm_eps=1e-5)
PROJECTION = 24


def safetensors(path, tensors):
    """The container written with struct: F16, F32 and I64 tensors (name -> torch tensor), keys in insertion order."""
    import torch
    kinds = {torch.float16: "F16", torch.float32: "F32", torch.int64: "I64"}
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        data = t.contiguous().numpy().tobytes()
        header[name] = {"dtype": kinds[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(data)]}
        blobs.append(data)
        off += len(data)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def random_weights(g, vocab_size):
    import torch
    w = {}

    def put(name, *shape, scale=None, around=0.0):
        s = scale if scale is not None else shape[-1] ** -0.5
        w[name] = (around + s * torch.randn(*shape, generator=g, dtype=torch.float64)).to(torch.float16)

    def tower(prefix, cfg):
        d, m = cfg["hidden_size"], cfg["intermediate_size"]
        for i in range(cfg["num_hidden_layers"]):
            p = f"{prefix}.encoder.layers.{i}."
            for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
                put(p + f"self_attn.{proj}.weight", d, d)
                put(p + f"self_attn.{proj}.bias", d, scale=0.1)
            for ln in ("layer_norm1", "layer_norm2"):
                put(p + ln + ".weight", d, scale=0.1, around=1.0)
                put(p + ln + ".bias", d, scale=0.1)
            put(p + "mlp.fc1.weight", m, d)
            put(p + "mlp.fc1.bias", m, scale=0.1)
            put(p + "mlp.fc2.weight", d, m)
            put(p + "mlp.fc2.bias", d, scale=0.1)

    t, v = TEXT["hidden_size"], VISION["hidden_size"]
    put("text_model.embeddings.token_embedding.weight", vocab_size, t, scale=0.5)
    put("text_model.embeddings.position_embedding.weight", CONTEXT, t, scale=0.2)
    w["text_model.embeddings.position_ids"] = torch.arange(CONTEXT).unsqueeze(0)
    tower("text_model", TEXT)
    put("text_model.final_layer_norm.weight", t, scale=0.1, around=1.0)
    put("text_model.final_layer_norm.bias", t, scale=0.1)
    p, n = VISION["patch_size"], (VISION["image_size"] // VISION["patch_size"]) ** 2 + 1
    put("vision_model.embeddings.class_embedding", v, scale=0.5)
    put("vision_model.embeddings.patch_embedding.weight", v, 3, p, p, scale=(3 * p * p) ** -0.5)
    put("vision_model.embeddings.position_embedding.weight", n, v, scale=0.2)
    w["vision_model.embeddings.position_ids"] = torch.arange(n).unsqueeze(0)
    put("vision_model.pre_layrnorm.weight", v, scale=0.1, around=1.0)
    put("vision_model.pre_layrnorm.bias", v, scale=0.1)
    tower("vision_model", VISION)
    put("vision_model.post_layernorm.weight", v, scale=0.1, around=1.0)
    put("vision_model.post_layernorm.bias", v, scale=0.1)
    put("visual_projection.weight", PROJECTION, v)
    put("text_projection.weight", PROJECTION, t)
    w["logit_scale"] = torch.tensor(2.6592, dtype=torch.float32)
    return w


def encoder(x, w, prefix, cfg, causal):
    import torch
    n, d = x.shape[-2], cfg["hidden_size"]
    heads = cfg["num_attention_heads"]
    hd = d // heads
    eps = cfg["layer_norm_eps"]
    lin = lambda h, name: h @ w[name + ".weight"].T + w[name + ".bias"]
    ln = lambda h, name: torch.nn.functional.layer_norm(h, (d,), w[name + ".weight"], w[name + ".bias"], eps)
    mask = torch.full((n, n), float("-inf"), dtype=x.dtype).triu(1) if causal else torch.zeros(n, n, dtype=x.dtype)
    for i in range(cfg["num_hidden_layers"]):
        p = f"{prefix}.encoder.layers.{i}."
        r = x
        h = ln(x, p + "layer_norm1")
        q = lin(h, p + "self_attn.q_proj") * hd ** -0.5
        k, v = lin(h, p + "self_attn.k_proj"), lin(h, p + "self_attn.v_proj")
        split = lambda t: t.view(*t.shape[:-1], heads, hd).transpose(-3, -2)
        a = torch.softmax(split(q) @ split(k).transpose(-1, -2) + mask, dim=-1) @ split(v)
        a = a.transpose(-3, -2).reshape(*x.shape)
        x = r + lin(a, p + "self_attn.out_proj")
        r = x
        h = lin(ln(x, p + "layer_norm2"), p + "mlp.fc1")
        h = h * torch.sigmoid(1.702 * h)
        x = r + lin(h, p + "mlp.fc2")
    return x


def text_embeds(w, ids, eot):
    import torch
    out = []
    for row in ids:  # padded to the context with the end token, as the Hugging Face tokenizer pads openai's models
        t = torch.tensor(row + [eot] * (CONTEXT - len(row)))
        x = w["text_model.embeddings.token_embedding.weight"][t] + w["text_model.embeddings.position_embedding.weight"]
        x = encoder(x, w, "text_model", TEXT, True)
        x = torch.nn.functional.layer_norm(x, (TEXT["hidden_size"],), w["text_model.final_layer_norm.weight"],
                                           w["text_model.final_layer_norm.bias"], TEXT["layer_norm_eps"])
        out.append(x[row.index(eot)] @ w["text_projection.weight"].T)
    return torch.stack(out)


def image_embeds(w, pixels):
    import torch
    p = VISION["patch_size"]
    e = torch.nn.functional.conv2d(pixels, w["vision_model.embeddings.patch_embedding.weight"], stride=p).flatten(2).transpose(1, 2)
    cls = w["vision_model.embeddings.class_embedding"].expand(pixels.shape[0], 1, -1)
    x = torch.cat([cls, e], dim=1) + w["vision_model.embeddings.position_embedding.weight"]
    ln = lambda h, name: torch.nn.functional.layer_norm(h, (VISION["hidden_size"],), w[name + ".weight"], w[name + ".bias"], VISION["layer_norm_eps"])
    x = encoder(ln(x, "vision_model.pre_layrnorm"), w, "vision_model", VISION, False)
    return ln(x[:, 0], "vision_model.post_layernorm") @ w["visual_projection.weight"].T


def write_model(vocab, cases):
    import torch
    g = torch.Generator().manual_seed(18)
    weights = random_weights(g, len(vocab))
    safetensors(os.path.join(TINY, "model.safetensors"), weights)
    config = {"architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": PROJECTION, "logit_scale_init_value": 2.6592,
              "text_config": dict(TEXT, vocab_size=len(vocab), bos_token_id=vocab["<|startoftext|>"], eos_token_id=vocab["<|endoftext|>"]),
              "vision_config": VISION}
    with open(os.path.join(TINY, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    w = {k: v.to(torch.float64) for k, v in weights.items() if v.is_floating_point()}
    prompts = [cases[0]["ids"], cases[1]["ids"], cases[-1]["ids"]]
    text = text_embeds(w, prompts, vocab["<|endoftext|>"])
    pixels = torch.randn(2, 3, VISION["image_size"], VISION["image_size"], generator=g, dtype=torch.float64).to(torch.float16)
    x = pixels.to(torch.float64).requires_grad_(True)
    img = image_embeds(w, x)
    loss = (1 - torch.nn.functional.cosine_similarity(img, text[0:1].expand_as(img), dim=-1)).sum()
    loss.backward()
    safetensors(os.path.join(HERE, "expected.safetensors"), {
        "prompt_ids": torch.tensor([[len(r)] + r + [0] * (CONTEXT - len(r)) for r in prompts]),
        "text_embeds": text.to(torch.float32), "pixel_values": pixels, "image_embeds": img.detach().to(torch.float32),
        "loss": loss.detach().to(torch.float32).reshape(1), "pixel_grad": x.grad.to(torch.float32)})
    print("text_embeds[0]", text[0, :4].tolist(), "loss", loss.item())


if __name__ == "__main__":
    vocab, ranks, cases = write_tokenizer()
    for c in cases[:3]:
        print(c["text"], c["ids"])
    if "--tokens-only" not in sys.argv:
        write_model(vocab, cases)
