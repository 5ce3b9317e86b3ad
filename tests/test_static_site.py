"""make slides: every solved notebook rendered to static HTML, with an index."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tools.static_site import WIDGET_VIEW, render_site, widget_snapshot

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))


def _shows_widget(path: Path) -> bool:
    nb = json.loads(path.read_text())
    return any(
        WIDGET_VIEW in out.get("data", {}) for c in nb["cells"] for out in c.get("outputs", [])
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    return out, render_site(ROOT / "solutions", out, execute=False)


def test_every_solved_notebook_has_a_page_and_an_index_entry(site):
    out, pages = site
    assert SOLUTIONS, "no solved notebooks to render"
    assert [p.name for p in pages] == [f"{s.stem}.html" for s in SOLUTIONS] + ["index.html"]
    index = (out / "index.html").read_text()
    for solution in SOLUTIONS:
        page = (out / f"{solution.stem}.html").read_text()
        nb = json.loads(solution.read_text())
        title = next(
            line[2:].strip()
            for c in nb["cells"]
            if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines()
            if line.startswith("# ")
        )
        assert f'href="{solution.stem}.html"' in index, solution.name
        assert f"<title>{title}</title>" in page.replace("&amp;", "&"), solution.name
        # Outputs are kept: the last code cell's text or image output is in the page.
        outputs = [
            o
            for c in nb["cells"]
            for o in c.get("outputs", [])
            if "".join(o.get("text", "")).strip()
        ]
        if outputs:
            line = "".join(outputs[-1]["text"]).strip().splitlines()[0]
            assert line.split()[0] in page, (solution.name, line)


def test_links_between_notebooks_point_at_pages(site):
    out, pages = site
    for page in pages:
        text = page.read_text()
        assert not re.search(r'href="\d\d_\w+\.ipynb', text), page.name


def test_widgets_are_drawn_as_snapshots_when_executed(tmp_path, monkeypatch):
    with_widgets = [s for s in SOLUTIONS if _shows_widget(s)]
    with_checks = [s for s in SOLUTIONS if "exercise" in s.name and "check(" in s.read_text()]
    assert with_widgets, "no solved notebook shows a widget"
    assert with_checks, "no solved notebook runs a check"
    source = tmp_path / "solutions"
    source.mkdir()
    for chosen in {with_widgets[0], with_checks[0]}:
        shutil.copy(chosen, source)
    mine = tmp_path / "instructor-progress.json"
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(mine))
    pages = render_site(source, tmp_path / "site", execute=True)
    page = (tmp_path / "site" / f"{with_widgets[0].stem}.html").read_text()
    assert len(pages) == len(list(source.iterdir())) + 1
    assert "ck-widget-snapshot" in page
    assert f'type="{WIDGET_VIEW}"' not in page
    assert 'class="ck-control"' in page
    # Checks that ran while rendering left the instructor's progress file alone.
    assert not mine.exists()
    assert os.environ["COURSEKIT_PROGRESS"] == str(mine)


def test_a_widget_without_state_becomes_a_note(site):
    out, _ = site
    shown = [s for s in SOLUTIONS if _shows_widget(s)]
    page = (out / f"{shown[0].stem}.html").read_text()
    assert "open this notebook in JupyterLab to use it" in page


def test_snapshot_reads_menus_by_label_and_skips_unknown_models():
    state = {
        "m": {
            "model_name": "DropdownModel",
            "state": {"description": "mode", "_options_labels": ["max", "avg"], "index": 1},
        },
        "x": {"model_name": "LayoutModel", "state": {}},
    }
    assert "mode: avg" in widget_snapshot(state, "m")
    assert widget_snapshot(state, "x") == ""
    assert widget_snapshot(state, "missing") == ""


def test_an_empty_folder_is_refused_with_the_rule(tmp_path):
    with pytest.raises(ValueError, match=r"`solutions` must hold notebooks named NN_name\.ipynb"):
        render_site(tmp_path, tmp_path / "site")


def test_every_image_has_the_figures_description_as_alt_text(site):
    out, pages = site
    for page in pages:
        text = page.read_text()
        images = re.findall(r"<img\b[^>]*>", text)
        for tag in images:
            alt = re.search(r'\balt="([^"]*)"', tag)
            assert alt and len(alt.group(1)) > 20, (page.name, tag[:80])
        assert "No description has been provided" not in text, page.name
