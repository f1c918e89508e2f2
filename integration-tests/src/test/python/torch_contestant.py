"""Contestant 1 of the benchmark: PyTorch in Python running the same TorchScript file with its
best settings on this CPU. For every batch size it tries NCHW and channels-last input and reports
the faster (inference only, on pre-made tensors), then the whole per-frame work at the best batch
size (PIL decode, resize, normalise, inference). Prints RESULT {json} lines like the Java
contestants.

  /usr/bin/python3 torch_contestant.py --workload fmnist --frames DIR --model DIR --batches 1,8
"""
import argparse
import io
import json
import math
import os
import resource
import time

import numpy as np
import torch
from PIL import Image


def read_properties(path):
    props = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                props[key.strip()] = value.strip()
    return props


class Preprocess:
    """The model's serving.properties preprocessing: resize (shorter side), centre crop,
    scale to [0, 1], normalise - what Frameflow's Java loader does."""

    def __init__(self, props):
        self.width = int(props["width"])
        self.height = int(props["height"])
        self.resize = int(props.get("resize", max(self.width, self.height)))
        self.channels = int(props.get("channels", 3))
        self.mean = np.array([float(v) for v in props["mean"].split(",")], dtype=np.float32)
        self.std = np.array([float(v) for v in props["std"].split(",")], dtype=np.float32)

    def __call__(self, encoded):
        image = Image.open(io.BytesIO(encoded))
        image = image.convert("L" if self.channels == 1 else "RGB")
        w, h = image.size
        scale = self.resize / min(w, h)
        image = image.resize((max(1, round(w * scale)), max(1, round(h * scale))),
                             Image.BILINEAR)
        w, h = image.size
        left, top = (w - self.width) // 2, (h - self.height) // 2
        image = image.crop((left, top, left + self.width, top + self.height))
        array = np.asarray(image, dtype=np.float32) / 255.0
        if array.ndim == 2:
            array = array[:, :, None]
        array = (array - self.mean) / self.std
        return torch.from_numpy(array.transpose(2, 0, 1).copy())


class Window:
    def __init__(self):
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def stop(self):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu
        return self


def emit(workload, contestant, batch, frames, fps, window, note):
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    row = {"workload": workload, "contestant": contestant, "load": "max", "batch": batch,
           "frames": frames, "framesPerSecond": fps, "p50Millis": math.nan,
           "p95Millis": math.nan, "p99Millis": math.nan,
           "cpuCores": window.cpu / max(window.wall, 1e-9), "peakRssMb": peak_mb, "note": note}
    print("RESULT " + json.dumps(row), flush=True)  # NaN as a bare token, as Gson writes it
    print(f"  {workload:8} {contestant:22} max  batch {batch:2}: {fps:8.1f} frames/s  ({note})",
          flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workload", required=True)
    p.add_argument("--frames", required=True)
    p.add_argument("--model", required=True, help="folder with one .pt and serving.properties")
    p.add_argument("--batches", default="1,4,8,16,32")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    # The float model, as Frameflow's ModelFolder finds it: <folder name>.pt, else the one .pt
    # that is not a half-precision export (<name>.fp16.pt).
    pt = os.path.basename(os.path.normpath(args.model)) + ".pt"
    if not os.path.isfile(os.path.join(args.model, pt)):
        pt = [f for f in os.listdir(args.model)
              if f.endswith(".pt") and not f.endswith(".fp16.pt")][0]
    model = torch.jit.load(os.path.join(args.model, pt)).eval()
    properties = read_properties(os.path.join(args.model, "serving.properties"))
    preprocess = Preprocess(properties)
    # An int8 model (quantize.py marks it) runs on this torch's default quantized engine.
    kernels = f", int8 on {torch.backends.quantized.engine}" if "quantization" in properties else ""
    files = sorted(os.listdir(args.frames))
    encoded = [open(os.path.join(args.frames, f), "rb").read() for f in files]
    tensors = torch.stack([preprocess(b) for b in encoded[:64]])
    batches = [int(b) for b in args.batches.split(",")]
    best = (0.0, 1)
    with torch.inference_mode():
        for batch in batches:
            x = tensors[:batch] if batch <= len(tensors) else tensors.repeat(
                (batch + len(tensors) - 1) // len(tensors), 1, 1, 1)[:batch]
            rounds = max(3, len(encoded) // batch)
            results = []
            for layout, memory_format in (("NCHW", torch.contiguous_format),
                                          ("channels-last", torch.channels_last)):
                xb = x.contiguous(memory_format=memory_format)
                for _ in range(3):
                    model(xb)
                window = Window()
                for _ in range(rounds):
                    model(xb)
                window.stop()
                results.append((rounds * batch / window.wall, layout, window))
            fps, layout, window = max(results, key=lambda r: r[0])
            best = max(best, (fps, batch))
            emit(args.workload, "python-pytorch", batch, rounds * batch, fps, window,
                 f"torch {torch.__version__}{kernels}, {args.threads} threads, {layout} input")
        batch = best[1]
        for i in range(0, min(len(encoded), batch * 2), batch):  # warm-up
            model(torch.stack([preprocess(b) for b in encoded[i:i + batch]]))
        # The model's own share is timed inside this loop too: the inference-only figures above
        # come from another loop, minutes earlier, on a machine whose speed drifts by a quarter.
        window = Window()
        inference = 0.0
        for i in range(0, len(encoded), batch):
            x = torch.stack([preprocess(b) for b in encoded[i:i + batch]])
            started = time.perf_counter()
            model(x)
            inference += time.perf_counter() - started
        window.stop()
        emit(args.workload, "python-pytorch-decode", batch, len(encoded),
             len(encoded) / window.wall, window,
             f"PIL decode + preprocess + inference, batch {batch}; its inference alone"
             f" {len(encoded) / inference:.0f} frames/s")


if __name__ == "__main__":
    main()
