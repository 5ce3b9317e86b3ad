"""The course as a learner meets it: every notebook run in JupyterLab, every control moved.

For each notebook in notebooks/ and solutions/ (whatever exists when the suite
runs): open it in JupyterLab in headless Chromium, Run All from the menu, and
fail on any error, stderr output, unrun cell or widget that failed to render.
Then move every control of every course widget the way a learner does (a key
press on a slider handle, a choice in a menu, a click on a box) and check that
the output shown in the page changed to what the engine computes for the new
values (tests/browser/oracles.py), or, for a widget with no oracle, to exactly
what the kernel computed. Screenshots of each widget before and after go to
screenshots/browser/.
"""

from __future__ import annotations

import json
import time

import pytest

from tools.labdriver import (
    COURSE_DIRS,
    ROOT,
    SLIDERS,
    kernel_of,
    move_control,
    next_value,
    open_notebook,
    probe_widgets,
    problems,
    read_view,
    run_all,
    view_changed_after,
    watch_view,
    widget_state,
)

from .oracles import ORACLES, matches, parse_values

NOTEBOOKS = sorted(
    path.relative_to(ROOT).as_posix() for d in COURSE_DIRS for path in (ROOT / d).glob("*.ipynb")
)
# Moved first: sliders and number boxes, then menus, then boxes to tick; so that
# window 3 / stride 3 on the anchor map is reached before the mode changes.
ORDER = {"slider": 0, "text": 1, "menu": 2, "toggle": 3}


def _solution_shows_widget(relpath: str) -> bool:
    """Whether the committed solved copy of this notebook displays an ipywidget."""
    solved = ROOT / "solutions" / relpath.split("/", 1)[1]
    if not solved.exists():
        return False
    nb = json.loads(solved.read_text())
    return any(
        "application/vnd.jupyter.widget-view+json" in out.get("data", {})
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
    )


def _order(control):
    kind = control["type"]
    if kind in SLIDERS:
        return ORDER["slider"]
    if kind.endswith("Text"):
        return ORDER["text"]
    if kind in {"Checkbox", "ToggleButton"}:
        return ORDER["toggle"]
    return ORDER["menu"]


# One xdist group per notebook: its tests share one opened page, so one worker runs them all.
@pytest.fixture(
    scope="module",
    params=[pytest.param(p, id=p, marks=pytest.mark.xdist_group(p)) for p in NOTEBOOKS],
)
def notebook(request, lab, lab_browser):
    """One notebook opened and run with Run All; closed (kernel shut down) afterwards."""
    relpath = request.param
    page = lab_browser.new_page()
    try:
        open_notebook(page, lab, relpath)
        seconds = run_all(page)
        yield {"path": relpath, "page": page, "seconds": seconds, "problems": problems(page)}
    finally:
        page.close()
        lab.shutdown_kernels()


def test_run_all_shows_no_error(notebook):
    found = notebook["problems"]
    report = "\n\n".join(f"cell {p['cell']} ({p['kind']}):\n{p['text'][-1500:]}" for p in found)
    assert not found, f"{notebook['path']} after Run All in JupyterLab:\n{report}"


def _wait_for(read, accept, timeout=10.0):
    """Poll ``read()`` until ``accept(result)``; return the last result."""
    deadline = time.monotonic() + timeout
    while True:
        result = read()
        if accept(result) or time.monotonic() > deadline:
            return result
        time.sleep(0.05)


def _expected(widget, values):
    """The oracle's expectation: (list of arrays/blocks, None) or (None, error message)."""
    oracle = ORACLES.get(widget["factory"])
    if oracle is None:
        return None, None
    try:
        return oracle(values, widget["inputs"]), None
    except ValueError as err:
        return None, str(err)


def _shown_matches(shown, expected, error, kernel):
    if shown is None:
        return False
    if error is not None:
        return [t.strip() for t in shown["errors"]] == [error.strip()]
    if expected is not None:
        if len(shown["ck_values"]) != len(expected):
            return False
        try:
            return all(
                matches(parse_values(t), e)
                for t, e in zip(shown["ck_values"], expected, strict=True)
            )
        except ValueError:
            return False
    # No oracle: the page must show what the kernel computed.
    return shown["ck_values"] == kernel["ck_values"] and [t.strip() for t in shown["errors"]] == [
        t.strip() for t in kernel["errors"]
    ]


def _describe(shown):
    if shown is None:
        return "nothing (the view is not in the page)"
    return f"ck-values {shown['ck_values']}, errors {shown['errors']}"


def test_every_control_updates_its_output(notebook, lab, screenshot_dir, report):
    page, relpath = notebook["page"], notebook["path"]
    stem = relpath.replace("/", "_").removesuffix(".ipynb")
    failures = []
    with kernel_of(lab, relpath) as kernel:
        widgets = probe_widgets(kernel)
        if _solution_shows_widget(relpath) and not widgets:
            failures.append("the solved notebook shows a widget, but no course widget ran here")
        for widget in widgets:
            label = f"widget {widget['n']} ({widget['factory']})"
            if widget["factory"] not in ORACLES:
                report["no_oracle"].add(str(widget["factory"]))
            box = page.locator(widget["box"])
            try:
                box.wait_for(state="visible", timeout=10_000)
            except Exception:
                failures.append(f"{label} is not shown in the page")
                continue
            box.screenshot(path=screenshot_dir / f"{stem}-w{widget['n']}-before.png")
            for control in sorted(widget["controls"], key=_order):
                if control["disabled"]:
                    continue
                name = control["name"]
                try:
                    new, action, argument = next_value(control)
                except NotImplementedError as err:
                    failures.append(f"{label}: control {name!r}: {err}")
                    continue
                watch_view(page, widget["view"])
                move_control(page, control, action, argument)

                def kernel_state(_widget=widget):
                    return widget_state(kernel, _widget["n"])

                def arrived(state, _name=name, _new=new):
                    got = state["labels"].get(_name, state["values"][_name])
                    if isinstance(_new, float):
                        return abs(got - _new) <= 1e-9 * max(1.0, abs(_new))
                    return got == _new

                state = _wait_for(kernel_state, arrived)
                if not arrived(state):
                    failures.append(
                        f"{label}: moving {name!r} to {new!r} in the page did not reach the "
                        f"kernel (it holds {state['values'][name]!r})"
                    )
                    continue
                control["value"] = state["values"][name]
                if "labels" in control:
                    control["index"] = control["labels"].index(state["labels"][name])
                expected, error = _expected(widget, state["values"])
                shown = _wait_for(
                    lambda _w=widget: read_view(page, _w["view"]),
                    lambda s, _e=expected, _r=error, _k=state: _shown_matches(s, _e, _r, _k),
                    timeout=5.0,
                )
                if not _shown_matches(shown, expected, error, state):
                    want = error if error is not None else expected
                    if want is None:
                        want = f"the kernel's {state['ck_values']} {state['errors']}"
                    failures.append(
                        f"{label}: after {name!r} -> {new!r} (controls {state['values']}) the "
                        f"page shows {_describe(shown)}; expected {want}"
                    )
                    continue
                waited = view_changed_after(page)
                print(f"{label}: {name} -> {new!r}: page updated after {waited} ms")
                if waited is not None and action == "key":
                    report["latencies_ms"].append(waited)
            box.screenshot(path=screenshot_dir / f"{stem}-w{widget['n']}-after.png")
    assert not failures, f"{relpath}:\n" + "\n".join(failures)
