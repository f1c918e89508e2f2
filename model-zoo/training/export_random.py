"""Exports a random-weight MobileNet from the layer tables as TorchScript, to measure inference
speed without training or data. Not committed: run it where you need the file.

  /usr/bin/python3 model-zoo/training/export_random.py --family v1 --alpha 1.0 --resolution 224 \
      --out /tmp/mobilenet_v1_1.0_224

Writes <out>/<name>.pt and a serving.properties for ImageNet-style preprocessing (no synset:
Frameflow labels the 1000 outputs by index).
"""
import argparse
import os

import torch

import mobilenet_tables


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--family", choices=["v1", "v2"], default="v1")
    p.add_argument("--alpha", type=float, default=1.0)
    p.add_argument("--resolution", type=int, default=224)
    p.add_argument("--classes", type=int, default=1000)
    p.add_argument("--channels-last", action="store_true",
                   help="trace with channels-last memory format")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True)
    args = p.parse_args()

    torch.manual_seed(args.seed)
    model = mobilenet_tables.build(args.family, args.alpha, num_classes=args.classes).eval()
    example = torch.rand(1, 3, args.resolution, args.resolution)
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
        example = example.to(memory_format=torch.channels_last)
    with torch.no_grad():
        frozen = torch.jit.freeze(torch.jit.trace(model, example))
    name = os.path.basename(os.path.normpath(args.out))
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, name + ".pt")
    torch.jit.save(frozen, path)
    resize = round(args.resolution * 256 / 224)
    with open(os.path.join(args.out, "serving.properties"), "w", encoding="utf-8") as f:
        f.write(f"engine=PyTorch\nwidth={args.resolution}\nheight={args.resolution}\n"
                f"resize={resize}\nchannels=3\n"
                "mean=0.485,0.456,0.406\nstd=0.229,0.224,0.225\n")
    cost = mobilenet_tables.measure_cost(model, (3, args.resolution, args.resolution))
    print(f"{path}: {cost['mult_adds'] / 1e6:.1f} M mult-adds, {cost['params'] / 1e6:.2f} M params")


if __name__ == "__main__":
    main()
