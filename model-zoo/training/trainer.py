"""The training loop shared by the bundled model's trainer and the model study: Fashion-MNIST
tensors, augmentation, SGD with Nesterov momentum, a learning-rate schedule, and export to frozen
TorchScript with the files Frameflow's Java loader reads."""
import hashlib
import json
import os
import time

import torch
from torch import nn
from torch.nn import functional as F

import fashion_mnist

SCHEDULES = ("onecycle", "step", "clr")
LOSS_WINDOW = 20  # training steps averaged into one point of a loss curve


def to_tensor(images):
    """uint8 [N, 28, 28] -> normalised float [N, 1, 28, 28]."""
    x = torch.from_numpy(images.copy()).float().div_(255.0).unsqueeze(1)
    return (x - fashion_mnist.MEAN) / fashion_mnist.STD


def resize(x, size):
    """Antialiased bilinear resize, the filter of PIL's BILINEAR that the Java preprocessing
    uses, so that a model trained at another resolution sees the same pixels in Java."""
    if x.shape[-1] == size:
        return x
    return F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False,
                         antialias=True)


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


def make_schedule(name, optimizer, lr, epochs, steps):
    """Per-step learning-rate schedule: one-cycle, step decay (x0.1 at 50% and 75% of the
    budget) or triangular cyclical learning rates (Smith 2015, two cycles per run)."""
    if name == "onecycle":
        return torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, epochs=epochs,
                                                   steps_per_epoch=steps)
    total = epochs * steps
    if name == "step":
        return torch.optim.lr_scheduler.MultiStepLR(
            optimizer, milestones=[total // 2, total * 3 // 4], gamma=0.1)
    if name == "clr":
        half_cycle = max(1, total // 4)
        return torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr=lr / 10, max_lr=lr,
                                                 step_size_up=half_cycle, mode="triangular")
    raise ValueError(f"unknown schedule '{name}', expected one of {SCHEDULES}")


def train(model, data, *, epochs, lr=0.1, batch_size=128, weight_decay=5e-4, schedule="onecycle",
          resolution=28, seed=20171, log=print, loss_every=None):
    """Trains in place; returns the per-epoch curve (train loss, test accuracy, seconds). With
    loss_every, the list given collects (step, mean training loss of the last steps) points."""
    (x_train, y_train), (x_test, y_test) = data
    generator = torch.Generator().manual_seed(seed)
    decay, no_decay = [], []
    for p in model.parameters():
        (decay if p.dim() > 1 else no_decay).append(p)
    optimizer = torch.optim.SGD([{"params": decay, "weight_decay": weight_decay},
                                 {"params": no_decay, "weight_decay": 0.0}],
                                lr=lr, momentum=0.9, nesterov=True)
    steps = (len(x_train) + batch_size - 1) // batch_size
    scheduler = make_schedule(schedule, optimizer, lr, epochs, steps)
    x_test_sized = resize(x_test, resolution)
    loss_fn = nn.CrossEntropyLoss()
    curve = []
    window_loss = 0.0
    started = time.time()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x_train), generator=generator)
        total_loss = 0.0
        for i in range(steps):
            idx = order[i * batch_size:(i + 1) * batch_size]
            xb, yb = resize(augment(x_train[idx], generator), resolution), y_train[idx]
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            total_loss += loss.item() * len(idx)
            window_loss += loss.item()
            if loss_every is not None and (epoch * steps + i + 1) % LOSS_WINDOW == 0:
                loss_every.append((epoch * steps + i + 1, window_loss / LOSS_WINDOW))
                window_loss = 0.0
        row = {"epoch": epoch + 1, "train_loss": total_loss / len(x_train),
               "test_accuracy": evaluate(model, x_test_sized, y_test),
               "seconds": round(time.time() - started, 1)}
        curve.append(row)
        log(json.dumps(row))
    return curve


def export(model, out_dir, name, resolution=28, script=True):
    """Freezes the model to TorchScript (BN folded) and writes <name>.pt, synset.txt and
    serving.properties into out_dir; returns the model file's path."""
    model.eval()
    if script:
        frozen = torch.jit.freeze(torch.jit.script(model))
    else:  # quantized graphs from FX are traced: scripting them gains nothing
        with torch.no_grad():
            frozen = torch.jit.freeze(torch.jit.trace(model, torch.zeros(1, 1, resolution,
                                                                         resolution)))
    os.makedirs(out_dir, exist_ok=True)
    model_path = os.path.join(out_dir, name + ".pt")
    torch.jit.save(frozen, model_path)
    with open(os.path.join(out_dir, "synset.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(fashion_mnist.LABELS) + "\n")
    with open(os.path.join(out_dir, "serving.properties"), "w", encoding="utf-8") as f:
        f.write("# Read by Frameflow's model loader (DJL serving.properties conventions).\n"
                "engine=PyTorch\n"
                f"width={resolution}\nheight={resolution}\nchannels=1\n"
                f"mean={fashion_mnist.MEAN}\nstd={fashion_mnist.STD}\n"
                "applySoftmax=true\n")
    return model_path


def write_reference(model, x_test, y_test, path, model_file, count=200):
    """Top-5 probabilities of the first test images in Python, which a Java parity test compares
    with what DJL computes from the same file."""
    with torch.no_grad():
        probs = torch.softmax(model(x_test[:count]), dim=1)
    top_p, top_i = probs.topk(5, dim=1)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# index\tlabel\t(class\tprobability) x 5, from {model_file} in Python (torch "
                f"{torch.__version__}, quantized engine {torch.backends.quantized.engine})\n")
        for i in range(count):
            cells = [str(i), str(int(y_test[i]))]
            for c, p in zip(top_i[i].tolist(), top_p[i].tolist()):
                cells += [str(c), repr(p)]
            f.write("\t".join(cells) + "\n")
