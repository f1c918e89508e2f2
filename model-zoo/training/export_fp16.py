#!/usr/bin/env python3
"""Writes the half-precision (fp16) export of a TorchScript classifier, beside it as <name>.fp16.pt.

Frameflow's `model.precision: fp16` loads `<name>.fp16.pt` from the model folder. A frozen export
(torch.jit.freeze) keeps its weights as graph constants, which neither `module.half()` nor DJL's
load options convert, so this script rewrites every floating-point tensor constant of the graph
to float16 and converts any remaining parameters and buffers too. The model then takes a float16
input (Frameflow casts on the device after normalising) and returns float16 scores (Frameflow
converts them back before the softmax).

    python3 export_fp16.py path/to/model_folder_or_file.pt [--output path/to/model.fp16.pt]

It checks the result on a blank input on the CPU when this torch can run float16 there, and
prints the largest difference of the softmax outputs against the float model.
"""
import argparse
import os
import sys

import torch


def to_half(module):
    """Converts parameters, buffers and the float tensor constants of every method's graph."""
    module = module.half()
    converted = 0
    for method_name in module._c._method_names():
        graph = module._c._get_method(method_name).graph
        for node in graph.findAllNodes("prim::Constant"):
            if node.outputsSize() != 1 or node.output().type().kind() != "TensorType":
                continue
            value = node.output().toIValue()
            if isinstance(value, torch.Tensor) and value.is_floating_point():
                node.t_("value", value.half())
                node.output().inferTypeFrom(value.half())
                converted += 1
    return module, converted


def resolve(path):
    if os.path.isdir(path):
        name = os.path.basename(os.path.normpath(path))
        candidate = os.path.join(path, name + ".pt")
        if not os.path.isfile(candidate):
            pts = [f for f in os.listdir(path) if f.endswith(".pt") and not f.endswith(".fp16.pt")]
            if len(pts) != 1:
                sys.exit("expected one .pt file in %s, found %s" % (path, pts))
            candidate = os.path.join(path, pts[0])
        return candidate
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model", help="TorchScript file, or a model folder holding one")
    parser.add_argument("--output", help="default: <name>.fp16.pt beside the model")
    parser.add_argument("--shape", default=None,
                        help="input shape C,H,W for the check (default from serving.properties)")
    args = parser.parse_args()

    source = resolve(args.model)
    output = args.output or source[: -len(".pt")] + ".fp16.pt"
    module = torch.jit.load(source, map_location="cpu").eval()
    reference = torch.jit.load(source, map_location="cpu").eval()
    half, converted = to_half(module)
    torch.jit.save(half, output)
    print("wrote %s (%d constants converted)" % (output, converted))

    shape = args.shape or input_shape(os.path.dirname(os.path.abspath(source)))
    if shape:
        x = torch.rand((2,) + shape)
        expected = torch.softmax(reference(x).float(), -1)
        reloaded = torch.jit.load(output, map_location="cpu").eval()
        try:
            actual = torch.softmax(reloaded(x.half()).float(), -1)
            print("largest softmax difference to fp32 on a random input: %.2e"
                  % (actual - expected).abs().max().item())
        except RuntimeError as e:
            print("this torch cannot run float16 on the CPU (%s); check it on a GPU"
                  % str(e).splitlines()[0])


def input_shape(folder):
    props = {}
    path = os.path.join(folder, "serving.properties")
    if os.path.isfile(path):
        for line in open(path):
            if "=" in line and not line.startswith("#"):
                key, value = line.strip().split("=", 1)
                props[key] = value
    width = int(props.get("width", 224))
    height = int(props.get("height", width))
    channels = int(props.get("channels", 3))
    return (channels, height, width)


if __name__ == "__main__":
    main()
