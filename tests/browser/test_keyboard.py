"""The pooling explorer from the keyboard, in JupyterLab: each output cell takes the
focus, Tab moves to the next, and the focused cell's window is outlined as on hover;
every control has an accessible name."""

from __future__ import annotations

import pytest

from tools.labdriver import open_notebook, run_all

NOTEBOOK = "solutions/02_max_pooling.ipynb"

_OUTLINED = """(i) => {
  const view = document.querySelector('.ck-out').closest('div[class^="ck-explorer"]');
  const solid = (el) => getComputedStyle(el).outlineStyle === 'solid';
  const windows = [...view.querySelectorAll('td')].filter((td) => /\\bw\\d+\\b/.test(td.className));
  return {
    focused: document.activeElement.className,
    label: document.activeElement.getAttribute('aria-label'),
    mine: windows.filter((td) => td.classList.contains('w' + i)).every(solid),
    others: windows.filter((td) => !td.classList.contains('w' + i)).some(solid),
  };
}"""


@pytest.fixture(scope="module")
def page(lab, browser):
    page = browser.new_page()
    try:
        open_notebook(page, lab, NOTEBOOK)
        run_all(page)
        page.wait_for_selector(".ck-out td[tabindex='0']", timeout=60_000)
        yield page
    finally:
        page.close()


def test_tab_walks_the_output_cells_and_outlines_each_window(page):
    first = page.locator(".ck-out td[tabindex='0']").first
    first.focus()
    state = page.evaluate(_OUTLINED, 0)
    assert state["focused"].strip() == "o0"
    assert state["label"].startswith("output row 0, column 0: 20")
    assert state["mine"] and not state["others"]
    page.keyboard.press("Tab")
    state = page.evaluate(_OUTLINED, 1)
    assert state["focused"].strip() == "o1"
    assert state["mine"] and not state["others"]


def test_menu_and_box_have_accessible_names(page):
    assert page.get_by_role("combobox", name="mode").count() >= 1
    assert page.get_by_role("checkbox", name="ceil mode").count() >= 1


def test_each_slider_is_labelled_and_explained_beside_its_handle(page):
    found = page.evaluate("""() => [...document.querySelectorAll('.widget-slider')].map((s) => ({
        label: s.querySelector('.widget-label').textContent,
        title: s.querySelector('.widget-label').title,
        handle: s.querySelector('[role=slider]').tabIndex}))""")
    names = {f["label"] for f in found}
    assert {"window", "stride", "padding"} <= names
    assert all(f["title"] and f["handle"] == 0 for f in found)


@pytest.mark.xfail(
    strict=True,
    reason="ipywidgets 8 draws sliders with noUiSlider, whose handle (role=slider) gets no "
    "aria-label and whose visible label has no `for`: a screen reader announces only the "
    "value. Upstream; passes once ipywidgets names the handle.",
)
@pytest.mark.parametrize("name", ["window", "stride", "padding"])
def test_sliders_have_accessible_names(page, name):
    assert page.get_by_role("slider", name=name).count() >= 1


def test_widget_outputs_pass_axe_in_jupyterlab(page):
    """axe-core on the widgets' output areas as JupyterLab draws them (the Lab's own
    chrome is not the course's); the sliders' missing names are the known gap above."""
    from .test_site_accessibility import AXE, BLOCKING

    if not AXE.exists():
        pytest.skip("axe-core not installed yet (tests/browser/test_site_accessibility.py does)")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(
             {include: ['.jp-OutputArea-output']},
             {resultTypes: ['violations'],
              rules: {'aria-input-field-name': {enabled: false}}})"""
    )
    found = [
        f"{v['id']} ({v['impact']}, e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]
    assert not found, "; ".join(found)
