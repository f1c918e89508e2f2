"""Reads the Fashion-MNIST IDX files (as shipped by Debian's dataset-fashion-mnist package)."""
import gzip
import os
import struct

import numpy as np

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"
LABELS = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
# Per-pixel statistics of the 60 000 training images, after scaling to [0, 1].
MEAN = 0.2860
STD = 0.3530


def _open(path):
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


def _find(directory, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(f"{stem}[.gz] not found in {directory}; "
                            "install Debian's dataset-fashion-mnist or pass --data")


def load(split: str, directory: str = DEFAULT_DIR):
    """Returns (images uint8 [N, 28, 28], labels int64 [N]) for split 'train' or 't10k'."""
    with _open(_find(directory, f"{split}-images-idx3-ubyte")) as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            raise ValueError(f"bad IDX image magic {magic}")
        images = np.frombuffer(f.read(n * rows * cols), dtype=np.uint8).reshape(n, rows, cols)
    with _open(_find(directory, f"{split}-labels-idx1-ubyte")) as f:
        magic, n2 = struct.unpack(">II", f.read(8))
        if magic != 2049 or n2 != n:
            raise ValueError("bad IDX label file")
        labels = np.frombuffer(f.read(n2), dtype=np.uint8).astype(np.int64)
    return images, labels


def write_pngs(images, labels, directory):
    """Writes images as <directory>/<label>/<index>.png, the folder layout of image datasets
    (calibration for quantize.py, inputs for `frameflow backfill`)."""
    from PIL import Image

    for i, (image, label) in enumerate(zip(images, labels)):
        folder = os.path.join(directory, str(int(label)))
        os.makedirs(folder, exist_ok=True)
        Image.fromarray(image, mode="L").save(os.path.join(folder, f"{i:05d}.png"))
