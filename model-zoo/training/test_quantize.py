"""Tests of quantize.py on small MobileNets from the layer tables, with random weights:

  cd model-zoo/training && /usr/bin/python3 -m unittest -v test_quantize

(Debian's python3-torch and python3-pil; QuantizeScriptTest runs them in the Maven build.)
"""
import contextlib
import io
import os
import tempfile
import unittest

import numpy as np
import torch
from PIL import Image
from torch import nn

import mobilenet_tables
import quantize
import trainer

LABELS = [f"class {i}" for i in range(10)]


def small_mobilenet(family="v1"):
    torch.manual_seed(0)
    model = mobilenet_tables.build(family, 0.25, num_classes=10, in_channels=1, stem_stride=1,
                                   dropout=0.2)
    # Random BN statistics, so that folding them into the convolutions is exercised.
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)
    return model.eval()


def write_images(folder, count, size=(28, 28), mode="L"):
    rng = np.random.default_rng(0)
    os.makedirs(folder, exist_ok=True)
    for i in range(count):
        shape = (size[1], size[0]) if mode == "L" else (size[1], size[0], 3)
        Image.fromarray(rng.integers(0, 256, shape, dtype=np.uint8), mode).save(
            os.path.join(folder, f"{i:03d}.png"))


class QuantizeTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.calibration = os.path.join(self.dir, "calibration")
        write_images(os.path.join(self.calibration, "nested"), 24)

    def tearDown(self):
        self.tmp.cleanup()

    def float_folder(self, model, name="small", script=True):
        """A Frameflow model folder as train_fashion_mnist.py writes one (frozen TorchScript,
        serving.properties, synset.txt)."""
        folder = os.path.join(self.dir, name)
        trainer.export(model, folder, name, script=script)
        return folder

    def assert_int8_folder(self, out, float_model, min_agreement):
        path = os.path.join(out, os.path.basename(out) + ".pt")
        int8 = torch.jit.load(path)
        self.assertIn("quantized::conv2d", str(int8.graph))
        props = quantize.read_properties(os.path.join(out, "serving.properties"))
        self.assertIn("x86", props["quantization"])
        self.assertEqual(("28", "28", "1"), (props["width"], props["height"], props["channels"]))
        self.assertEqual("0.286", props["mean"])
        x = quantize.calibration_images(self.calibration, quantize.Preprocessing.from_properties(
            props), 100)
        with torch.no_grad():
            expected, actual = float_model(x), int8(x)
        self.assertEqual((24, 10), tuple(actual.shape))
        # int8 stays close to float: a fraction of the logits' spread.
        self.assertLess((actual - expected).abs().max().item(), 0.2 * expected.std().item() + 0.05)
        agreement = (actual.argmax(1) == expected.argmax(1)).float().mean().item()
        self.assertGreaterEqual(agreement, min_agreement)
        return props

    def test_frozen_torchscript_folder_with_synset(self):
        model = small_mobilenet()
        folder = self.float_folder(model)
        with open(os.path.join(folder, "synset.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(LABELS) + "\n")
        out = os.path.join(self.dir, "small_int8")

        path, agreement = quantize.run(folder, self.calibration, out)

        self.assertEqual(os.path.join(out, "small_int8.pt"), path)
        self.assertGreaterEqual(agreement, 0.8)
        self.assert_int8_folder(out, model, 0.8)
        self.assertEqual(LABELS, quantize.read_synset(os.path.join(out, "synset.txt")))

    def test_traced_torchscript_file_and_a_separate_synset(self):
        model = small_mobilenet()
        folder = self.float_folder(model, script=False)
        synset = os.path.join(self.dir, "labels.txt")
        with open(synset, "w", encoding="utf-8") as f:
            f.write("\n".join(reversed(LABELS)))
        out = os.path.join(self.dir, "traced_int8")

        quantize.run(os.path.join(folder, "small.pt"), self.calibration, out, synset=synset)

        self.assert_int8_folder(out, model, 0.8)
        self.assertEqual(LABELS[::-1], quantize.read_synset(os.path.join(out, "synset.txt")))

    def test_eager_module_saved_whole(self):
        model = small_mobilenet()
        folder = self.float_folder(model)  # for its serving.properties
        eager = os.path.join(folder, "eager.pth")
        torch.save(model, eager)
        out = os.path.join(self.dir, "eager_int8")

        quantize.run(eager, self.calibration, out,
                     serving_properties=os.path.join(folder, "serving.properties"))

        self.assert_int8_folder(out, model, 0.8)

    def test_mobilenet_v2_residual_adds(self):
        model = small_mobilenet("v2")
        out = os.path.join(self.dir, "v2_int8")

        quantize.run(self.float_folder(model, "v2"), self.calibration, out, backend="qnnpack")

        int8 = torch.jit.load(os.path.join(out, "v2_int8.pt"))
        self.assertIn("quantized::add", str(int8.graph))
        self.assertIn("qnnpack", quantize.read_properties(
            os.path.join(out, "serving.properties"))["quantization"])

    def test_each_backend_scheme(self):
        folder = self.float_folder(small_mobilenet())
        for backend in quantize.BACKENDS:
            with self.subTest(backend=backend):
                out = os.path.join(self.dir, f"int8_{backend}")
                _, agreement = quantize.run(folder, self.calibration, out, backend=backend)
                self.assertGreaterEqual(agreement, 0.8)

    def test_rgb_preprocessing_resizes_the_shorter_side_and_crops_the_centre(self):
        p = quantize.Preprocessing.from_properties({"width": "224", "resize": "256"})
        image = Image.new("RGB", (640, 480), (255, 0, 0))

        x = p.tensor(image)

        self.assertEqual((3, 224, 224), tuple(x.shape))
        self.assertAlmostEqual((1 - 0.485) / 0.229, x[0, 100, 100].item(), places=4)
        self.assertAlmostEqual((0 - 0.456) / 0.224, x[1, 100, 100].item(), places=4)
        self.assertEqual(quantize.IMAGENET_MEAN, p.mean)

    def test_unsupported_operator_is_named(self):
        class Gated(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(1, 10, 3)

            def forward(self, x):
                return torch.sigmoid(self.conv(x)).mean((2, 3))

        folder = self.float_folder(Gated(), "gated")
        with self.assertRaisesRegex(quantize.QuantizeError, "aten::sigmoid is not supported"):
            quantize.run(folder, self.calibration, os.path.join(self.dir, "gated_int8"))

    def test_bad_inputs_fail_with_one_line(self):
        folder = self.float_folder(small_mobilenet())
        empty = os.path.join(self.dir, "empty")
        os.makedirs(empty)
        not_a_model = os.path.join(self.dir, "notes.pt")
        with open(not_a_model, "w") as f:
            f.write("not a model")
        cases = [
            ((os.path.join(self.dir, "missing"), self.calibration), "model not found"),
            ((folder, empty), "no images"),
            ((folder, os.path.join(self.dir, "nowhere")), "calibration folder not found"),
            ((not_a_model, self.calibration), "neither TorchScript nor"),
        ]
        for args, message in cases:
            with self.subTest(message=message):
                with self.assertRaisesRegex(quantize.QuantizeError, message):
                    quantize.run(*args, os.path.join(self.dir, "out"))
        with self.assertRaisesRegex(quantize.QuantizeError, "mean has 2 values"):
            quantize.Preprocessing.from_properties({"channels": "3", "mean": "0.5,0.5"})

    def test_command_line_reports_errors_without_a_traceback(self):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            code = quantize.main(["--model", os.path.join(self.dir, "missing"),
                                  "--calibration", self.calibration, "--out", self.dir])
        self.assertEqual(2, code)
        self.assertRegex(stderr.getvalue(), r"^quantize.py: model not found")


if __name__ == "__main__":
    unittest.main()
