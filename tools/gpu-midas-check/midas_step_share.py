"""MIDAS cost on a GPU, measured with a PyTorch mirror of EmoStream's training step.

The lent GPU machines have Python PyTorch but no Java, so this mirrors, in PyTorch, what
ClipTrainer does per step (not the Java code itself): the FaceFeatureExtractor architecture
(4 dense blocks of face-api, 3->32->64->128->256, separable convs, additive dense connections),
the temporal head (projection, residual temporal conv, attention pooling, classifier), soft
cross-entropy, AdamW; and Midas.mix (random-permutation partners, lambda ~ Beta(0.8, 0.8) per
pair, frame-by-frame blend of clips and soft labels). Prints clips/s with and without mixing and
the share of a step spent mixing, per batch size.

Run: python3 tools/gpu-midas-check/midas_step_share.py   (needs CUDA; falls back to CPU)
"""
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Sep(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.dw = nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False)
        self.pw = nn.Conv2d(cin, cout, 1)

    def forward(self, x):
        return self.pw(self.dw(x))


class Dense(nn.Module):
    def __init__(self, cin, cout, first):
        super().__init__()
        self.c0 = nn.Conv2d(cin, cout, 3, 2, 1) if first else Sep(cin, cout, 2)
        self.c1, self.c2, self.c3 = Sep(cout, cout, 1), Sep(cout, cout, 1), Sep(cout, cout, 1)

    def forward(self, x):
        o1 = F.relu(self.c0(x))
        o2 = self.c1(o1)
        o3 = self.c2(F.relu(o1 + o2))
        o4 = self.c3(F.relu(o1 + o2 + o3))
        return F.relu(o1 + o2 + o3 + o4)


class ClipNet(nn.Module):
    def __init__(self, hidden=128):
        super().__init__()
        ch = [3, 32, 64, 128, 256]
        self.enc = nn.Sequential(*[Dense(ch[i], ch[i + 1], i == 0) for i in range(4)])
        self.proj = nn.Linear(256, hidden)
        self.temporal = nn.Conv1d(hidden, hidden, 3, padding=1)
        self.att = nn.Linear(hidden, 1)
        self.drop = nn.Dropout(0.2)
        self.cls = nn.Linear(hidden, 7)

    def forward(self, clips):  # [N, T, S, S, 3]
        n, t, s, _, c = clips.shape
        f = self.enc(clips.reshape(n * t, s, s, c).permute(0, 3, 1, 2)).mean((2, 3)).reshape(n, t, 256)
        h = F.relu(self.proj(f))
        m = h + F.relu(self.temporal(h.transpose(1, 2))).transpose(1, 2)
        w = torch.softmax(self.att(m), 1)
        return self.cls(self.drop((m * w).sum(1)))


def midas_mix(x, y, beta):
    b = x.shape[0]
    perm = torch.randperm(b, device=x.device)
    lam = beta.sample((b,)).to(x.device)
    lx = lam.view(b, 1, 1, 1, 1)
    return x * lx + x[perm] * (1 - lx), y * lam.view(b, 1) + y[perm] * (1 - lam.view(b, 1))


def run(device, batch, frames=16, size=112, steps=20, mix=True):
    torch.manual_seed(0)
    net = ClipNet().to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=0.05)
    beta = torch.distributions.Beta(torch.tensor(0.8), torch.tensor(0.8))
    x = torch.randn(batch, frames, size, size, 3, device=device)
    y = torch.softmax(torch.randn(batch, 7, device=device), 1)
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    step_t = mix_t = 0.0
    for i in range(steps + 3):
        sync()
        t0 = time.perf_counter()
        xb, yb = x, y
        if mix:
            xb, yb = midas_mix(x, y, beta)
            sync()
        t1 = time.perf_counter()
        loss = -(yb * F.log_softmax(net(xb), 1)).sum(1).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_value_(net.parameters(), 1.0)
        opt.step()
        sync()
        t2 = time.perf_counter()
        if i >= 3:  # warm-up steps excluded
            step_t += t2 - t0
            mix_t += t1 - t0
    return batch * steps / step_t, mix_t / step_t


def main():
    device = "cuda" if torch.cuda.is_available() else "cpu"
    name = torch.cuda.get_device_name(0) if device == "cuda" else "cpu"
    print(f"torch {torch.__version__} on {name}; T=16 frames at 112x112, encoder trained, AdamW")
    for batch in (16, 64):
        soft, _ = run(device, batch, mix=False)
        midas, share = run(device, batch, mix=True)
        soft2, _ = run(device, batch, mix=False)
        print(f"batch {batch:3d}: SOFT {soft:8.1f} / {soft2:8.1f} clips/s, MIDAS {midas:8.1f} clips/s, "
              f"ratio {midas / max(soft, soft2):.3f}, mixing {100 * share:.2f} % of a MIDAS step")


if __name__ == "__main__":
    main()
