"""Trains the second model of the model-lifecycle tests: a small MobileNetV1 (alpha 0.25) that sorts
Fashion-MNIST into five coarse categories instead of the bundled model's ten classes.

The lifecycle tests swap it in and out of a running job beside the bundled model. Its labels share
no name with the bundled model's, and it has another output width, so a prediction made by one
model but tagged with the other cannot pass unnoticed. Same input as the bundled model (28x28
grayscale, the same mean and std), so the stream's decoded frames fit both.

Writes into --out: <name>.pt, synset.txt, serving.properties, metadata.json (about 0.9 MB).

  /usr/bin/python3 model-zoo/training/train_coarse_fixture.py
"""
import argparse
import json
import os
import shlex
import sys
import time

import numpy as np
import torch

import fashion_mnist
import mobilenet_tables
import trainer
from trainer import evaluate, sha256, to_tensor

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_NAME = "fashion_mnist_coarse"
COARSE_LABELS = ["upper body", "lower body", "one-piece", "footwear", "accessory"]
# Fashion-MNIST class -> coarse category: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal,
# Shirt, Sneaker, Bag, Ankle boot.
COARSE_OF = [0, 1, 0, 2, 0, 3, 0, 3, 4, 3]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--data", default=fashion_mnist.DEFAULT_DIR)
    p.add_argument("--alpha", type=float, default=0.25)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--out", default=os.path.join(
        HERE, "..", "..", "operators", "src", "test", "resources", "models", MODEL_NAME))
    return p.parse_args()


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)

    coarse = torch.tensor(COARSE_OF)
    train_images, train_labels = fashion_mnist.load("train", args.data)
    test_images, test_labels = fashion_mnist.load("t10k", args.data)
    x_train, y_train = to_tensor(train_images), coarse[torch.from_numpy(train_labels)]
    x_test, y_test = to_tensor(test_images), coarse[torch.from_numpy(test_labels)]

    model = mobilenet_tables.build("v1", args.alpha, num_classes=len(COARSE_LABELS),
                                   in_channels=1, stem_stride=1, dropout=0.1)
    started = time.time()
    curve = trainer.train(model, ((x_train, y_train), (x_test, y_test)), epochs=args.epochs,
                          seed=args.seed, log=lambda line: print(line, flush=True))
    training_seconds = time.time() - started

    model_path = trainer.export(model, args.out, MODEL_NAME)
    with open(os.path.join(args.out, "synset.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(COARSE_LABELS) + "\n")
    accuracy = evaluate(torch.jit.load(model_path), x_test, y_test)
    metadata = {
        "name": MODEL_NAME,
        "purpose": "test fixture of the model lifecycle (hot swap, canary, shadow, rollback)",
        "architecture": "MobileNetV1 (mobilenet-v1.table), first convolution stride 1",
        "alpha": args.alpha,
        "input": {"channels": 1, "height": 28, "width": 28,
                  "mean": fashion_mnist.MEAN, "std": fashion_mnist.STD},
        "classes": len(COARSE_LABELS),
        "coarse_of_fashion_mnist_class": COARSE_OF,
        "epochs": args.epochs,
        "seed": args.seed,
        "test_accuracy": accuracy,
        "training_seconds": round(training_seconds),
        "torch_version": torch.__version__,
        "sha256": sha256(model_path),
        "size_bytes": os.path.getsize(model_path),
        "command": "/usr/bin/python3 " + " ".join(shlex.quote(a) for a in sys.argv),
        "training_curve": curve,
    }
    with open(os.path.join(args.out, "metadata.json"), "w", encoding="utf-8") as f:
        json.dump(metadata, f, indent=2)
        f.write("\n")
    print(json.dumps({k: v for k, v in metadata.items() if k != "training_curve"}, indent=2))


if __name__ == "__main__":
    main()
