"""Comparing the learner's output with pool2d's and naming the known mistake it shows."""

from __future__ import annotations

import warnings

import numpy as np

from ..._render import fmt
from ...engine.pooling import pool2d
from .cases import Case, inline


def as_numeric(result):
    """The learner's result as a float array, or None when it is no numeric array."""
    if isinstance(result, np.ndarray) and result.dtype.kind not in "biufO":
        return None  # complex, text, dates: nothing to compare
    if isinstance(result, np.ndarray) and result.size > 100_000:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(result, dtype=float)
    except KeyboardInterrupt:
        raise
    except BaseException:  # noqa: BLE001 - tensors that need grad, objects whose float() raises
        return None
    return arr if arr.size <= 100_000 else None


def same(a: np.ndarray, b: np.ndarray) -> bool:
    if a.shape != b.shape:
        return False
    if np.array_equal(a, b):
        return True
    with np.errstate(invalid="ignore"):
        return bool(np.allclose(a, b, rtol=1e-6, atol=1e-9, equal_nan=True))


def fmt_value(val) -> str:
    """A value in a message: the shared number format, to three places."""
    return fmt(float(val), places=3)


def _suspects(case: Case, mode: str, include_pad: bool):
    """Outputs of known mistakes on this case, each with its one-line hint."""
    x, k, s, p = case.x, case.k, case.s, case.p
    other = "+np.inf" if mode == "min" else "-np.inf"

    def pool(xx=x, kk=k, ss=s, pp=p, **kw):
        kw.setdefault("mode", mode)
        kw.setdefault("count_include_pad", include_pad)
        return pool2d(xx, kk, ss, pp, **kw)

    def zero_padded():
        widths = [(0, 0)] * (x.ndim - 2) + [(p, p), (p, p)]
        return pool(np.pad(x, widths), k, s, 0)

    items = []
    if mode in ("max", "min") and p:
        beats = "beats every negative" if mode == "max" else "is below every positive"
        items.append(
            (
                zero_padded,
                f"{mode} picked a padding cell: your padded cells hold 0, which {beats} "
                f"number. Pad with {other} instead (np.pad on a float copy, "
                f"constant_values={other.replace('+', '')}), or take the {mode} over real "
                "cells only: pool2d never picks padding.",
            )
        )
    if mode == "max":
        items.append(
            (
                lambda: np.maximum(pool(), 0),
                "a window of negative numbers gave 0: your running max starts at 0. Start it "
                "at the window's first value (or -inf), or use window.max().",
            )
        )
    if mode == "min":
        items.append(
            (
                lambda: np.minimum(pool(), 0),
                "a window of positive numbers gave 0: your running min starts at 0. Start it "
                "at the window's first value (or +inf), or use window.min().",
            )
        )
    if mode == "avg" and p:
        if include_pad:
            hint = (
                "your mean skipped the padded cells: with count_include_pad=True (PyTorch's "
                "default) padded zeros count, so divide every window's sum by "
                "kernel_size * kernel_size."
            )
        else:
            hint = (
                "your mean was taken over padded cells too: with count_include_pad=False "
                "divide each window's sum by the number of real cells in it, not by "
                "kernel_size * kernel_size."
            )
        items.append((lambda: pool(count_include_pad=not include_pad), hint))
    if mode == "avg":
        items.append(
            (
                lambda: np.floor(pool()),
                "the averages were cut to whole numbers: the output array has an integer "
                "dtype (np.zeros_like(x) on a map of ints) or you divided with //. Make the "
                "output float, e.g. np.zeros(shape, dtype=float), and divide with /.",
            )
        )
        items.append((lambda: np.trunc(pool()), items[-1][1]))
    if s != 1:
        items.append(
            (
                lambda: pool(ss=1),
                "your output is what stride 1 gives: the stride looks ignored. Start the "
                "window of out[i, j] at row i*stride and column j*stride.",
            )
        )
    if s != k:
        items.append(
            (
                lambda: pool(ss=k),
                "your windows move by kernel_size, not by stride: start the window of "
                "out[i, j] at row i*stride and column j*stride.",
            )
        )
    if p:
        items.append(
            (
                lambda: pool(pp=0),
                "your output is what padding=0 gives: the padding looks ignored. Pad "
                f"`padding` cells on every side first (with {other}, so they never win), "
                "then pool the padded map.",
            )
        )
    items.append(
        (
            lambda: pool(ceil_mode=True),
            "one window too many: the output size was rounded up. pool2d (like PyTorch) rounds "
            "down, out = (n + 2*padding - kernel_size) // stride + 1 per axis, and drops a last "
            "window that would hang past the edge.",
        )
    )
    for axis, name in ((-2, "rows"), (-1, "columns")):
        items.append(
            (
                lambda axis=axis: np.delete(pool(), -1, axis=axis),
                f"one window short along the {name}: the loop stops before the last window. "
                "With range(0, n - kernel_size, stride) the last start is missed: loop to "
                "n - kernel_size + 1 (n counting the padding), or over range(out).",
            )
        )
    items.append(
        (
            lambda: np.delete(np.delete(pool(), -1, axis=-1), -1, axis=-2),
            "one window short along rows and columns: the loops stop before the last window. "
            "With range(0, n - kernel_size, stride) the last start is missed: loop to "
            "n - kernel_size + 1 (n counting the padding), or over range(out).",
        )
    )
    names = {"max": "max", "avg": "average", "min": "min"}
    for alt in ("max", "avg", "min"):
        if alt != mode:
            items.append(
                (
                    lambda alt=alt: pool(mode=alt),
                    f"your output is {names[alt]} pooling; this check wants {names[mode]} pooling.",
                )
            )
    items.append(
        (
            lambda: np.swapaxes(pool(), -1, -2),
            "rows and columns are swapped: out[i, j] comes from the window that starts at "
            "row i*stride and column j*stride (row first).",
        )
    )
    if x.ndim > 2:
        first = (0,) * (x.ndim - 2)
        items.append(
            (
                lambda: pool()[first],
                "you pooled only the first map of the stack: pool every channel (and every "
                "image of a batch) and keep the leading axes, so (N, C, H, W) gives "
                "(N, C, OH, OW).",
            )
        )
        items.append(
            (
                lambda: pool(np.moveaxis(x, -3, -1)),
                "the channel axis was pooled as if it were a spatial one: x is (C, H, W) or "
                "(N, C, H, W), so the windows slide over the last two axes.",
            )
        )
    return items


