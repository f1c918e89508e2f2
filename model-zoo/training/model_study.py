"""The model study: trains the MobileNet variants the design notes ask about on Fashion-MNIST with
one training budget, measures each through Frameflow's Java loader (accuracy on the 10 000 test
images, images/s through DJL at batch 1 and 8) and writes docs/model-study.md with PNG plots.

  /usr/bin/python3 model-zoo/training/model_study.py              # every run
  /usr/bin/python3 model-zoo/training/model_study.py --runs elu,relu6 --epochs 1

Needs Debian's python3-torch, python3-matplotlib and dataset-fashion-mnist. Trained models stay in
model-zoo/target/model-study/<run>/ (not committed); results.json there accumulates runs, so a
subset can be re-run and the document is rewritten from every result measured so far.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field, replace

import torch

import fashion_mnist
import frameflow_cli
import mobilenet_tables
import study_report  # needs matplotlib: fail before hours of training, not after
import trainer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BUNDLED_DIR = os.path.join(ROOT, "model-zoo", "src", "main", "resources", "io", "frameflow", "zoo",
                           "bundled", "fashion_mnist_mobilenet_v1")


@dataclass(frozen=True)
class Run:
    """One trained variant; every field not named differs from the baseline by default."""
    name: str
    question: str
    family: str = "v1"
    alpha: float = 0.5
    resolution: int = 28
    separable: bool = True
    bn_between: bool = True
    activation: str = "relu"
    schedule: str = "onecycle"
    quantize: str = ""  # quantized engine for post-training int8 of the baseline, else ""
    seed_offset: int = 0  # added to --seed: the same run from another start, to size the noise

    def describe(self):
        parts = [f"MobileNet{self.family.upper()} α={self.alpha:g}", f"{self.resolution}×"
                 f"{self.resolution}"]
        if not self.separable:
            parts.append("standard 3×3 convolutions")
        if not self.bn_between:
            parts.append("no BN/activation after depthwise")
        if self.activation != "relu" or self.family != "v1":
            parts.append(self.activation)
        if self.schedule != "onecycle":
            parts.append(self.schedule + " LR")
        if self.quantize:
            parts.append(f"int8 PTQ ({self.quantize})")
        if self.seed_offset:
            parts.append(f"seed +{self.seed_offset}")
        return ", ".join(parts)


BASELINE = Run("v1-a0.5-r28", "width × resolution")


def study_runs():
    runs = []
    for resolution in (28, 20):
        for alpha in (0.25, 0.5, 0.75, 1.0):
            runs.append(replace(BASELINE, name=f"v1-a{alpha:g}-r{resolution}", alpha=alpha,
                                resolution=resolution))
    runs += [
        replace(BASELINE, name="baseline-seed2", question="seed-to-seed noise", seed_offset=1),
        replace(BASELINE, name="standard-conv-a0.25", question="depthwise separable vs standard",
                alpha=0.25, separable=False),
        replace(BASELINE, name="relu6", question="activation", activation="relu6"),
        replace(BASELINE, name="elu", question="activation", activation="elu"),
        replace(BASELINE, name="no-bn-between", question="BN between depthwise and pointwise",
                bn_between=False),
        replace(BASELINE, name="step-lr", question="learning-rate schedule", schedule="step"),
        replace(BASELINE, name="clr", question="learning-rate schedule", schedule="clr"),
        replace(BASELINE, name="v2-a0.75", question="MobileNetV2 at a comparable cost",
                family="v2", alpha=0.75, activation="relu6"),
        replace(BASELINE, name="int8-qnnpack", question="8-bit post-training quantisation",
                quantize="qnnpack"),
        replace(BASELINE, name="int8-onednn", question="8-bit post-training quantisation",
                quantize="onednn"),
    ]
    return runs


def parse_args(runs):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--runs", default="all",
                   help="comma-separated run names, or 'all':\n  " + "\n  ".join(
                       f"{r.name}: {r.question}" for r in runs))
    p.add_argument("--epochs", type=int, default=1,
                   help="training budget of every run, in epochs of the 60 000 images")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=20171)
    p.add_argument("--data", default=fashion_mnist.DEFAULT_DIR)
    p.add_argument("--work", default=os.path.join(ROOT, "model-zoo", "target", "model-study"))
    p.add_argument("--doc", default=os.path.join(ROOT, "docs", "model-study.md"))
    p.add_argument("--train-limit", type=int, default=None,
                   help="train on the first N images only (a smoke test, not a study)")
    p.add_argument("--force", action="store_true", help="re-run runs that already have results")
    p.add_argument("--report-only", action="store_true", help="only rewrite the document")
    p.add_argument("--remeasure-speed", action="store_true",
                   help="measure images/s of every stored run again, one after another (speed "
                        "figures taken while the machine was busy are not comparable)")
    return p.parse_args()


def build(run):
    return mobilenet_tables.build(run.family, run.alpha, num_classes=10, in_channels=1,
                                  stem_stride=1,
                                  activation=mobilenet_tables.ACTIVATIONS[run.activation],
                                  dropout=0.2, separable=run.separable, bn_between=run.bn_between)


def train_run(run, data, args, work):
    """Trains one float run, exports it for Java and keeps its weights for quantisation."""
    seed = args.seed + run.seed_offset
    torch.manual_seed(seed)
    model = build(run)
    cost = mobilenet_tables.measure_cost(model, (1, run.resolution, run.resolution))
    losses = []
    started = time.time()
    curve = trainer.train(model, data, epochs=args.epochs, schedule=run.schedule,
                          resolution=run.resolution, seed=seed, loss_every=losses,
                          log=lambda line: print(f"  {run.name}: {line}", flush=True))
    seconds = time.time() - started
    os.makedirs(work, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(work, "weights.pt"))
    path = trainer.export(model, work, run.name, run.resolution)
    return {"mult_adds": cost["mult_adds"], "params": cost["params"], "model": path,
            "training_seconds": round(seconds, 1), "python_accuracy": curve[-1]["test_accuracy"],
            "loss_curve": losses}


def quantize_run(run, data, args, work, base_work):
    """Post-training static int8 quantisation (FX graph mode) of the baseline's weights,
    calibrated on 2 000 training images."""
    from torch.ao.quantization import get_default_qconfig_mapping
    from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

    weights = os.path.join(base_work, "weights.pt")
    if not os.path.exists(weights):
        raise SystemExit(f"{run.name} quantises {BASELINE.name}'s weights; run that first")
    torch.backends.quantized.engine = run.quantize
    model = build(BASELINE)
    model.load_state_dict(torch.load(weights))
    model.eval()
    cost = mobilenet_tables.measure_cost(model, (1, run.resolution, run.resolution))
    (x_train, _), (x_test, y_test) = data
    example = x_train[:1]
    started = time.time()
    prepared = prepare_fx(model, get_default_qconfig_mapping(run.quantize), (example,))
    with torch.no_grad():
        for i in range(0, 2000, 200):
            prepared(x_train[i:i + 200])
    quantized = convert_fx(prepared)
    seconds = time.time() - started
    path = trainer.export(quantized, work, run.name, run.resolution, script=False)
    return {"mult_adds": cost["mult_adds"], "params": cost["params"], "model": path,
            "training_seconds": round(seconds, 1),
            "python_accuracy": trainer.evaluate(torch.jit.load(path), x_test, y_test),
            "loss_curve": []}


def measure_in_java(model_dir, threads):
    """Accuracy on the 10 000 test images and images/s at batch 1 and 8, through DJL."""
    accuracy, images = frameflow_cli.java_accuracy(model_dir, threads)
    return {"java_accuracy": accuracy, "test_images": images, **measure_speed(model_dir, threads)}


def measure_speed(model_dir, threads):
    """Images/s through one DJL predictor at batch 1 and 8, median of 5 JVMs."""
    rates = frameflow_cli.java_speed(model_dir, threads, (1, 8))
    return {"images_per_s_b1": rates[1], "images_per_s_b8": rates[8]}


def load_results(path):
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    return {}


def save_results(path, results):
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)
    os.replace(path + ".tmp", path)


def main():
    runs = study_runs()
    args = parse_args(runs)
    by_name = {r.name: r for r in runs}
    chosen = runs if args.runs == "all" else [by_name[n] for n in args.runs.split(",")]
    os.makedirs(args.work, exist_ok=True)
    results_path = os.path.join(args.work, "results.json")
    results = load_results(results_path)
    torch.set_num_threads(args.threads)
    if not args.report_only:
        # Builds the Java side once; every measurement then runs with FRAMEFLOW_SKIP_BUILD=1.
        frameflow_build = subprocess.run([os.path.join(ROOT, "frameflow"), "help"], cwd=ROOT,
                                         env=dict(os.environ, FRAMEFLOW_SKIP_BUILD="0"),
                                         capture_output=True, text=True)
        if frameflow_build.returncode != 0:
            raise SystemExit("building Frameflow failed:\n" + frameflow_build.stderr)
        if "bundled" not in results:
            results["bundled"] = bundled_row(args.threads)
            save_results(results_path, results)
        train_images, train_labels = fashion_mnist.load("train", args.data)
        test_images, test_labels = fashion_mnist.load("t10k", args.data)
        train_images, train_labels = train_images[:args.train_limit], train_labels[:args.train_limit]
        data = ((trainer.to_tensor(train_images), torch.from_numpy(train_labels)),
                (trainer.to_tensor(test_images), torch.from_numpy(test_labels)))
        for run in chosen:
            if run.name in results and not args.force:
                print(f"{run.name}: measured before (use --force to re-run)")
                continue
            print(f"{run.name}: {run.describe()}", flush=True)
            work = os.path.join(args.work, run.name)
            if run.quantize:
                row = quantize_run(run, data, args, work, os.path.join(args.work, BASELINE.name))
            else:
                row = train_run(run, data, args, work)
            row.update(measure_in_java(work, args.threads))
            row.update(asdict(run), epochs=args.epochs, description=run.describe(),
                       size_bytes=os.path.getsize(row["model"]),
                       model=os.path.relpath(row["model"], ROOT))
            print(f"{run.name}: " + json.dumps({k: v for k, v in row.items()
                                                if k != "loss_curve"}), flush=True)
            results[run.name] = row
            save_results(results_path, results)
        if args.remeasure_speed:
            for name, row in results.items():
                model_dir = BUNDLED_DIR if name == "bundled" else os.path.join(args.work, name)
                row.update(measure_speed(model_dir, args.threads))
                print(f"{name}: {row['images_per_s_b1']:.0f} / {row['images_per_s_b8']:.0f} "
                      "images/s at batch 1 / 8", flush=True)
            save_results(results_path, results)
    study_report.write(results, [r.name for r in runs], args.doc, BASELINE.name)
    print(f"wrote {args.doc}")


def bundled_row(threads):
    """The current default model, measured the same way, for reference."""
    with open(os.path.join(BUNDLED_DIR, "metadata.json"), encoding="utf-8") as f:
        meta = json.load(f)
    row = measure_in_java(BUNDLED_DIR, threads)
    row.update(name="bundled", question="current default",
               description=f"bundled default: MobileNetV1 α={meta['alpha']:g} 28×28, "
                           f"{meta['epochs']} epochs", mult_adds=meta["mult_adds"],
               params=meta["params"], size_bytes=meta["size_bytes"], epochs=meta["epochs"],
               training_seconds=meta["training_seconds"], python_accuracy=meta["test_accuracy"],
               loss_curve=[])
    return row


if __name__ == "__main__":
    sys.exit(main())
