"""What each course widget must show, computed independently with the coursekit engine.

The browser test reads a widget's controls from its kernel, moves one control
in the page and compares the ``<code class="ck-values">`` text the page shows
with what an oracle here computes from the new control values. An oracle is
keyed by the function that built the widget (found from the ``redraw``
closure the controls call) and receives:

``values``
    the controls' values by name, as the kernel holds them after the move;
``inputs``
    the arrays and numbers the widget closed over (e.g. ``arr``, its map).

It returns one expectation per ``ck-values`` element: an array that must be
shown, or a :class:`Block` when the widget shows a window onto a larger result.
A ``ValueError`` it raises is the message the widget must show in ``.ck-error``.
Widgets with no oracle are still moved and checked: the page must show exactly
what the kernel computed for the new value.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import numpy as np

from coursekit import pool2d
from coursekit.engine.backward import pool2d_backward
from coursekit.measures.noise import add_noise
from coursekit.measures.shifting import shift_map


@dataclass(frozen=True)
class Block:
    """Expect a contiguous block (at most ``size`` x ``size``) of ``full``, rounded."""

    full: np.ndarray
    size: int = 4
    decimals: int = 3


def array_of(inputs: dict, name: str) -> np.ndarray:
    item = inputs[name]
    return np.asarray(item["array"], dtype=item["dtype"])


def _pool_args(values):
    return dict(
        kernel_size=values["kernel_size"],
        stride=values["stride"],
        padding=values["padding"],
        mode=values["mode"],
        ceil_mode=values["ceil_mode"],
    )


def pooling_explorer(values, inputs):
    """The anchor explorer shows the whole pooled map."""
    return [pool2d(array_of(inputs, "arr"), **_pool_args(values))]


def image_explorer(values, inputs):
    """The image explorer shows up to 4x4 values of the pooled image, from the probed cell."""
    return [Block(pool2d(array_of(inputs, "arr"), **_pool_args(values)))]


def shift_explorer(values, inputs):
    """The shift explorer shows the max pool of the moved map (zeros moved in)."""
    moved = shift_map(array_of(inputs, "arr"), values["down"], values["right"])
    return [pool2d(moved, (inputs["kh"], inputs["kw"]), mode="max")]


def noise_explorer(values, inputs):
    """The noise explorer shows both pools of the shown noisy draw, rounded to 2 places."""
    noisy = add_noise(array_of(inputs, "arr"), values["sigma"], seed=values["seed"])
    k = inputs["kernel_size"]
    return [{m: np.round(pool2d(noisy, k, mode=m), 2) for m in ("avg", "max")}]


def gradient_explorer(values, inputs):
    """The gradient explorer shows d(sum of the pooled map)/d(input): ones flow back."""
    x = array_of(inputs, "arr")
    args = _pool_args(values)
    ones = np.ones(pool2d(x, **args).shape)
    return [pool2d_backward(x, ones, **args)]


ORACLES = {
    "coursekit.widgets.gradient.gradient_explorer": gradient_explorer,
    "coursekit.widgets.pooling.pooling_explorer": pooling_explorer,
    "coursekit.widgets.shift.shift_explorer": shift_explorer,
    "coursekit.widgets.noise.noise_explorer": noise_explorer,
    "coursekit.widgets.image.image_explorer": image_explorer,
}


def parse_values(text: str):
    """Read NumPy's ``array2string`` text (``[[20, 11], [10, 18]]``, nan, inf) back.

    Several named arrays, ``avg=[[...]] max=[[...]]``, come back as a dict.
    """
    named = re.findall(r"(\w+)=(\[[^=]*\])", text)
    if named:
        return {name: parse_values(part) for name, part in named}
    text = re.sub(r"\bnan\b", "NaN", text.strip())
    text = re.sub(r"\binf\b", "Infinity", text)
    text = text.replace("True", "true").replace("False", "false")
    text = re.sub(r"(\d)\.(?!\d)", r"\1.0", text)  # NumPy writes 3. for 3.0
    return np.asarray(json.loads(text), dtype=float)


def matches(shown, expected) -> bool:
    """True when the array shown is the one expected (or a block of it, or named arrays)."""
    if isinstance(expected, dict):
        return (
            isinstance(shown, dict)
            and shown.keys() == expected.keys()
            and all(matches(shown[k], expected[k]) for k in expected)
        )
    if isinstance(shown, dict):
        return False
    if isinstance(expected, Block):
        full = np.round(np.asarray(expected.full, dtype=float), expected.decimals)
        if shown.ndim != 2 or full.ndim != 2:
            return False
        h, w = shown.shape
        if h > expected.size or w > expected.size:
            return False
        for r in range(full.shape[0] - h + 1):
            for c in range(full.shape[1] - w + 1):
                if np.allclose(full[r : r + h, c : c + w], shown, equal_nan=True):
                    return True
        return False
    expected = np.asarray(expected, dtype=float)
    return shown.shape == expected.shape and np.allclose(shown, expected, equal_nan=True)
