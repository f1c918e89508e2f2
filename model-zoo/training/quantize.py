"""Post-training static int8 quantisation of a MobileNet-style classifier for Frameflow.

Takes a float model (a TorchScript file or model folder, or an eager nn.Module saved with
torch.save(model)) and a folder of calibration images, and writes a folder Frameflow's Java loader
reads: <name>.pt (frozen int8 TorchScript), serving.properties and, when given or found beside the
model, synset.txt.

  /usr/bin/python3 model-zoo/training/quantize.py --model my_model/ \\
      --calibration images/ --out my_model_int8/

The calibration images go through the preprocessing of the model's serving.properties (the Java
loader's: colour mode, shorter side to `resize`, centre crop, mean/std), so the int8 ranges are
measured on what the model sees in Frameflow. A few hundred images of the real input are enough;
more than --limit are sampled evenly.

--backend picks the quantisation scheme of the libtorch the model will run on (see the README's
model section for measured speed): x86 (the default of DJL's libtorch, 7-bit activations so that
its fbgemm kernels cannot saturate), qnnpack (ARM, 8-bit activations, per-tensor weights) or
onednn (8-bit activations, per-channel weights). The model runs on any of them; the scheme only
decides where it is exact.

A TorchScript model is rebuilt as a torch.fx graph from its operators (conv2d, linear,
batch_norm, relu/relu6/hardtanh/elu, add, adaptive_avg_pool2d, flatten, dropout), then quantised
with FX graph mode; a model with any other operator is refused with its name: quantise the eager
model instead. Needs Debian's python3-torch and python3-pil (run with /usr/bin/python3).
"""
import argparse
import math
import os
import sys
import warnings
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image
from torch import fx, nn

BACKENDS = ("x86", "qnnpack", "onednn")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pgm")
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
# torch 1.13 warns on every observer built with reduce_range, which the x86 qconfig needs.
warnings.filterwarnings("ignore", message="Please use quant_min and quant_max")


class QuantizeError(Exception):
    """A problem with the user's input, reported as one line without a stack trace."""


