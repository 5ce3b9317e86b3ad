"""The instructor's view: every solved notebook as static HTML, for rooms with no kernel.

``make slides`` (``python -m tools.static_site --out site``) re-runs each
solved notebook in ``solutions/`` so that its widgets exist, replaces every
widget by a snapshot of what it shows (controls and their values, the HTML
and images of its view), renders the notebook with nbconvert's ``lab``
template (outputs kept, links between notebooks pointing at the HTML pages)
and writes an index page. The pages need no kernel and no network.

The pages are made for every reader: each figure's description (the
``alt`` that coursekit's figures carry in their output's metadata, see
``coursekit.figures.display``) becomes the image's alt text; prompts and code
colours are darkened to at least 4.5:1 against their background; links in text
are underlined; the notebook sits in a ``<main>`` landmark.
``tests/browser/test_site_accessibility.py`` runs axe-core on every page.
``--live-widgets`` keeps the widgets' state embedded instead, so that a page
opened online draws live widgets with the Jupyter widgets HTML manager (from
a CDN); ``--no-execute`` renders the committed outputs as they are, fastest,
with each widget shown as a note.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import tempfile
from pathlib import Path

__all__ = ["ACCESSIBLE_CSS", "describe_images", "render_site", "widget_snapshot"]

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_NOTEBOOK_LINK = re.compile(r'href="(\d\d_[A-Za-z0-9_]+)\.ipynb([#"])')
_STYLE = (
    "font-family:sans-serif;border:1px dashed #767676;border-radius:4px;padding:6px;margin:4px 0"
)

#: Overrides of the lab template's colours that fall below 4.5:1 (prompts drawn at
#: 50% opacity, light code colours on the cell's #f5f5f5), and underlined links.
ACCESSIBLE_CSS = """
:root {
  --jp-mirror-editor-keyword-color: #006300; --jp-mirror-editor-builtin-color: #006300;
  --jp-mirror-editor-number-color: #006300; --jp-mirror-editor-quote-color: #006e00;
  --jp-mirror-editor-comment-color: #2d5d5d; --jp-mirror-editor-meta-color: #7a1fb5;
  --jp-mirror-editor-operator-color: #7a1fb5; --jp-mirror-editor-atom-color: #4646c8;
  --jp-mirror-editor-def-color: #0000d0; --jp-mirror-editor-bracket-color: #5f5f4a;
  --jp-mirror-editor-hr-color: #595959; --jp-mirror-editor-property-color: #03508d;
  --jp-mirror-editor-punctuation-color: #03508d; --jp-mirror-editor-tag-color: #0f6b00;
  --jp-mirror-editor-string-color: #a31d1d; --jp-mirror-editor-error-color: #c00000;
}
.jp-InputPrompt, .jp-OutputPrompt { opacity: 1 !important; color: #4a4a4a !important; }
a, .jp-RenderedHTMLCommon a { text-decoration: underline !important; }
/* grey #888 and #999 text written inline by the checks' HTML (3.5:1 and 2.8:1):
   darkened until the checks take their colours from coursekit._render */
[style*="color:#888"], [style*="color:#999"] { color: #595959 !important; }
"""


def _ref(value) -> str | None:
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        return value[len("IPY_MODEL_") :]
    return None


def widget_snapshot(state: dict, model_id: str) -> str:
    """Static HTML of a widget as it was last drawn, from a notebook's widget state.

    Parameters
    ----------
    state : dict
        The ``"state"`` mapping of a notebook's widget state
        (``metadata.widgets["application/vnd.jupyter.widget-state+json"]``):
        model id -> ``{"model_name", "state", "buffers"}``.
    model_id : str
        The widget to draw, as in a ``widget-view+json`` output.

    Returns
    -------
    str
        Boxes as nested ``div`` elements, HTML widgets verbatim, images inline
        (base64), every other control as ``description: value``; empty for a
        model that is not in ``state``.

    Examples
    --------
    >>> state = {
    ...     "b": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_s", "IPY_MODEL_h"]}},
    ...     "s": {"model_name": "IntSliderModel", "state": {"description": "window", "value": 3}},
    ...     "h": {"model_name": "HTMLModel", "state": {"value": "<code>[[20]]</code>"}},
    ... }
    >>> widget_snapshot(state, "b")  # doctest: +NORMALIZE_WHITESPACE
    '<div style="display:flex;flex-direction:column;gap:4px"><span class="ck-control"
    style="font-family:monospace;margin-right:12px">window: 3</span><div
    class="ck-html"><code>[[20]]</code></div></div>'
    """
    model = state.get(model_id)
    if model is None:
        return ""
    name, s = model.get("model_name", ""), model.get("state", {})
    if name.endswith("BoxModel") and "children" in s:
        direction = "row;flex-wrap:wrap" if name.startswith("H") else "column"
        inner = "".join(widget_snapshot(state, _ref(c)) for c in s["children"] if _ref(c))
        return f'<div style="display:flex;flex-direction:{direction};gap:4px">{inner}</div>'
    if name in ("HTMLModel", "HTMLMathModel"):
        return f'<div class="ck-html">{s.get("value", "")}</div>'
    if name == "LabelModel":
        return f"<span>{html.escape(str(s.get('value', '')))}</span>"
    if name == "ImageModel":
        for buf in model.get("buffers", []):
            if buf.get("path") == ["value"]:
                fmt = html.escape(s.get("format", "png"))
                width = state.get(_ref(s.get("layout")) or "", {}).get("state", {}).get("width")
                size = f' style="width:{html.escape(width)}"' if width else ""
                alt = html.escape(s.get("description") or "picture drawn by the widget", quote=True)
                return f'<img src="data:image/{fmt};base64,{buf["data"]}" alt="{alt}"{size}>'
        return ""
    if name == "OutputModel":
        return "".join(_output_html(o) for o in s.get("outputs", []))
    if "value" in s or "index" in s:
        value = s.get("value")
        labels = s.get("_options_labels")
        if labels is not None and isinstance(s.get("index"), int):
            value = labels[s["index"]]
        text = f"{s.get('description') or name.removesuffix('Model')}: {value}"
        return (
            '<span class="ck-control" style="font-family:monospace;margin-right:12px">'
            f"{html.escape(text)}</span>"
        )
    return ""


def _output_html(output: dict) -> str:
    data = output.get("data", {})
    if "text/html" in data:
        return "".join(data["text/html"])
    if "image/png" in data:
        alt = html.escape(_alt(output), quote=True)
        return f'<img src="data:image/png;base64,{"".join(data["image/png"])}" alt="{alt}">'
    text = output.get("text") or "".join(data.get("text/plain", ""))
    return f"<pre>{html.escape(''.join(text))}</pre>" if text else ""


def _alt(output: dict) -> str:
    """A PNG output's description: its ``alt`` metadata, else a text/plain that says more
    than matplotlib's ``<Figure size ...>``, else a plain note."""
    alt = output.get("metadata", {}).get("image/png", {}).get("alt")
    if alt:
        return alt
    text = "".join(output.get("data", {}).get("text/plain", ""))
    return text if text and not text.startswith("<Figure") else "A figure (no description)."


def describe_images(nb) -> int:
    """Give every PNG output an HTML twin with its alt text, in place; return how many.

    nbconvert's lab template writes ``<img>`` without ``alt`` (screen readers then
    say "No description has been provided for this image"); an HTML output with
    the description is shown in its place.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> out = nbformat.v4.new_output("display_data", {"image/png": "iVBO", "text/plain": "x"},
    ...                              metadata={"image/png": {"alt": "a 2x2 map"}})
    >>> nb.cells = [nbformat.v4.new_code_cell(outputs=[out])]
    >>> describe_images(nb), nb.cells[0].outputs[0].data["text/html"]
    (1, '<img src="data:image/png;base64,iVBO" alt="a 2x2 map">')
    """
    count = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data and "text/html" not in data:
                data["text/html"] = _output_html(output)
                count += 1
    return count


def _accessible_page(body: str) -> str:
    """The exported page with the colour overrides and a main landmark."""
    body = body.replace("</head>", f"<style>{ACCESSIBLE_CSS}</style>\n</head>", 1)
    if "<main" not in body:
        body = re.sub(r"(<body[^>]*>)", r"\1<main>", body, count=1)
        body = body.replace("</body>", "</main></body>", 1)
    return body


def _snapshots(nb, *, live: bool) -> None:
    """Replace widget outputs by their snapshots (or keep them live), in place."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW not in data or live:
                continue
            snap = widget_snapshot(state, data[WIDGET_VIEW].get("model_id", ""))
            if not snap:
                snap = "<em>An interactive widget: open this notebook in JupyterLab to use it.</em>"
            note = "<small>Snapshot of the widget; move it in JupyterLab.</small>"
            data.pop(WIDGET_VIEW)
            snap = f'<div class="ck-widget-snapshot" style="{_STYLE}">{snap}{note}</div>'
            data["text/html"] = snap
    if not live:
        nb.metadata.pop("widgets", None)


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def render_site(
    solutions=ROOT / "solutions",
    out=ROOT / "site",
    *,
    execute: bool = True,
    live_widgets: bool = False,
    timeout: int = 300,
) -> list[Path]:
    """Render every solved notebook to ``out/NN_name.html`` and write ``out/index.html``.

    Parameters
    ----------
    solutions : path-like
        Folder of solved notebooks (``NN_name.ipynb``).
    out : path-like
        Folder for the pages; created if needed.
    execute : bool, default True
        Keyword-only. Re-run each notebook first (in this environment's
        ``python3`` kernel) so its widgets can be drawn; False renders the
        committed outputs and shows each widget as a note.
    live_widgets : bool, default False
        Keyword-only. Keep the widgets' state so pages draw live widgets online
        (the Jupyter widgets HTML manager loads from a CDN), instead of snapshots.
    timeout : int, default 300
        Keyword-only. Seconds a cell may run when executing.

    Returns
    -------
    list of Path
        The pages written, index last.

    Raises
    ------
    ValueError
        When ``solutions`` holds no ``NN_name.ipynb`` notebook.

    Examples
    --------
    >>> import tempfile
    >>> render_site(tempfile.mkdtemp(), tempfile.mkdtemp())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: `solutions` must hold notebooks named NN_name.ipynb; got none in ...
    """
    solutions, out = Path(solutions), Path(out)
    paths = sorted(solutions.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise ValueError(
            f"`solutions` must hold notebooks named NN_name.ipynb; got none in {solutions} "
            "(point it at the course's solutions/ folder)"
        )
    out.mkdir(parents=True, exist_ok=True)
    # Checks run while rendering must not mark the instructor's own exercises as done.
    scratch = tempfile.mkdtemp(prefix="ck-site-")
    saved = os.environ.get("COURSEKIT_PROGRESS")
    os.environ["COURSEKIT_PROGRESS"] = os.path.join(scratch, "progress.json")
    try:
        written, entries = [], []
        for path in paths:
            page, title = _render_one(path, out, execute, live_widgets, timeout)
            written.append(page)
            entries.append(f'<li><a href="{page.name}">{html.escape(title)}</a></li>')
    finally:
        if saved is None:
            os.environ.pop("COURSEKIT_PROGRESS", None)
        else:
            os.environ["COURSEKIT_PROGRESS"] = saved
        shutil.rmtree(scratch, ignore_errors=True)
    index = out / "index.html"
    index.write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Pooling in convolutional networks</title></head>"
        '<body style="font-family:sans-serif;max-width:720px;margin:2em auto"><main>'
        "<h1>Pooling in convolutional networks</h1>"
        "<p>The solved notebooks, with their outputs, for projecting or sharing where no "
        "kernel runs. To run and change them, open the course in JupyterLab "
        '(<code>make lab</code>).</p><ol start="0">'
        + "".join(entries)
        + "</ol></main></body></html>\n",
        encoding="utf-8",
    )
    written.append(index)
    return written


_HIDDEN = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS\n.*?^[ \t]*### END HIDDEN TESTS\n?", re.M | re.S
)
_MARKER = re.compile(r"^[ \t]*### (?:BEGIN|END) SOLUTION[ \t]*\n?", re.M)


def shown_source(source: str) -> str:
    r"""A solved cell as the class sees it projected: no hidden tests, no solution markers.

    >>> shown_source("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n"
    ...              "### BEGIN HIDDEN TESTS\nassert (v := check('1a', x)).ok, repr(v)\n"
    ...              "### END HIDDEN TESTS\n"
    ...              "check('1a', x)")
    "x = 1\ncheck('1a', x)"
    """
    return _MARKER.sub("", _HIDDEN.sub("", source))


def _render_one(path: Path, out: Path, execute: bool, live: bool, timeout: int):
    """Render one notebook to ``out/<stem>.html``; return the page and its title."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(path, as_version=4)
    if execute:
        from nbclient import NotebookClient

        print(f"executing {path.name}", flush=True)
        NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            store_widget_state=True,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = shown_source(cell.source)
    _snapshots(nb, live=live)
    describe_images(nb)
    title = _title(nb, path.stem)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    page = out / f"{path.stem}.html"
    body = _accessible_page(body)
    page.write_text(_NOTEBOOK_LINK.sub(r'href="\1.html\2', body), encoding="utf-8")
    return page, title


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solutions", type=Path, default=ROOT / "solutions")
    parser.add_argument("--out", type=Path, default=ROOT / "site")
    parser.add_argument(
        "--no-execute", action="store_true", help="render committed outputs, widgets as notes"
    )
    parser.add_argument(
        "--live-widgets", action="store_true", help="embed widget state (live online, via CDN)"
    )
    args = parser.parse_args(argv)
    pages = render_site(
        args.solutions, args.out, execute=not args.no_execute, live_widgets=args.live_widgets
    )
    print(f"{len(pages) - 1} notebooks rendered; open {pages[-1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
