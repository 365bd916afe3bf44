"""Makes a tiny TorchScript clip-model bundle for EmoStream's tests (a real model.pt DJL must load).

    apt-get install -y --no-install-recommends python3-torch   # Debian's PyTorch (1.13)
    /usr/bin/python3 tools/torchscript-fixture/make_clip_model.py

Writes model-training/src/test/resources/io/emostream/model/bundles/torchscript-tiny/:
model.pt, manifest.json (with sha256) and expected.json: the probabilities the model gives for
clips whose every frame is one flat colour (so EmoStream's preprocessing is exact to compute here).
The model: mean over time and pixels of the normalised RGB clip -> Linear(3, 7) -> logits.
"""
import hashlib
import json
import pathlib

import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "model-training/src/test/resources/io/emostream/model/bundles/torchscript-tiny"
FRAMES, SIZE, MEAN, SCALE = 4, 16, [127.5, 127.5, 127.5], 127.5
COLOURS = {"warm": [200, 100, 50], "dark": [10, 20, 30]}


class TinyClipModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(3, 7)
        with torch.no_grad():
            self.fc.weight.copy_(torch.arange(21, dtype=torch.float32).reshape(7, 3) / 10 - 1)
            self.fc.bias.copy_(torch.linspace(-0.3, 0.3, 7))

    def forward(self, x):  # [N, T, S, S, 3] float32, normalised
        return self.fc(x.mean(dim=(1, 2, 3)))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    model = torch.jit.script(TinyClipModel().eval())
    model.save(str(OUT / "model.pt"))

    expected = {}
    for name, rgb in COLOURS.items():
        x = ((torch.tensor(rgb, dtype=torch.float32) - torch.tensor(MEAN)) / SCALE).expand(1, FRAMES, SIZE, SIZE, 3)
        expected[name] = {"rgb": rgb, "probabilities": torch.softmax(model(x), dim=1)[0].tolist()}
    (OUT / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")

    sha = hashlib.sha256((OUT / "model.pt").read_bytes()).hexdigest()
    manifest = {
        "format": "emostream-model-bundle/1",
        "architecture": "torchscript-clip",
        "version": "torchscript-tiny-test",
        "input": {"frames": FRAMES, "size": SIZE, "mean": MEAN, "scale": SCALE,
                  "padding": "centred-zeros", "resize": "tf-legacy-bilinear"},
        "output": "logits",
        "classes": ["neutral", "happy", "sad", "angry", "fear", "disgust", "surprise"],
        "files": [{"path": "model.pt", "sha256": sha}],
        "metrics": {},
        "created": "2026-11-28T00:00:00Z",
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} (torch {torch.__version__}, model.pt sha256 {sha[:12]}...)")


if __name__ == "__main__":
    main()
