"""The answer of an implementation check: the smallest failing case, shown and explained."""

from __future__ import annotations

import html
import numbers
import traceback

import numpy as np

from ..feedback import Feedback
from .cases import Case, inline
from .diagnosis import (
    as_numeric,
    first_difference,
    infinite_hint,
    input_change,
    mistake_hint,
    same,
    size_rule,
)
from .maptable import map_panel
from .sandbox import library_dirs, safe_name, safe_text

#: The largest output read (every case's output is tiny).
MAX_RESULT = 100_000


def details(case, expected, got, fn_name, features, outcome, note="") -> str:
    """The smallest failing case: input, arguments, expected and learner's output."""
    values = [case.x.astype(float), np.asarray(expected, dtype=float)]
    if got is not None and np.size(got):
        finite = np.asarray(got, dtype=float)
        values.append(finite[np.isfinite(finite)])
    lo = min(float(np.min(a)) for a in values if np.size(a))
    hi = max(float(np.max(a)) for a in values if np.size(a))
    marked = None
    if got is not None and np.shape(got) == np.shape(expected):
        with np.errstate(invalid="ignore"):
            bad = ~np.isclose(got, expected, rtol=1e-6, atol=1e-9, equal_nan=True)
        marked = [tuple(int(i) for i in m) for m in np.argwhere(bad)]
    padding = f", padding={case.p}" if "padding" in features else ""
    call = f"{fn_name}(x, kernel_size={case.k}, stride={case.s}{padding})"
    shape = "x".join(map(str, case.x.shape))
    framed = None
    if marked:  # the window of the first differing output cell, on the input
        *plane, i, j = marked[0]
        r0, c0 = i * case.s - case.p, j * case.s - case.p
        cells = [(r0 + a, c0 + b) for a in range(case.k) for b in range(case.k)]
        framed = [(*plane, r, c) for r, c in cells]
    caption = f"input x ({shape}" + (f", padding {case.p} shown" if case.p else "") + ")"
    if framed:
        caption += "<br><small>outlined: the window of the first difference</small>"
    panels = map_panel(caption, case.x, lo, hi, pad=case.p, marked=framed)
    panels += map_panel("expected: <code>pool2d</code>", expected, lo, hi)
    panels += map_panel(
        "yours" + (" (differences outlined)" if marked else ""), got, lo, hi, 0, marked
    )
    args = f"{case.k}, {case.s}" + (f", {case.p}" if "padding" in features else "")
    snippet = f"x = np.array({np.array2string(case.x, separator=', ')})\n{fn_name}(x, {args})"
    extras = []
    if note:
        extras.append(f"<div>{note}</div>")
    if outcome is not None and outcome.printed:
        printed = outcome.printed if len(outcome.printed) < 2000 else outcome.printed[:2000] + "..."
        extras.append(
            "<div>Your function printed:</div>"
            f'<pre style="margin:2px 0;max-height:12em;overflow:auto">{html.escape(printed)}</pre>'
        )
    if outcome is not None and outcome.warned:
        warned = "; ".join(dict.fromkeys(outcome.warned))
        extras.append(f"<div>Warnings while it ran: <code>{html.escape(warned)}</code></div>")
    return (
        '<div class="ck-case" style="font:13px sans-serif;margin:4px 0 0 18px">'
        f"<div>Smallest case where it goes wrong: <code>{html.escape(call)}</code></div>"
        f'<div style="margin-top:4px">{panels}</div>'
        + "".join(extras)
        + "<details><summary>Try this case yourself</summary>"
        f'<pre style="margin:2px 0">{html.escape(snippet)}</pre></details></div>'
    )


def where_in_code(err: BaseException) -> str:
    """`` (line N: code)`` for the innermost frame of the learner's own code."""
    libs = library_dirs()
    frames = [
        f
        for f in traceback.extract_tb(err.__traceback__)
        if not (f.filename.startswith(libs) or f.filename.startswith("<frozen"))
        and f.name != "_run"
    ]
    if not frames:
        return ""
    last = frames[-1]
    return f" in line {last.lineno} of {last.name}(): `{(last.line or '').strip()}`"


def _error_hint(err: BaseException, case: Case) -> str:
    text = safe_text(err)
    if isinstance(err, ValueError) and "unpack" in text and case.x.ndim > 2:
        return (
            "Hint: with channels, x has 3 or 4 axes; take the map's size from the last two, "
            "H, W = x.shape[-2:], and keep the leading axes with x[..., i, j]."
        )
    if isinstance(err, ValueError) and "zero-size array" in text:
        return (
            "Hint: a window was empty: a loop ran past the last window. The last window starts "
            "at (out - 1) * stride, out = (n + 2*padding - kernel_size) // stride + 1."
        )
    if isinstance(err, IndexError):
        return "Hint: an index ran past the edge of x or of your output array."
    if isinstance(err, (TypeError, ValueError)) and "float" in text and "int" in text:
        return "Hint: sizes and indices must be ints: use // rather than / for them."
    return ""


