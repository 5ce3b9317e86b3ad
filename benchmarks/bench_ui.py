"""The learner's wait: from a key press on a slider to the updated output, in the browser.

Serves the solved notebooks in JupyterLab, opens each one that shows a widget
in headless Chromium, runs it, then presses ArrowRight / ArrowLeft on every
slider of every course widget, as a learner does, and times each press in the
page itself: from the keydown event to the animation frame that shows the
changed view (``.ck-values`` text, or the view's content). Prints the median
and the worst over all presses, per widget and in all; writes them to
benchmarks/results/ui.json. Target on a 2-core machine: median under 100 ms,
worst under 250 ms. Informative only: no test asserts it.

    make bench-ui                      # every widget, 6 presses per slider
    .venv/bin/python benchmarks/bench_ui.py --presses 10 --notebooks 02_ 05_
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.labdriver import (  # noqa: E402
    SLIDERS,
    chromium,
    jupyter_lab,
    kernel_of,
    missing_requirements,
    open_notebook,
    probe_widgets,
    run_all,
    view_changed_after,
    watch_view,
)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def shows_widget(path: Path) -> bool:
    nb = json.loads(path.read_text())
    return any(WIDGET_VIEW in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", []))


def time_slider(page, widget: dict, control: dict, presses: int) -> tuple[list[float], int]:
    """Press alternately right and left; return the waits (ms) and presses with no change."""
    waits, unchanged = [], 0
    up = control["value"] < control.get("max", control["value"] + 1)
    handle = page.locator(f"{control['selector']} .noUi-handle").first
    handle.focus()
    for i in range(presses):
        key = "ArrowRight" if (i % 2 == 0) == up else "ArrowLeft"
        watch_view(page, widget["view"])
        handle.press(key)
        ms = view_changed_after(page, wait=3.0)
        if ms is None:
            unchanged += 1
        else:
            waits.append(ms)
        time.sleep(0.15)  # let the kernel settle, as a learner's next press would
    return waits, unchanged


def summary(waits: list[float]) -> str:
    if not waits:
        return "no press changed the output"
    return (
        f"median {statistics.median(waits):6.1f} ms, worst {max(waits):6.1f} ms "
        f"over {len(waits)} presses"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=6, help="key presses per slider")
    parser.add_argument("--notebooks", nargs="*", default=[], help="name fragments to select")
    args = parser.parse_args(argv)
    reason = missing_requirements()
    if reason:
        print(f"bench-ui needs a browser: {reason}")
        return 1
    paths = [
        p
        for p in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
        if shows_widget(p) and (not args.notebooks or any(n in p.name for n in args.notebooks))
    ]
    results, everything = [], []
    with jupyter_lab(("solutions",)) as lab, chromium() as browser:
        for path in paths:
            relpath = f"solutions/{path.name}"
            page = browser.new_page()
            try:
                open_notebook(page, lab, relpath)
                run_all(page)
                with kernel_of(lab, relpath) as kernel:
                    widgets = probe_widgets(kernel)
                for widget in widgets:
                    page.locator(widget["box"]).wait_for(state="visible", timeout=10_000)
                    for control in widget["controls"]:
                        if control["type"] not in SLIDERS or control["disabled"]:
                            continue
                        page.locator(control["selector"]).scroll_into_view_if_needed()
                        waits, unchanged = time_slider(page, widget, control, args.presses)
                        everything += waits
                        label = f"{path.stem} {widget['factory']} {control['name']}"
                        note = f" ({unchanged} presses left it unchanged)" if unchanged else ""
                        print(f"{label:<72} {summary(waits)}{note}", flush=True)
                        results.append(
                            {
                                "notebook": path.name,
                                "widget": widget["factory"],
                                "control": control["name"],
                                "waits_ms": waits,
                                "unchanged": unchanged,
                            }
                        )
            finally:
                page.close()
                lab.shutdown_kernels()
    print(f"\nSlider key press to updated output, all widgets: {summary(everything)}")
    print("Target: median under 100 ms, worst under 250 ms.")
    out = ROOT / "benchmarks" / "results" / "ui.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    total = {}
    if everything:
        total = {"median_ms": statistics.median(everything), "worst_ms": max(everything)}
    out.write_text(json.dumps({"all": total, "sliders": results}, indent=1))
    print(f"Written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