@dataclass(frozen=True)
class Preprocessing:
    """The keys of serving.properties that the Java loader reads, with its defaults."""
    width: int = 224
    height: int = 224
    resize: int = 0
    channels: int = 3
    mean: tuple = IMAGENET_MEAN
    std: tuple = IMAGENET_STD

    @staticmethod
    def from_properties(props):
        def number_list(key, default):
            if key not in props:
                return default
            return tuple(float(v) for v in props[key].split(","))

        width = int(props.get("width", 224))
        channels = int(props.get("channels", 3))
        if channels not in (1, 3):
            raise QuantizeError(f"serving.properties: channels must be 1 or 3, was {channels}")
        rgb = channels == 3
        mean = number_list("mean", IMAGENET_MEAN if rgb else (0.0,))
        std = number_list("std", IMAGENET_STD if rgb else (1.0,))
        for key, values in (("mean", mean), ("std", std)):
            if len(values) not in (1, channels):
                raise QuantizeError(f"serving.properties: {key} has {len(values)} values but the "
                                    f"model has {channels} channels")
        return Preprocessing(width, int(props.get("height", width)), int(props.get("resize", 0)),
                             channels, mean * (channels // len(mean)), std * (channels // len(std)))

    def tensor(self, image):
        """One image as the normalised C x H x W tensor Frameflow's ImageTensors makes."""
        image = image.convert("L" if self.channels == 1 else "RGB")
        w, h = image.size
        scaled_w, scaled_h = self.width, self.height
        if self.resize > 0:
            scale = self.resize / min(w, h)
            scaled_w = max(self.width, round(w * scale))
            scaled_h = max(self.height, round(h * scale))
        if (scaled_w, scaled_h) != (w, h):
            image = image.resize((scaled_w, scaled_h), Image.BILINEAR)
        left = round((scaled_w - self.width) / 2)
        top = round((scaled_h - self.height) / 2)
        image = image.crop((left, top, left + self.width, top + self.height))
        pixels = np.asarray(image, dtype=np.float32) / 255.0
        if pixels.ndim == 2:
            pixels = pixels[:, :, None]
        x = torch.from_numpy(pixels.transpose(2, 0, 1).copy())
        mean = torch.tensor(self.mean).view(-1, 1, 1)
        std = torch.tensor(self.std).view(-1, 1, 1)
        return (x - mean) / std

    def properties(self):
        return {"width": str(self.width), "height": str(self.height),
                "resize": str(self.resize), "channels": str(self.channels),
                "mean": ",".join(f"{v:g}" for v in self.mean),
                "std": ",".join(f"{v:g}" for v in self.std)}


def read_properties(path):
    """A Java .properties file of key=value lines (comments and blank lines skipped)."""
    props = {}
    if path and os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith(("#", "!")) and "=" in line:
                    key, value = line.split("=", 1)
                    props[key.strip()] = value.strip()
    return props


def find_model_file(path):
    """A model folder's <folder>.pt or only .pt file, as Frameflow's ModelFolder finds it."""
    if not os.path.exists(path):
        raise QuantizeError(f"model not found: {path}")
    if os.path.isfile(path):
        return path
    named = os.path.join(path, os.path.basename(os.path.normpath(path)) + ".pt")
    if os.path.isfile(named):
        return named
    pts = sorted(f for f in os.listdir(path) if f.endswith(".pt") and not f.endswith(".fp16.pt"))
    if len(pts) != 1:
        raise QuantizeError(f"{path} must hold one .pt file or <folder name>.pt, has {pts}")
    return os.path.join(path, pts[0])


def load_float_model(model_file):
    """The float model as an nn.Module FX can quantise: TorchScript is rebuilt as an FX graph,
    anything else is loaded as a pickled eager module."""
    try:
        scripted = torch.jit.load(model_file, map_location="cpu")
    except RuntimeError:
        scripted = None
    if scripted is not None:
        return torchscript_to_fx(scripted)
    try:
        model = torch.load(model_file, map_location="cpu")
    except Exception as e:  # pickle raises anything; say what the file must be
        raise QuantizeError(f"{model_file} is neither TorchScript nor a module saved with "
                            f"torch.save(model): {e}") from e
    if not isinstance(model, nn.Module):
        raise QuantizeError(f"{model_file} holds a {type(model).__name__}, not an nn.Module "
                            "(a state_dict needs its network: save the model itself)")
    return model.eval()


def torchscript_to_fx(scripted):
    """Rebuilds a TorchScript classifier as a torch.fx GraphModule of standard modules, with the
    weights of its (frozen) graph, so that FX graph mode quantisation can fuse and observe it."""
    scripted = scripted.eval()
    if any(n.kind() == "prim::GetAttr" for n in scripted.graph.nodes()):
        scripted = torch.jit.freeze(scripted)  # weights become constants of the graph
    graph = scripted.graph
    inputs = list(graph.inputs())[1:]  # the first input is the module itself
    if len(inputs) != 1:
        raise QuantizeError(f"the model takes {len(inputs)} inputs; a classifier takes one")
    returned = list(graph.return_node().inputs())
    needed = _nodes_feeding(returned)
    root = nn.Module()
    fx_graph = fx.Graph()
    values = {inputs[0]: fx_graph.placeholder("x")}

    def constant(value):
        node = value.node()
        if node.kind() == "prim::Constant":
            return value.toIValue()
        if node.kind() == "prim::ListConstruct":
            return [constant(v) for v in node.inputs()]
        raise QuantizeError(f"expected a constant, got {node.kind()}: {node}")

    def add_module(module, arg):
        name = f"layer{len(root._modules)}"
        root.add_module(name, module)
        return fx_graph.call_module(name, (arg,))

    for node in graph.nodes():
        if node not in needed or node.kind() in ("prim::Constant", "prim::ListConstruct"):
            continue
        args = list(node.inputs())
        kind = node.kind()
        x = values.get(args[0]) if args else None
        if kind in ("aten::conv2d", "aten::_convolution"):
            values[node.output()] = add_module(_conv(kind, [constant(a) for a in args[1:]]), x)
        elif kind == "aten::linear":
            weight, bias = constant(args[1]), constant(args[2])
            linear = nn.Linear(weight.shape[1], weight.shape[0], bias=bias is not None)
            _assign(linear, weight, bias)
            values[node.output()] = add_module(linear, x)
        elif kind == "aten::batch_norm":
            weight, bias, mean, var = (constant(a) for a in args[1:5])
            bn = nn.BatchNorm2d(mean.numel(), eps=constant(args[7]))
            with torch.no_grad():
                bn.running_mean.copy_(mean)
                bn.running_var.copy_(var)
                if weight is not None:
                    bn.weight.copy_(weight)
                if bias is not None:
                    bn.bias.copy_(bias)
            values[node.output()] = add_module(bn.eval(), x)
        elif kind in ("aten::relu", "aten::relu_"):
            values[node.output()] = add_module(nn.ReLU(), x)
        elif kind in ("aten::relu6", "aten::hardtanh", "aten::hardtanh_"):
            low, high = (0.0, 6.0) if kind == "aten::relu6" else \
                (constant(args[1]), constant(args[2]))
            module = nn.ReLU6() if (low, high) == (0.0, 6.0) else nn.Hardtanh(low, high)
            values[node.output()] = add_module(module, x)
        elif kind in ("aten::elu", "aten::elu_"):
            alpha, scale, input_scale = (constant(a) for a in args[1:4])
            if scale != 1 or input_scale != 1:
                raise QuantizeError(f"scaled ELU is not supported: {node}")
            values[node.output()] = add_module(nn.ELU(alpha), x)
        elif kind in ("aten::add", "aten::add_"):
            if constant(args[2]) != 1:
                raise QuantizeError(f"add with alpha != 1 is not supported: {node}")
            values[node.output()] = fx_graph.call_function(torch.add, (x, values[args[1]]))
        elif kind == "aten::adaptive_avg_pool2d":
            values[node.output()] = add_module(nn.AdaptiveAvgPool2d(constant(args[1])), x)
        elif kind == "aten::flatten":
            values[node.output()] = fx_graph.call_function(
                torch.flatten, (x, constant(args[1]), constant(args[2])))
        elif kind in ("aten::dropout", "aten::dropout_", "aten::contiguous"):
            values[node.output()] = x  # identities at inference
        else:
            raise QuantizeError(f"operator {kind} is not supported for TorchScript input "
                                "(supported: conv2d, linear, batch_norm, relu, relu6, hardtanh, "
                                "elu, add, adaptive_avg_pool2d, flatten, dropout); quantise the "
                                "eager model instead")
    if len(returned) != 1 or returned[0] not in values:
        raise QuantizeError("the model must return one tensor [batch, classes]")
    fx_graph.output(values[returned[0]])
    return fx.GraphModule(root, fx_graph).eval()


def _nodes_feeding(values):
    """The nodes the given values are computed from (so assertions and shape checks drop out)."""
    needed, stack = set(), [v.node() for v in values]
    while stack:
        node = stack.pop()
        if node in needed or node.kind() == "prim::Param":
            continue
        needed.add(node)
        stack.extend(v.node() for v in node.inputs())
    return needed


def _conv(kind, args):
    if kind == "aten::conv2d":
        weight, bias, stride, padding, dilation, groups = args
    else:  # aten::_convolution, as tracing records it
        weight, bias, stride, padding, dilation, transposed, _, groups = args[:8]
        if transposed:
            raise QuantizeError("transposed convolutions are not supported")
    conv = nn.Conv2d(weight.shape[1] * groups, weight.shape[0], tuple(weight.shape[2:]),
                     stride=stride, padding=padding, dilation=dilation, groups=groups,
                     bias=bias is not None)
    _assign(conv, weight, bias)
    return conv


def _assign(module, weight, bias):
    with torch.no_grad():
        module.weight.copy_(weight)
        if bias is not None:
            module.bias.copy_(bias)


def calibration_images(folder, preprocessing, limit):
    """The images under folder (recursively, sorted), at most limit of them sampled evenly, as
    one tensor N x C x H x W."""
    if not os.path.isdir(folder):
        raise QuantizeError(f"calibration folder not found: {folder}")
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(folder) for f in names
                   if f.lower().endswith(IMAGE_SUFFIXES))
    if not files:
        raise QuantizeError(f"no images ({', '.join(IMAGE_SUFFIXES)}) under {folder}")
    if len(files) > limit:
        step = len(files) / limit
        files = [files[math.floor(i * step)] for i in range(limit)]
    tensors = []
    for path in files:
        try:
            with Image.open(path) as image:
                tensors.append(preprocessing.tensor(image))
        except OSError as e:
            raise QuantizeError(f"cannot read calibration image {path}: {e}") from e
    return torch.stack(tensors)


def conversion_engine(backend):
    """The engine that packs the weights while converting. The scheme (observers, value ranges)
    comes from the backend's qconfig; the packed format is rebuilt for whichever engine loads the
    TorchScript, so a torch without fbgemm (Debian's) can still write an x86 model."""
    supported = torch.backends.quantized.supported_engines
    preferred = ("x86", "fbgemm") if backend == "x86" else (backend,)
    for engine in preferred + ("onednn", "qnnpack"):
        if engine in supported:
            return engine
    raise QuantizeError(f"this torch has no quantized engine to convert with ({supported})")


def quantize(model, calibration, backend, batch_size=100):
    """Static post-training quantisation with FX graph mode: fuse, observe the calibration
    images, convert to int8 modules."""
    from torch.ao.quantization import get_default_qconfig_mapping
    from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

    if backend not in BACKENDS:
        raise QuantizeError(f"backend must be one of {BACKENDS}, was '{backend}'")
    torch.backends.quantized.engine = conversion_engine(backend)
    prepared = prepare_fx(model.eval(), get_default_qconfig_mapping(backend), (calibration[:1],))
    with torch.no_grad():
        for i in range(0, len(calibration), batch_size):
            prepared(calibration[i:i + batch_size])
    return convert_fx(prepared)


def export(quantized, example, out_dir, preprocessing, backend, source_props, synset):
    """Writes <out_dir>/<folder name>.pt, serving.properties and synset.txt."""
    with torch.no_grad(), warnings.catch_warnings():
        # Tracing reads quantisation parameters as Python numbers: constants, as they should be.
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        frozen = torch.jit.freeze(torch.jit.trace(quantized.eval(), example))
    os.makedirs(out_dir, exist_ok=True)
    name = os.path.basename(os.path.normpath(out_dir))
    model_path = os.path.join(out_dir, name + ".pt")
    torch.jit.save(frozen, model_path)
    props = dict(source_props)
    props.update(preprocessing.properties())
    props.setdefault("engine", "PyTorch")
    props["quantization"] = f"int8 post-training static, {backend} scheme"
    with open(os.path.join(out_dir, "serving.properties"), "w", encoding="utf-8") as f:
        f.write("# Written by model-zoo/training/quantize.py; read by Frameflow's model loader.\n")
        for key in sorted(props):
            f.write(f"{key}={props[key]}\n")
    if synset:
        with open(os.path.join(out_dir, "synset.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(synset) + "\n")
    return model_path


def read_synset(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def top1_agreement(float_model, int8_model, x, batch_size=200):
    """Share of images on which the int8 model's top class equals the float model's."""
    same = 0
    with torch.no_grad():
        for i in range(0, len(x), batch_size):
            xb = x[i:i + batch_size]
            same += (float_model(xb).argmax(1) == int8_model(xb).argmax(1)).sum().item()
    return same / len(x)


def run(model, calibration, out, backend="x86", synset=None, serving_properties=None,
        limit=2000):
    """Quantises the model at `model` and writes the int8 folder `out`; returns (path of the
    written .pt, top-1 agreement with the float model on the calibration images)."""
    model_file = find_model_file(model)
    model_dir = os.path.dirname(os.path.abspath(model_file))
    source_props = read_properties(serving_properties or os.path.join(model_dir,
                                                                      "serving.properties"))
    preprocessing = Preprocessing.from_properties(source_props)
    if synset is None and os.path.isfile(os.path.join(model_dir, "synset.txt")):
        synset = os.path.join(model_dir, "synset.txt")
    labels = read_synset(synset) if synset else None
    float_model = load_float_model(model_file)
    x = calibration_images(calibration, preprocessing, limit)
    try:
        quantized = quantize(float_model, x, backend)
    except (RuntimeError, AssertionError, NotImplementedError) as e:
        raise QuantizeError(f"quantising {model_file} failed: {e}") from e
    path = export(quantized, x[:1], out, preprocessing, backend, source_props, labels)
    return path, top1_agreement(float_model, torch.jit.load(path), x)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--model", required=True,
                   help="TorchScript file or model folder, or a torch.save(model) file")
    p.add_argument("--calibration", required=True, help="folder of calibration images")
    p.add_argument("--out", required=True, help="output model folder (its name names the .pt)")
    p.add_argument("--backend", choices=BACKENDS, default="x86",
                   help="quantisation scheme of the libtorch that runs the model (default x86)")
    p.add_argument("--synset", help="labels, one a line (default: synset.txt beside the model)")
    p.add_argument("--serving-properties",
                   help="preprocessing (default: serving.properties beside the model)")
    p.add_argument("--limit", type=int, default=2000, help="calibration images at most")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    torch.manual_seed(args.seed)
    try:
        path, agreement = run(args.model, args.calibration, args.out, args.backend, args.synset,
                              args.serving_properties, args.limit)
    except QuantizeError as e:
        print(f"quantize.py: {e}", file=sys.stderr)
        return 2
    print(f"wrote {path} ({os.path.getsize(path)} bytes); top-1 agrees with the float model on "
          f"{agreement:.2%} of the calibration images")
    return 0


if __name__ == "__main__":
    sys.exit(main())
