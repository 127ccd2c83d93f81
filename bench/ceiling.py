"""The peers bench/ceiling.sh compares Cellscape with, each printing one 'name value' line:

  sgemm THREADS            OpenBLAS sgemm 2048^3 through numpy: GFLOP/s (best of 5)
  step THREADS SIZE        PyTorch CPU step of a Google texture NCA 12/96 (docs/nca-step.md): M cell-updates/s
  train THREADS STEPS      one PyTorch autograd training iteration at `cellscape train --bench`'s settings: s/iter

Plain PyTorch, written the way a texture-NCA user would: depthwise 3x3 perception, two 1x1 convolutions, the
multi-scale patch sliced-Wasserstein loss of docs/training.md, Adam. Random weights and exemplar: only time counts.
"""
import sys
import time

import numpy as np


def sgemm(threads):
    n = 2048
    a = np.random.rand(n, n).astype(np.float32)
    b = np.random.rand(n, n).astype(np.float32)
    a @ b
    times = sorted(timed(lambda: a @ b) for _ in range(9))
    # best and median of 9 products: the step's bench reports its best and median run, so like is set beside like
    print("sgemm_gflops %.1f" % (2.0 * n ** 3 / times[0] * 1e-9))
    print("sgemm_median_gflops %.1f" % (2.0 * n ** 3 / times[4] * 1e-9))


def timed(f):
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


def nca(torch, channels=12, hidden=96):
    """Weights and the step of Google's texture NCA: identity, Sobel/8 and Laplacian/8 perception, clips of 2."""
    F = torch.nn.functional
    ident = torch.tensor([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=torch.float32)
    sob = torch.tensor([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=torch.float32) / 8
    lap = torch.tensor([[1, 2, 1], [2, -12, 2], [1, 2, 1]], dtype=torch.float32) / 8
    kern = torch.stack([ident, sob, sob.T, lap]).repeat(channels, 1, 1)[:, None]  # [C*4, 1, 3, 3]
    g = torch.Generator().manual_seed(1)
    w1 = (torch.rand(hidden, channels * 4, 1, 1, generator=g) - 0.5) * 0.3
    b1 = torch.zeros(hidden)
    w2 = (torch.rand(channels, hidden, 1, 1, generator=g) - 0.5) * 0.1
    b2 = torch.zeros(channels)
    params = [w1.requires_grad_(), b1.requires_grad_(), w2.requires_grad_(), b2.requires_grad_()]

    def step(s):
        p = F.conv2d(F.pad(s, (1, 1, 1, 1), mode="circular"), kern, groups=channels).clamp(-2, 2)
        h = F.conv2d(p, w1, b1).relu().clamp(max=2)
        u = F.conv2d(h, w2, b2).clamp(-2, 2)
        fire = (torch.rand(s.shape[0], 1, s.shape[2], s.shape[3]) < 0.5).float()
        return (s + u * fire).clamp(-2, 2)

    return step, params


def step_bench(torch, threads, size):
    step, params = nca(torch)
    s = torch.rand(1, 12, size, size) - 0.5
    with torch.no_grad():
        for _ in range(2):
            s = step(s)
        steps = 8
        best = min(timed(lambda: [step(s) for _ in range(steps)]) for _ in range(3))
    print("torch_step_mcells %.3f" % (size * size * steps / best * 1e-6))


def patch_loss(torch, img, ex, levels=4, patch=7, projections=64, max_ex=4096):
    """Sliced Wasserstein distance of all (wrapped) patches of img [B,3,H,W] to the exemplar's, per pyramid level."""
    F = torch.nn.functional
    total = 0
    terms = [(lv, patch, 1.0) for lv in range(levels)] + [(0, 1, 1.0)]
    pyr_g, pyr_e = [img], [ex]
    for _ in range(levels - 1):
        pyr_g.append(F.avg_pool2d(pyr_g[-1], 2))
        pyr_e.append(F.avg_pool2d(pyr_e[-1], 2))
    for lv, p, w in terms:
        d = 3 * p * p
        proj = torch.randn(d, projections)
        proj = proj / proj.norm(dim=0, keepdim=True)
        g = pyr_g[lv]
        if p > 1:
            g = F.pad(g, (0, p - 1, 0, p - 1), mode="circular")
        gp = F.unfold(g, p).transpose(1, 2) @ proj  # [B, n, P]
        ep = F.unfold(pyr_e[lv], p).transpose(1, 2)[0]
        if ep.shape[0] > max_ex:
            ep = ep[torch.randint(ep.shape[0], (max_ex,))]
        es = (ep @ proj).sort(dim=0).values  # [m, P]
        gs = gp.sort(dim=1).values
        n, m = gs.shape[1], es.shape[0]
        q = ((torch.arange(n) + 0.5) * m / n).long().clamp(max=m - 1)  # nearest quantile
        total = total + w * ((gs - es[q][None]) ** 2).mean(dim=(1, 2)).sum()
    return total


def train_bench(torch, threads, steps, size=64, batch=4, iterations=3):
    step, params = nca(torch)
    opt = torch.optim.Adam(params, lr=2e-3)
    ex = torch.rand(1, 3, 128, 128)
    pool = torch.zeros(batch, 12, size, size)

    def iteration():
        s = pool.clone()
        for _ in range(steps):
            s = step(s)
        rgb = s[:, :3] * 0.5 + 0.5
        overflow = 10 * ((s - s.clamp(-1, 1)) ** 2).mean() * batch
        loss = patch_loss(torch, rgb, ex) + overflow
        opt.zero_grad()
        loss.backward()
        for p in params:  # per-tensor normalised gradients, as the trainer does
            p.grad /= p.grad.norm() + 1e-8
        opt.step()
        pool.copy_(s.detach())

    iteration()  # warm-up
    t = sorted(timed(iteration) for _ in range(iterations))
    print("torch_train_s %.3f" % t[len(t) // 2])


def main():
    what, threads = sys.argv[1], int(sys.argv[2])
    if what == "sgemm":
        return sgemm(threads)
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    if what == "step":
        step_bench(torch, threads, int(sys.argv[3]))
    elif what == "train":
        train_bench(torch, threads, int(sys.argv[3]))
    else:
        sys.exit("unknown peer " + what)


if __name__ == "__main__":
    main()
