"""Measures models through Frameflow's Java loader and DJL, by running the `./frameflow` CLI
(`evaluate`, `speed`) from the source tree: what a Java user gets, not what PyTorch gets."""
import os
import re
import statistics
import subprocess

# A row of `frameflow speed`: batch size, inference-only images/s, then further columns.
SPEED_ROW = re.compile(r"^[ \t]*(\d+)[ \t]+([0-9.]+)(?:[ \t]+[0-9.]+)+[ \t]*$", re.M)
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def frameflow(*args):
    """Runs Frameflow's CLI and returns its standard output (FRAMEFLOW_SKIP_BUILD=1 unless set:
    build once before measuring, e.g. with `./frameflow help`)."""
    env = dict(os.environ, FRAMEFLOW_SKIP_BUILD=os.environ.get("FRAMEFLOW_SKIP_BUILD", "1"))
    done = subprocess.run([os.path.join(ROOT, "frameflow"), *args], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"frameflow {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def java_accuracy(model, threads, *options):
    """(accuracy, test images) of `frameflow evaluate` on the 10 000 Fashion-MNIST test images."""
    evaluated = frameflow("evaluate", "--model", model, "--threads", str(threads), *options)
    found = re.search(r"accuracy ([0-9.]+) \((\d+)/(\d+)\)", evaluated)
    if not found:
        raise RuntimeError(f"unexpected frameflow output:\n{evaluated}")
    return float(found.group(1)), int(found.group(3))


def java_speed_once(model, threads, batch_sizes, *options):
    """{batch size: images/s} of one `frameflow speed` run: one JVM, one DJL predictor,
    inference only."""
    speed = frameflow("speed", "--model", model, "--threads", str(threads), "--batch-sizes",
                      ",".join(map(str, batch_sizes)), "--rounds", "40", *options)
    rates = {int(m.group(1)): float(m.group(2)) for m in SPEED_ROW.finditer(speed)}
    if sorted(rates) != sorted(batch_sizes):
        raise RuntimeError(f"unexpected frameflow output:\n{speed}")
    return rates


def java_speed(model, threads, batch_sizes=(1, 8), repeats=5, *options):
    """{batch size: images/s} through one DJL predictor (inference only), each the median of
    `repeats` runs in fresh JVMs: one run varies by 15-30% on a shared machine."""
    runs = [java_speed_once(model, threads, batch_sizes, *options) for _ in range(repeats)]
    return {b: statistics.median(r[b] for r in runs) for b in batch_sizes}
