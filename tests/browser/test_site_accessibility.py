"""The static site (`make slides`) and the widgets' views pass axe-core: no serious or
critical violation on any page.

axe-core comes from the npm registry (tests/browser/package.json), installed into
tests/browser/node_modules by `make test-browser` (npm ci); the pages are opened in
the same headless Chromium as the rest of the browser suite.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tools.labdriver import ROOT, missing_requirements
from tools.static_site import ACCESSIBLE_CSS, render_site

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def _skip_or_fail(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, so the accessibility test must run, but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core as `make test-browser` installs it (npm ci from the lock file)."""
    if not AXE.exists():
        _skip_or_fail(
            "axe-core is not installed: run `npm ci --prefix tests/browser` "
            "(make test-browser does it; npm comes with Node.js)"
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def context(browser):
    """A context of pytest-playwright's browser (Debian's Chromium, as in conftest.py)."""
    reason = missing_requirements()
    if reason:
        _skip_or_fail(reason)
    connected = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        yield connected
    finally:
        connected.close()


def _widget_page(folder: Path) -> Path:
    """Every widget's view, as the static site's snapshots and JupyterLab show it."""
    from coursekit import ANCHOR, feature_patch
    from coursekit.widgets.gradient import gradient_html
    from coursekit.widgets.image import image_frame
    from coursekit.widgets.noise import noise_html
    from coursekit.widgets.pooling import explorer_html
    from coursekit.widgets.shift import shift_html

    views = [
        explorer_html(ANCHOR, 2, uid="a"),
        explorer_html(ANCHOR, 3, stride=2, padding=1, uid="b"),
        explorer_html(ANCHOR, 3, padding=2, uid="c"),  # the error message
        shift_html(np.eye(6, dtype=int) * 9, right=1),
        noise_html(feature_patch(), 0.3),
        gradient_html(ANCHOR, 2, mode="avg"),
        image_frame(ANCHOR, 2, probe=(1, 1))["html"],
    ]
    page = folder / "widgets.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Widget views'
        f"</title><style>{ACCESSIBLE_CSS}</style></head><body><main><h1>Widget views</h1>"
        + "".join(f"<section>{v}</section>" for v in views)
        + "</main></body></html>",
        encoding="utf-8",
    )
    return page


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    written = render_site(ROOT / "solutions", out, execute=False)
    return written + [_widget_page(out)]


def _names():
    return [p.stem for p in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))] + [
        "index",
        "widgets",
    ]


@pytest.mark.parametrize("name", _names())
def test_no_serious_or_critical_axe_violation(name, pages, context, axe_source):
    page_path = next(p for p in pages if p.stem == name)
    page = context.new_page()
    try:
        page.goto(page_path.as_uri())
        page.add_script_tag(content=axe_source)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    finally:
        page.close()
    found = [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]
    assert not found, f"{name}: " + "; ".join(found)
