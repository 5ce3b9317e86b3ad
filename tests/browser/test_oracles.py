"""The browser suite's reading of ck-values text, checked without a browser."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import ANCHOR, pool2d

from .oracles import Block, matches, parse_values


@pytest.mark.parametrize("mode", ["max", "avg", "min"])
@pytest.mark.parametrize("padding", [0, 1])
def test_array2string_text_reads_back_to_the_engine_result(mode, padding):
    out = pool2d(ANCHOR, 3, 1, padding, mode=mode)
    text = np.array2string(out, separator=", ")
    assert matches(parse_values(text), out)
    assert not matches(parse_values(text), out + 0.5)


def test_nan_and_infinity_read_back():
    x = np.array([[np.nan, -np.inf], [2.0, 3.5]])
    assert matches(parse_values(np.array2string(x, separator=", ")), x)


def test_named_arrays_read_back_as_a_dict():
    a, b = pool2d(ANCHOR, 2, mode="avg"), pool2d(ANCHOR, 2, mode="max")
    text = " ".join(
        f"{k}={np.array2string(v, separator=', ')}".replace("\n", "")
        for k, v in {"avg": a, "max": b}.items()
    )
    assert matches(parse_values(text), {"avg": a, "max": b})
    assert not matches(parse_values(text), {"avg": a, "max": a})


def test_a_block_must_sit_inside_the_full_result():
    full = pool2d(np.arange(64.0).reshape(8, 8) / 7, 1, mode="max")
    inside = np.round(full, 3)[2:6, 3:7]
    assert matches(inside, Block(full))
    assert not matches(inside + 0.05, Block(full))
    assert not matches(np.round(full, 3)[:5, :5], Block(full))  # more than 4x4 shown
