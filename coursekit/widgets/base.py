"""What every explorer is built on: the pooling controls, their settings, the layout.

An explorer is a dict of controls, a view and a ``redraw`` that draws the view
from the controls; :func:`assemble` wires and lays them out. The small maps are
drawn as HTML tables (``coursekit._render.map_table``): no figure to render, so
a redraw is instant.
"""

from __future__ import annotations

import html
import itertools

__all__ = [
    "ARROW",
    "POOLING_ROWS",
    "assemble",
    "error_html",
    "new_uid",
    "pooling_controls",
    "pooling_settings",
]

#: The arrow between a map and what is made of it.
ARROW = '<span style="font-size:24px;vertical-align:middle;margin:0 8px">&rarr;</span>'

_ids = itertools.count()

#: The pooling controls' rows: mode and ceil mode, then the three sliders.
POOLING_ROWS = (("mode", "ceil_mode"), ("kernel_size", "stride", "padding"))


def new_uid(kind: str) -> str:
    """A CSS class unique in this kernel, to scope one explorer's styles."""
    return f"ck-{kind}-{next(_ids)}"


def error_html(message: str, cls: str = "") -> str:
    """The engine's message for impossible settings, shown in place of a result."""
    return (
        f'<div class="ck-error {cls}" style="color:#b00020;font-family:sans-serif;'
        f'max-width:560px">{html.escape(str(message))}</div>'
    )


def pooling_controls(kernel_size, stride, padding, mode, ceil_mode, max_kernel):
    """The five controls every pooling explorer shares, by name."""
    import ipywidgets as w

    return {
        "mode": w.Dropdown(
            options=["max", "avg", "min"], value=mode, description="mode",
            tooltip="pooling mode: max, average or min",
        ),
        "kernel_size": w.IntSlider(
            value=kernel_size, min=1, max=max_kernel, description="window",
            tooltip="window size (kernel_size), in cells",
        ),
        "stride": w.IntSlider(
            value=kernel_size if stride is None else stride, min=1, max=max_kernel,
            description="stride", tooltip="stride: cells between window starts",
        ),
        "padding": w.IntSlider(
            value=padding, min=0, max=max_kernel // 2, description="padding",
            tooltip="padding: cells added on every side",
        ),
        "ceil_mode": w.Checkbox(
            value=ceil_mode, description="ceil mode",
            tooltip="ceil mode: keep a last window that starts inside the map",
        ),
    }  # fmt: skip


def pooling_settings(controls) -> dict:
    """The pooling controls' values as keyword arguments for the engine."""
    return {
        "kernel_size": controls["kernel_size"].value,
        "stride": controls["stride"].value,
        "padding": controls["padding"].value,
        "mode": controls["mode"].value,
        "ceil_mode": controls["ceil_mode"].value,
    }


def assemble(controls, view, redraw, extra_rows=(), *, rows=POOLING_ROWS):
    """Wire every control to ``redraw``, draw once, and lay the explorer out.

    ``rows`` of control names come first (by default the pooling controls:
    mode and ceil mode, then the three sliders), then ``extra_rows``, then
    the view. The box carries ``.controls``, ``.view`` and ``.redraw``.
    """
    import ipywidgets as w

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    rows = [*rows, *extra_rows]
    box = w.VBox([w.HBox([controls[name] for name in row]) for row in rows] + [view])
    box.controls, box.view, box.redraw = controls, view, redraw
    return box
