"""Trains the bundled default model: MobileNetV1 (the table in mobilenet-v1.table, stem stride 1
for 28x28 inputs) on Fashion-MNIST, and exports it as frozen TorchScript (BN folded) for DJL.

Writes into --out: <name>.pt, synset.txt, serving.properties, metadata.json; and into --reference
the top-5 probabilities of the first 200 test images, which a Java test compares with DJL.

Run with Debian's python3-torch (not a virtualenv):
  /usr/bin/python3 model-zoo/training/train_fashion_mnist.py
"""
import argparse
import csv
import hashlib
import json
import os
import shlex
import sys
import time

import numpy as np
import torch
from torch import nn

import fashion_mnist
import mobilenet_tables

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_NAME = "fashion_mnist_mobilenet_v1"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--data", default=fashion_mnist.DEFAULT_DIR)
    p.add_argument("--alpha", type=float, default=0.5)
    p.add_argument("--epochs", type=int, default=24)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--seed", type=int, default=20171)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--out", default=os.path.join(
        HERE, "..", "src", "main", "resources", "io", "frameflow", "zoo", "bundled", MODEL_NAME))
    p.add_argument("--reference", default=os.path.join(
        HERE, "..", "src", "test", "resources", "reference-top5.tsv"))
    p.add_argument("--curve", default=None, help="CSV of per-epoch loss/accuracy (optional)")
    return p.parse_args()


def to_tensor(images):
    x = torch.from_numpy(images).float().div_(255.0).unsqueeze(1)
    return (x - fashion_mnist.MEAN) / fashion_mnist.STD


def augment(x, generator):
    """Random 28x28 crop from the image padded by 2 pixels, and random horizontal flip."""
    n = x.shape[0]
    background = -fashion_mnist.MEAN / fashion_mnist.STD
    padded = nn.functional.pad(x, (2, 2, 2, 2), value=background)
    dx = torch.randint(0, 5, (n,), generator=generator)
    dy = torch.randint(0, 5, (n,), generator=generator)
    out = torch.empty_like(x)
    for i in range(n):
        out[i] = padded[i, :, dy[i]:dy[i] + 28, dx[i]:dx[i] + 28]
    flip = torch.rand(n, generator=generator) < 0.5
    out[flip] = out[flip].flip(-1)
    return out


def evaluate(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(x)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(args.seed)

    train_images, train_labels = fashion_mnist.load("train", args.data)
    test_images, test_labels = fashion_mnist.load("t10k", args.data)
    x_train, y_train = to_tensor(train_images), torch.from_numpy(train_labels)
    x_test, y_test = to_tensor(test_images), torch.from_numpy(test_labels)

    model = mobilenet_tables.build("v1", args.alpha, num_classes=10, in_channels=1,
                                   stem_stride=1, dropout=args.dropout)
    cost = mobilenet_tables.measure_cost(model, (1, 28, 28))
    decay, no_decay = [], []
    for p in model.parameters():
        (decay if p.dim() > 1 else no_decay).append(p)
    optimizer = torch.optim.SGD([{"params": decay, "weight_decay": args.weight_decay},
                                 {"params": no_decay, "weight_decay": 0.0}],
                                lr=args.lr, momentum=0.9, nesterov=True)
    steps = (len(x_train) + args.batch_size - 1) // args.batch_size
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, epochs=args.epochs,
                                                   steps_per_epoch=steps)
    loss_fn = nn.CrossEntropyLoss()
    curve = []
    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(x_train), generator=generator)
        total_loss = 0.0
        for i in range(steps):
            idx = order[i * args.batch_size:(i + 1) * args.batch_size]
            xb, yb = augment(x_train[idx], generator), y_train[idx]
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            total_loss += loss.item() * len(idx)
        acc = evaluate(model, x_test, y_test)
        row = {"epoch": epoch + 1, "train_loss": total_loss / len(x_train), "test_accuracy": acc,
               "seconds": round(time.time() - started, 1)}
        curve.append(row)
        print(json.dumps(row), flush=True)
    training_seconds = time.time() - started

    model.eval()
    frozen = torch.jit.freeze(torch.jit.script(model))  # folds BN into the convolutions
    os.makedirs(args.out, exist_ok=True)
    model_path = os.path.join(args.out, MODEL_NAME + ".pt")
    torch.jit.save(frozen, model_path)
    exported = torch.jit.load(model_path)
    exported_accuracy = evaluate(exported, x_test, y_test)

    with open(os.path.join(args.out, "synset.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(fashion_mnist.LABELS) + "\n")
    with open(os.path.join(args.out, "serving.properties"), "w", encoding="utf-8") as f:
        f.write("# Read by Frameflow's model loader (DJL serving.properties conventions).\n"
                "engine=PyTorch\n"
                f"width=28\nheight=28\nchannels=1\n"
                f"mean={fashion_mnist.MEAN}\nstd={fashion_mnist.STD}\n"
                "applySoftmax=true\n")
    metadata = {
        "name": MODEL_NAME,
        "architecture": "MobileNetV1 (mobilenet-v1.table), first convolution stride 1",
        "alpha": args.alpha,
        "input": {"channels": 1, "height": 28, "width": 28,
                  "mean": fashion_mnist.MEAN, "std": fashion_mnist.STD},
        "classes": 10,
        "mult_adds": cost["mult_adds"],
        "params": cost["params"],
        "test_accuracy": exported_accuracy,
        "test_images": len(x_test),
        "epochs": args.epochs,
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

    # Reference probabilities for the Java parity test.
    with torch.no_grad():
        probs = torch.softmax(exported(x_test[:200]), dim=1)
    top_p, top_i = probs.topk(5, dim=1)
    os.makedirs(os.path.dirname(args.reference), exist_ok=True)
    with open(args.reference, "w", encoding="utf-8") as f:
        f.write("# index\tlabel\t(class\tprobability) x 5, from " + MODEL_NAME + ".pt in Python\n")
        for i in range(200):
            cells = [str(i), str(int(y_test[i]))]
            for c, p in zip(top_i[i].tolist(), top_p[i].tolist()):
                cells += [str(c), repr(p)]
            f.write("\t".join(cells) + "\n")
    if args.curve:
        with open(args.curve, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(curve[0]))
            writer.writeheader()
            writer.writerows(curve)
    print(json.dumps({k: v for k, v in metadata.items() if k != "training_curve"}, indent=2))


if __name__ == "__main__":
    main()
