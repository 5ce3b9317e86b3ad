"""Pooling speed: coursekit against the post's loop and single-thread PyTorch.

Run with ``make bench``. Everything is measured side by side in one process
(medians of repeated runs), so the ratios are comparable even on a busy
machine; single numbers vary by up to 30 % from run to run.

Columns: time of coursekit, of the post's per-window loop applied plane by
plane (measured on a few planes and scaled to all of them: the full loop
takes minutes), of PyTorch on the CPU with one thread in NCHW and
channels_last memory formats, the ratios, and coursekit's peak extra memory
on a first call (tracemalloc) relative to the size of its output.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
import tracemalloc
from functools import partial

import numpy as np

from coursekit import ANCHOR, global_pool, pool2d
from coursekit.engine import passes as engine_passes

WORKLOADS = [
    # name, shape, kernel, stride, padding
    ("W2 (1,64,112,112) k3 s2 p1", (1, 64, 112, 112), 3, 2, 1),
    ("W3 (32,64,56,56) k2 s2", (32, 64, 56, 56), 2, 2, 0),
    ("W4 (8,256,28,28) k3 s1 p1", (8, 256, 28, 28), 3, 1, 1),
]


# How rounds are summarised: the median (default), or with --stat min the
# fastest of rounds ten times shorter, for a machine shared with other jobs
# (interference only ever adds time, so the minimum is the least disturbed).
SETTINGS = {"stat": statistics.median, "scale": 1.0}


def timeit(fn, repeat=7, min_time=0.05):
    """Median (or minimum) seconds per call over ``repeat`` rounds of enough calls."""
    min_time *= SETTINGS["scale"]
    fn()
    number, start = 1, time.perf_counter()
    fn()
    once = time.perf_counter() - start
    if once < min_time:
        number = max(1, int(min_time / max(once, 1e-7)))
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        rounds.append((time.perf_counter() - start) / number)
    return SETTINGS["stat"](rounds)


def post_loop(plane, k, s, p, mode):
    """The post's two loops over output cells, for one 2-D plane (plus padding)."""
    fill = -np.inf if mode == "max" else 0.0
    if p:
        plane = np.pad(plane, p, constant_values=fill)
    oh = (plane.shape[0] - k) // s + 1
    ow = (plane.shape[1] - k) // s + 1
    out = np.zeros((oh, ow), dtype=plane.dtype)
    reduce = np.max if mode == "max" else np.mean
    for i in range(oh):
        for j in range(ow):
            out[i, j] = reduce(plane[i * s : i * s + k, j * s : j * s + k])
    return out


def _loop_planes(planes, k, s, p, mode):
    return [post_loop(plane, k, s, p, mode) for plane in planes]


def peak_extra(fn):
    """Peak bytes allocated during ``fn()`` beyond its result, and the result size.

    The engine's kept scratch buffers are dropped first, so this is what a first
    call costs (later calls reuse them and allocate only the output).
    """
    engine_passes._local.__dict__.clear()
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    out = fn()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    size = np.asarray(out).nbytes
    return peak - size, size


