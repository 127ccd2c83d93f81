#!/usr/bin/python3
"""Writes vgg-fixture.safetensors beside this script: PyTorch's numbers for a VGG-shaped network with random weights,
which VggParityTest compares with Cellscape's Java implementation.

Run once by hand (Debian: apt-get install python3-torch), from anywhere: /usr/bin/python3 make_vgg_fixture.py
The tests read the committed output and do not need torch.

The net is torchvision's vgg16().features[:26] layer for layer (same indices, so the same state-dict names), with
conv1_1 4 wide instead of 64 (widths 4, 8, 16, 32, 32) to keep the file small. Weights and images are drawn, rounded
to float32 (what Java reads) and then computed in float64, so the reference numbers carry no float32 error.
"""
import json
import os
import struct

import torch
import torch.nn as nn

WIDTH = 4
H, W = 36, 40        # odd pooled sizes on the way down: 36 -> 18 -> 9 -> 4, 40 -> 20 -> 10 -> 5 -> 2
EH, EW = 44, 48      # the exemplar
TAPS = {1: "relu1_1", 6: "relu2_1", 11: "relu3_1", 18: "relu4_1", 25: "relu5_1"}
MEAN = torch.tensor([0.485, 0.456, 0.406], dtype=torch.float64)[:, None, None]
STD = torch.tensor([0.229, 0.224, 0.225], dtype=torch.float64)[:, None, None]


def features(w):
    cfg = [w, w, "M", 2 * w, 2 * w, "M", 4 * w, 4 * w, 4 * w, "M", 8 * w, 8 * w, 8 * w, "M", 8 * w]
    layers, c = [], 3
    for v in cfg:
        if v == "M":
            layers.append(nn.MaxPool2d(2, 2))
        else:
            layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU()]
            c = v
    return nn.Sequential(*layers)


class Vgg(nn.Module):
    def __init__(self, w):
        super().__init__()
        self.features = features(w)


def taps(net, img):
    x = (img - MEAN) / STD
    out = []
    for i, layer in enumerate(net.features):
        x = layer(x)
        if i in TAPS:
            out.append(x)
    return out


def gram(f):
    c = f.shape[1]
    f = f.reshape(c, -1)
    return f @ f.T / f.shape[1]


def style_loss(fs, ts):
    """Cellscape's Gram loss: per layer sum((G - T)^2) / sum(T^2), summed."""
    return sum(((gram(f) - gram(t)) ** 2).sum() / (gram(t) ** 2).sum() for f, t in zip(fs, ts))


def f32(t):
    return t.float().double()


def main():
    torch.manual_seed(20261201)
    net = Vgg(WIDTH)
    with torch.no_grad():
        for m in net.features:
            if isinstance(m, nn.Conv2d):
                m.weight.copy_(f32(torch.randn_like(m.weight) * (2.0 / (m.in_channels * 9)) ** 0.5))
                m.bias.copy_(f32(torch.randn_like(m.bias) * 0.05))
    net = net.double()
    img = f32(torch.rand(1, 3, H, W, dtype=torch.float64)).requires_grad_(True)
    ex = f32(torch.rand(1, 3, EH, EW, dtype=torch.float64))
    out = {k: v.detach().float() for k, v in net.state_dict().items()}
    out["input"] = img.detach()[0].float()
    out["exemplar"] = ex[0].float()

    fs = taps(net, img)
    probes = [f32(torch.randn_like(f)) for f in fs]
    (g,) = torch.autograd.grad(sum((p * f).sum() for p, f in zip(probes, fs)), img)
    for name, f, p in zip(TAPS.values(), fs, probes):
        out[name] = f.detach()[0].float()
        out["probe." + name] = p[0].float()
    out["grad.probe"] = g[0].float()

    with torch.no_grad():
        ts = taps(net, ex)
    loss = style_loss(taps(net, img), ts)
    (g,) = torch.autograd.grad(loss, img)
    out["gram.loss"] = loss.detach().reshape(1).float()
    out["grad.gram"] = g[0].float()
    write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "vgg-fixture.safetensors"), out)


def write(path, tensors):
    """safetensors by hand (F32, names sorted), so the script needs torch alone."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        data = struct.pack("<%df" % t.numel(), *t.flatten().tolist())
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path + ".partial", "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
    os.replace(path + ".partial", path)


if __name__ == "__main__":
    main()
