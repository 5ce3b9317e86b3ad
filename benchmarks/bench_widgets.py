"""Widget redraw speed: one slider move, measured end to end in the kernel.

Run with ``.venv/bin/python benchmarks/bench_widgets.py`` (``--repeat N``).

Each row moves one control of a freshly built widget back and forth; every
move triggers exactly one redraw (recompute the pooling, rebuild the HTML
string or encode the PNG frames, assign them to the view). The median over
the repeats is compared with the course's targets: a redraw over the anchor
map (or another small map) under 50 ms, over a 512x512 photograph under
150 ms. The browser's own rendering is not included. Timings vary from run to
run on a shared machine, so nothing here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time

from coursekit import (
    image_explorer,
    load_image,
    noise_explorer,
    pooling_explorer,
    shift_explorer,
)

SMALL_MS, IMAGE_MS = 50.0, 150.0


def redraw_ms(box, control, values, repeat):
    """Median milliseconds of one redraw, setting ``control`` to each of ``values`` in turn."""
    ctl = box.controls[control]
    times = []
    for i in range(repeat):
        value = values[i % len(values)]
        if ctl.value == value:
            value = values[(i + 1) % len(values)]
        start = time.perf_counter()
        ctl.value = value
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def cases():
    camera = load_image("camera")
    return [
        ("pooling_explorer, anchor map", pooling_explorer, "kernel_size", [2, 3], SMALL_MS),
        ("pooling_explorer, anchor map", pooling_explorer, "mode", ["max", "avg", "min"], SMALL_MS),
        ("shift_explorer, 6x6 map", shift_explorer, "right", [0, 1, 2, 3], SMALL_MS),
        ("noise_explorer, 8x8 map", noise_explorer, "sigma", [0.1, 0.5, 0.9], SMALL_MS),
        (
            "image_explorer, 512x512",
            lambda: image_explorer(camera),
            "kernel_size",
            [2, 4, 8],
            IMAGE_MS,
        ),
        (
            "image_explorer, 512x512",
            lambda: image_explorer(camera),
            "mode",
            ["max", "avg", "min"],
            IMAGE_MS,
        ),
        (
            "image_explorer, 512x512",
            lambda: image_explorer(camera),
            "probe_col",
            [10, 300],
            IMAGE_MS,
        ),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21, help="redraws per row (median taken)")
    args = parser.parse_args(argv)
    print(
        f"Python {sys.version.split()[0]} on {platform.machine()}, median of {args.repeat} redraws"
    )
    header = f"{'widget':<30} {'control':<12} {'redraw ms':>10} {'target ms':>10}  verdict"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for name, make, control, values, target in cases():
        ms = redraw_ms(make(), control, values, args.repeat)
        worst = max(worst, ms / target)
        verdict = "ok" if ms < target else "SLOW"
        print(f"{name:<30} {control:<12} {ms:>10.2f} {target:>10.0f}  {verdict}")
    print(f"slowest row used {worst:.0%} of its budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