def passes(rng, torch, F, repeat, bandwidth=26.8e9):
    """Average pooling counted in passes over memory: how many of NumPy's
    cheapest full passes (one contiguous np.add over the input, in cache
    blocks as the engine uses them) each call costs, against the bandwidth
    limit (input read once, output written once)."""
    print(
        "\n| workload | one np.add pass ms | coursekit avg | PyTorch channels_last "
        "| bandwidth limit |"
    )
    print("|---|---|---|---|---|")
    for name, shape, k, s, p in WORKLOADS:
        x = rng.standard_normal(shape, dtype=np.float32)
        flat = x.reshape(-1)
        step = 256 * 1024  # 1 MiB of float32 per call, as the engine's blocks
        buf = np.empty(step, dtype=np.float32)

        def one_pass(flat=flat, buf=buf, step=step):
            for i in range(0, flat.size - 1, step):
                m = min(step, flat.size - 1 - i)
                np.add(flat[i : i + m], flat[i + 1 : i + 1 + m], out=buf[:m])

        unit = timeit(one_pass, repeat)
        ours = timeit(partial(pool2d, x, k, s, p, mode="avg"), repeat)
        out_bytes = pool2d(x, k, s, p, mode="avg").nbytes
        limit = (x.nbytes + out_bytes) / bandwidth
        cells = [name, f"{unit * 1e3:.3f}", f"{ours / unit:.1f} passes"]
        if torch is not None:
            tcl = torch.from_numpy(x).contiguous(memory_format=torch.channels_last)
            cl = timeit(partial(F.avg_pool2d, tcl, k, s, p), repeat)
            cells.append(f"{cl / unit:.1f} passes")
        else:
            cells.append("–")
        cells.append(f"{limit / unit:.1f} passes ({limit * 1e3:.2f} ms)")
        print("| " + " | ".join(cells) + " |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--stat",
        choices=["median", "min"],
        default="median",
        help="median of rounds, or min of rounds 10x shorter (a busy machine)",
    )
    parser.add_argument("--loop-planes", type=int, default=4, help="planes timed for the loop")
    args = parser.parse_args(argv)
    if args.stat == "min":
        SETTINGS.update(stat=min, scale=0.1)
    try:
        import torch

        torch.set_num_threads(1)
        F = torch.nn.functional
    except ImportError:
        torch = None
    rng = np.random.default_rng(0)
    print(f"# Pooling speed, float32, {args.stat} of {args.repeat} rounds")
    print(
        f"# {platform.processor() or platform.machine()}, Python {sys.version.split()[0]}, "
        f"NumPy {np.__version__}"
        + (f", PyTorch {torch.__version__} (1 thread)" if torch else ", no PyTorch")
    )
    print()
    head = (
        "| workload | mode | coursekit ms | post's loop ms | vs loop | torch NCHW ms | ratio NCHW "
        "| torch channels_last ms | ratio CL | peak extra / output |"
    )
    print(head)
    print("|---" * 10 + "|")
    for name, shape, k, s, p in WORKLOADS:
        x = rng.standard_normal(shape, dtype=np.float32)
        for mode in ("max", "avg"):
            ours_fn = partial(pool2d, x, k, s, p, mode=mode)
            ours = timeit(ours_fn, args.repeat)
            planes = x.reshape(-1, *shape[-2:])[: args.loop_planes]
            loop_one = timeit(partial(_loop_planes, planes, k, s, p, mode), 3, 0.0)
            loop = loop_one / len(planes) * (x.size // (shape[-2] * shape[-1]))
            extra, size = peak_extra(ours_fn)
            cells = [name, mode, f"{ours * 1e3:.2f}", f"{loop * 1e3:.0f}", f"{loop / ours:.0f}x"]
            if torch is not None:
                t = torch.from_numpy(x)
                tcl = t.contiguous(memory_format=torch.channels_last)
                tf = F.max_pool2d if mode == "max" else F.avg_pool2d
                nchw = timeit(partial(tf, t, k, s, p), args.repeat)
                cl = timeit(partial(tf, tcl, k, s, p), args.repeat)
                ref = tf(t, k, s, p).numpy()
                assert np.allclose(pool2d(x, k, s, p, mode=mode), ref, atol=1e-5)
                cells += [
                    f"{nchw * 1e3:.2f}",
                    f"{ours / nchw:.2f}",
                    f"{cl * 1e3:.2f}",
                    f"{ours / cl:.2f}",
                ]
            else:
                cells += ["–"] * 4
            cells.append(f"{extra / size:.2f}")
            print("| " + " | ".join(cells) + " |")
    # Global average pooling.
    x = rng.standard_normal((64, 512, 7, 7), dtype=np.float32)
    ours = timeit(lambda: global_pool(x), args.repeat)
    mean = timeit(lambda: x.mean(axis=(-2, -1)), args.repeat)
    cells = [
        "W5 GAP (64,512,7,7)",
        "avg",
        f"{ours * 1e3:.3f}",
        f"np.mean {mean * 1e3:.3f}",
        f"{mean / ours:.1f}x",
    ]
    if torch is not None:
        t = torch.from_numpy(x)
        avg = timeit(lambda: F.avg_pool2d(t, 7), args.repeat)
        ada = timeit(lambda: F.adaptive_avg_pool2d(t, 1), args.repeat)
        cells += [
            f"{avg * 1e3:.3f}",
            f"{ours / avg:.2f}",
            f"adaptive {ada * 1e3:.3f}",
            f"{ours / ada:.2f}",
        ]
    else:
        cells += ["–"] * 4
    extra, size = peak_extra(lambda: global_pool(x))
    cells.append(f"{extra / size:.2f}")
    print("| " + " | ".join(cells) + " |")
    # Per-call overhead on the anchor map: what a slider pays.
    anchor = timeit(lambda: pool2d(ANCHOR, 2), args.repeat, 0.2)
    loop = timeit(lambda: post_loop(ANCHOR, 2, 2, 0, "max"), args.repeat, 0.2)
    line = (
        f"\nW1 anchor map 4x4 k2 s2: coursekit {anchor * 1e6:.1f} µs per call, "
        f"post's loop {loop * 1e6:.1f} µs"
    )
    if torch is not None:
        ta = torch.from_numpy(np.asarray(ANCHOR, dtype=np.float32))[None, None]
        tt = timeit(lambda: F.max_pool2d(ta, 2), args.repeat, 0.2)
        line += f", PyTorch {tt * 1e6:.1f} µs"
    print(line)
    passes(rng, torch, F, args.repeat)
    print(
        "\nratio = coursekit time / PyTorch time (below 1: coursekit is faster). "
        "Targets: NCHW ratio <= 0.5, channels_last ratio <= 2, GAP ratio <= 1, "
        "anchor < 10 µs, >= 1000x the loop, peak extra <= 2x output."
    )


if __name__ == "__main__":
    main()
