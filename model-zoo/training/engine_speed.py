"""Measures what the quantized engine choice is worth through DJL's libtorch: images/s of an int8
model with each engine Frameflow can select (`--quantized-engine`), next to its float model, and
the int8 model's accuracy per engine. Prints a Markdown table (the README's).

  ./frameflow help    # builds once
  /usr/bin/python3 model-zoo/training/engine_speed.py                     # bundled / bundled-int8
  /usr/bin/python3 model-zoo/training/engine_speed.py --float my_model --int8 my_model_int8 \\
      --no-accuracy                                                        # any pair

Speed is inference only through one predictor (`frameflow speed`), the median of --repeats
JVMs per cell, taken round-robin over the rows; run it on a quiet machine: the figures are only
comparable within one run.
"""
import argparse
import os
import statistics
import sys

import frameflow_cli

ENGINES = ("x86", "fbgemm", "onednn", "qnnpack")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--float", dest="float_model", default="bundled")
    p.add_argument("--int8", dest="int8_model", default="bundled-int8")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--batch-sizes", default="1,8,32")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--no-accuracy", dest="accuracy", action="store_false",
                   help="skip `frameflow evaluate` (models that are not Fashion-MNIST's)")
    args = p.parse_args()
    batches = tuple(int(b) for b in args.batch_sizes.split(","))

    rows = [("float32", args.float_model, "(not used)", ())]
    rows += [("int8", args.int8_model, engine, ("--quantized-engine", engine))
             for engine in ENGINES]
    header = ["model", "quantized engine"] + [f"img/s b{b}" for b in batches]
    if args.accuracy:
        header.append("accuracy")
    print(f"{args.threads} threads, median of {args.repeats} JVMs per cell\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * 2 + "---:|" * (len(header) - 2))
    # Round-robin over the rows, so that a change in the machine's load hits every row alike.
    runs = {i: [] for i in range(len(rows))}
    for _ in range(args.repeats):
        for i, (_, model, _, options) in enumerate(rows):
            runs[i].append(frameflow_cli.java_speed_once(model, args.threads, batches, *options))
    for i, (kind, model, engine, options) in enumerate(rows):
        cells = [f"{kind} `{model}`", engine] + [
            f"{statistics.median(r[b] for r in runs[i]):.0f}" for b in batches]
        if args.accuracy:
            accuracy, _ = frameflow_cli.java_accuracy(model, args.threads, *options)
            cells.append(f"{accuracy:.2%}")
        print("| " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