def failure(message, part, case, expected, got, fn_name, features, outcome, note="") -> Feedback:
    return Feedback(
        False,
        message,
        part=part,
        details_html=details(case, expected, got, fn_name, features, outcome, note),
    )


class Lazy:
    """Text made only when shown (a case's description costs more than its check)."""

    def __init__(self, make):
        self._make = make

    def __str__(self) -> str:
        return self._make()


def _said(err: BaseException) -> str:
    """The exception's message after a colon, or a note that it has none."""
    text = safe_text(err).strip()
    return f": {text}" if text else " (with no message)"


def judge(fn_name, case, outcome, expected, mode, include_pad, features, part, limit, x_after):
    """A failing Feedback for this case, or None when the learner's answer is right.

    ``x_after`` is the learner's copy of the input after the call; a change is
    mentioned with any other problem (and reported alone by the caller).
    """
    words = Lazy(case.words)
    changed = x_after is not None and not np.array_equal(x_after, case.x)

    def fail(message, got=None, note=""):
        if changed:
            message += f" It also changed its input x: {input_change(case.x, x_after)}."
            note += f"x after the call: <code>{html.escape(inline(x_after))}</code>"
        return failure(message, part, case, expected, got, fn_name, features, outcome, note)

    if outcome.timed_out:
        return fail(
            f"{fn_name} took longer than {limit:g} s on {words}, so it was stopped. "
            "Hint: a while loop whose index never grows, or a loop far longer than the map?"
        )
    if outcome.error is not None:
        err = outcome.error
        hint = _error_hint(err, case)
        return fail(
            f"{fn_name} raised {safe_name(err)}{_said(err)}{where_in_code(err)}, on {words}."
            + (f" {hint}" if hint else "")
        )
    result = outcome.result
    if result is None:
        return Feedback(
            False,
            f"{fn_name} returned None: does it end with `return` and the pooled array? "
            "Write its body, then run the cell again.",
            part=part,
        )
    if isinstance(result, np.ndarray) and result.size > MAX_RESULT:
        return Feedback(
            False,
            f"{fn_name} returned an array of {result.size:,} values (shape {result.shape}) "
            f"on {words}; pool2d gives shape {expected.shape}.",
            part=part,
        )
    if not isinstance(result, np.ndarray):
        kind = safe_name(result) if isinstance(result, BaseException) else type(result).__name__
        numeric = as_numeric(result)
        right = numeric is not None and same(numeric, expected)
        if isinstance(result, (list, tuple)):
            what = f"a {kind}"
        elif isinstance(result, numbers.Number):
            what = f"a single number ({kind})"
        else:
            what = f"an object of type {kind}"
        return fail(
            f"{fn_name} returned {what} on {words}; return a NumPy array"
            + (
                ": the values are right, so np.array(...) around your result is all it needs."
                if right
                else f" of shape {expected.shape}."
            ),
            got=numeric if numeric is not None and numeric.ndim >= 2 else None,
        )
    got = as_numeric(result)
    if got is None or result.dtype.kind not in "biuf":
        return fail(
            f"{fn_name} returned an array of dtype {result.dtype} on {words}; return an array "
            "of numbers (int or float)."
        )
    if got.shape != expected.shape:
        hint = mistake_hint(case, got, expected, mode, include_pad)
        if got.size == 0 and case.p:
            hint = (
                "your output is empty, as if no window fit: the padding looks ignored. Pad "
                "`padding` cells on every side first, then pool the padded map."
            )
        if not hint:
            hint = infinite_hint(got, expected, mode)
        if not hint and got.ndim == expected.ndim:
            rules = []
            for axis, name in ((-2, "rows"), (-1, "columns")):
                if got.shape[axis] != expected.shape[axis]:
                    n = case.x.shape[axis]
                    rules.append(f"{name}: {size_rule(n, case.k, case.s, case.p)}")
            if rules:
                hint = (
                    "the output size per axis is (n + 2*padding - kernel_size) // stride + 1; "
                    + ("; ".join(rules))
                    + "."
                )
        if not hint and got.ndim != expected.ndim:
            hint = (
                f"the output has {got.ndim} axes, the input {case.x.ndim}: pooling keeps every "
                "leading axis and shrinks only the last two."
            )
        return fail(
            f"{fn_name} returned shape {got.shape}, pool2d gives {expected.shape}, on {words}."
            + (f" Hint: {hint}" if hint else ""),
            got=got,
        )
    if not same(got, expected):
        hint = mistake_hint(case, got, expected, mode, include_pad) or infinite_hint(
            got, expected, mode
        )
        small = expected.size <= 16
        shown = f": your output is {inline(got)}, pool2d gives {inline(expected)}" if small else ""
        return fail(
            f"{fn_name} differs from pool2d on {words}{shown}. "
            + (f"Hint: {hint}" if hint else first_difference(case, got, expected) + "."),
            got=got,
        )
    return None
