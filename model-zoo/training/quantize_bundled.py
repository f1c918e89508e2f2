"""Builds the bundled int8 model (`--model bundled-int8`) from the bundled float model with
quantize.py: calibrated on the first 2 000 Fashion-MNIST training images, written as PNGs and read
back the way a user's calibration folder is.

Writes into --out: <name>.pt, synset.txt, serving.properties, metadata.json (accuracy on the
10 000 test images, SHA-256, the exact command); and into --reference the top-5 probabilities of
the first 200 test images, which ParityWithPyTorchTest compares with DJL. Accuracy and reference
are computed with the QNNPACK engine, which runs the same arithmetic in Debian's torch and in
DJL's libtorch.

  /usr/bin/python3 model-zoo/training/quantize_bundled.py
"""
import argparse
import json
import os
import shlex
import sys
import tempfile

import torch

import fashion_mnist
import quantize
import trainer

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "src", "main", "resources", "io", "frameflow", "zoo", "bundled")
FLOAT_NAME = "fashion_mnist_mobilenet_v1"
INT8_NAME = FLOAT_NAME + "_int8"
REFERENCE_ENGINE = "qnnpack"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--data", default=fashion_mnist.DEFAULT_DIR)
    p.add_argument("--float-model", default=os.path.join(BUNDLED, FLOAT_NAME))
    p.add_argument("--out", default=os.path.join(BUNDLED, INT8_NAME))
    p.add_argument("--reference", default=os.path.join(
        HERE, "..", "src", "test", "resources", "reference-top5-int8.tsv"))
    p.add_argument("--backend", choices=quantize.BACKENDS, default="x86")
    p.add_argument("--calibration-images", type=int, default=2000)
    return p.parse_args()


def main():
    args = parse_args()
    torch.manual_seed(0)
    train_images, train_labels = fashion_mnist.load("train", args.data)
    test_images, test_labels = fashion_mnist.load("t10k", args.data)
    n = args.calibration_images
    with tempfile.TemporaryDirectory(prefix="fashion-mnist-calibration-") as calibration:
        fashion_mnist.write_pngs(train_images[:n], train_labels[:n], calibration)
        model_path, agreement = quantize.run(args.float_model, calibration, args.out,
                                             backend=args.backend, limit=n)
    x_test, y_test = trainer.to_tensor(test_images), torch.from_numpy(test_labels)
    # QNNPACK computes bit for bit what libtorch 2.7.1's QNNPACK computes in DJL (checked on all
    # 200 reference images), so the Java parity test can hold the int8 model to 1e-4 as well.
    torch.backends.quantized.engine = REFERENCE_ENGINE
    int8 = torch.jit.load(model_path)
    accuracy = trainer.evaluate(int8, x_test, y_test)
    with open(os.path.join(args.float_model, "metadata.json"), encoding="utf-8") as f:
        float_meta = json.load(f)

    metadata = {key: float_meta[key] for key in (
        "architecture", "alpha", "activation", "bn_between_depthwise_and_pointwise", "input",
        "classes", "mult_adds", "params") if key in float_meta}
    metadata = {
        "name": INT8_NAME,
        **metadata,
        "quantization": f"int8 post-training static (FX graph mode), {args.backend} scheme, "
                        f"calibrated on the first {n} training images",
        "float_model": {"name": float_meta["name"], "sha256": float_meta["sha256"],
                        "test_accuracy": float_meta["test_accuracy"]},
        "test_accuracy": accuracy,
        "test_images": len(x_test),
        "top1_agreement_with_float_on_calibration": agreement,
        "torch_version": torch.__version__,
        "python_quantized_engine": REFERENCE_ENGINE,
        "sha256": trainer.sha256(model_path),
        "size_bytes": os.path.getsize(model_path),
        "command": "/usr/bin/python3 " + " ".join(shlex.quote(a) for a in sys.argv),
    }
    with open(os.path.join(args.out, "metadata.json"), "w", encoding="utf-8") as f:
        json.dump(metadata, f, indent=2)
        f.write("\n")
    trainer.write_reference(int8, x_test, y_test, args.reference, INT8_NAME + ".pt")
    print(json.dumps(metadata, indent=2))


if __name__ == "__main__":
    main()