def mistake_hint(case: Case, got: np.ndarray, expected: np.ndarray, mode: str, include_pad: bool):
    """The hint of the first known mistake whose output is exactly ``got``."""
    for make, hint in _suspects(case, mode, include_pad):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                alt = np.asarray(make(), dtype=float)
        except (ValueError, TypeError, IndexError):
            continue
        if not same(alt, expected) and same(alt, got):
            return hint
    return ""


def infinite_hint(got: np.ndarray, expected: np.ndarray, mode: str) -> str:
    """A hint when the learner's output holds infinities that pool2d's does not."""
    if not np.isinf(got).any() or np.isinf(expected).any():
        return ""
    return (
        f"{fmt_value(got[np.isinf(got)][0])} in your output: a window held only padding. "
        "pool2d never lets padding win, and with padding <= kernel_size // 2 every window "
        "holds a real cell: pad once, by `padding` on each side, and start the window of "
        "out[i, j] at row i*stride, column j*stride of the padded map."
    )


def size_rule(n: int, k: int, s: int, p: int) -> str:
    return f"({n} + 2*{p} - {k}) // {s} + 1 = {(n + 2 * p - k) // s + 1}"


def first_difference(case: Case, got: np.ndarray, expected: np.ndarray) -> str:
    with np.errstate(invalid="ignore"):
        bad = ~np.isclose(got, expected, rtol=1e-6, atol=1e-9, equal_nan=True)
    where = tuple(int(i) for i in np.argwhere(bad)[0])
    i, j = where[-2:]
    r0, c0 = i * case.s - case.p, j * case.s - case.p
    rows = f"row {r0}" if case.k == 1 else f"rows {r0} to {r0 + case.k - 1}"
    cols = f"column {c0}" if case.k == 1 else f"columns {c0} to {c0 + case.k - 1}"
    padded = " (negative or past the edge: padding)" if case.p else ""
    return (
        f"out[{', '.join(map(str, where))}] is {fmt_value(got[where])} but pool2d gives "
        f"{fmt_value(expected[where])}, from the window at {rows}, {cols} of "
        f"x{padded}"
    )


def input_change(before: np.ndarray, after: np.ndarray) -> str:
    """What the learner's function did to its input, in words that stand alone.

    A small map is shown whole after the call (its description already shows
    it before); a larger one is summed up by how many cells changed and the
    first of them, before and after.
    """
    if after.shape != before.shape:
        return f"x now has shape {after.shape}, it had {before.shape}"
    if before.size <= 16:
        return f"after the call x is {inline(after)}"
    with np.errstate(invalid="ignore"):
        same = (after == before) | (np.isnan(after) & np.isnan(before))
    cells = np.argwhere(~same)
    where = tuple(int(i) for i in cells[0])
    index = ", ".join(map(str, where))
    return (
        f"{len(cells)} of its {before.size} cells changed, the first x[{index}] "
        f"from {fmt_value(before[where])} to {fmt_value(after[where])}"
    )
