"""Builds PyTorch MobileNets from the layer tables that the Java cost model also reads.

The tables live in model-zoo/src/main/resources/io/frameflow/zoo/arch/*.table so that the trained
network, the cost model and the documentation cannot drift apart.
"""
import math
import os
from dataclasses import dataclass

import torch
from torch import nn

TABLE_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "src", "main", "resources", "io", "frameflow", "zoo", "arch")


# Activations a network can be built with, by the name that training scripts and metadata use.
ACTIVATIONS = {"relu": nn.ReLU, "relu6": nn.ReLU6, "elu": nn.ELU}


@dataclass(frozen=True)
class Row:
    op: str
    kernel: int
    stride: int
    channels: int
    expansion: int
    repeat: int


def read_table(family: str):
    """Reads mobilenet-<family>.table into a list of rows ('-' becomes 0)."""
    path = os.path.join(TABLE_DIR, f"mobilenet-{family}.table")
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            op, *nums = line.split()
            k, s, c, t, n = (0 if x == "-" else int(x) for x in nums)
            rows.append(Row(op, k, s, c, t, n))
    return rows


def scaled_channels(family: str, channels: int, alpha: float) -> int:
    """Width multiplier, rounded as each paper's reference implementation does."""
    if family == "v1":
        return int(channels * alpha)
    # MobileNetV2: round to a multiple of 8, never dropping more than 10%.
    value = channels * alpha
    rounded = max(8, int(value + 4) // 8 * 8)
    if rounded < 0.9 * value:
        rounded += 8
    return rounded


def conv_bn_act(cin, cout, k, s, groups, act, bn=True):
    """Convolution, then batch norm (unless bn is False) and the activation (unless None)."""
    layers = [nn.Conv2d(cin, cout, k, s, k // 2, groups=groups, bias=False)]
    if bn:
        layers.append(nn.BatchNorm2d(cout))
    if act is not None:
        layers.append(act())
    return layers


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, k, s, t, act):
        super().__init__()
        hidden = cin * t
        layers = []
        if t != 1:
            layers += conv_bn_act(cin, hidden, 1, 1, 1, act)
        layers += conv_bn_act(hidden, hidden, k, s, hidden, act)
        layers += conv_bn_act(hidden, cout, 1, 1, 1, None)
        self.body = nn.Sequential(*layers)
        self.residual = s == 1 and cin == cout

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


def build(family="v1", alpha=1.0, num_classes=1000, in_channels=3, stem_stride=None,
          activation=None, dropout=0.0, separable=True, bn_between=True):
    """Builds the network of a table. stem_stride overrides the first conv's stride for small
    inputs (e.g. 28x28 Fashion-MNIST). For the model study, separable=False replaces each
    depthwise separable block by one standard kxk convolution of the same widths, and
    bn_between=False drops the BN + activation between the depthwise and pointwise layers."""
    act = activation or (nn.ReLU if family == "v1" else nn.ReLU6)
    layers = []
    cin = in_channels
    first = True
    for row in read_table(family):
        if row.op in ("conv", "conv_last"):
            cout = row.channels if row.op == "conv_last" and alpha <= 1.0 else \
                scaled_channels(family, row.channels, alpha)
            stride = stem_stride if first and stem_stride is not None else row.stride
            layers += conv_bn_act(cin, cout, row.kernel, stride, 1, act)
            cin = cout
        elif row.op == "dwsep":
            cout = scaled_channels(family, row.channels, alpha)
            for _ in range(row.repeat):
                if separable:
                    layers += conv_bn_act(cin, cin, row.kernel, row.stride, cin,
                                          act if bn_between else None, bn=bn_between)
                    layers += conv_bn_act(cin, cout, 1, 1, 1, act)
                else:
                    layers += conv_bn_act(cin, cout, row.kernel, row.stride, 1, act)
                cin = cout
        elif row.op == "invres":
            cout = scaled_channels(family, row.channels, alpha)
            for i in range(row.repeat):
                layers.append(InvertedResidual(cin, cout, row.kernel, row.stride if i == 0 else 1,
                                               row.expansion, act))
                cin = cout
        elif row.op == "avgpool":
            layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
        elif row.op == "fc":
            layers.append(nn.Linear(cin, num_classes))
        else:
            raise ValueError(f"unknown op '{row.op}' in mobilenet-{family}.table")
        first = False
    return nn.Sequential(*layers)


def measure_cost(model: nn.Module, input_shape):
    """Counts mult-adds and parameters of the real modules with forward hooks (convolution and
    fully connected weights, FC bias; BN excluded, as in the MobileNet paper)."""
    totals = {"mult_adds": 0, "params": 0}

    def on_conv(m, inp, out):
        totals["mult_adds"] += out.numel() // out.shape[0] * (m.in_channels // m.groups) \
            * m.kernel_size[0] * m.kernel_size[1]
        totals["params"] += m.weight.numel()

    def on_linear(m, inp, out):
        totals["mult_adds"] += m.in_features * m.out_features
        totals["params"] += m.weight.numel() + m.bias.numel()

    hooks = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            hooks.append(m.register_forward_hook(on_conv))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(on_linear))
    was_training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, *input_shape))
    model.train(was_training)
    for h in hooks:
        h.remove()
    return totals
