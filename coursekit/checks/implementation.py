"""Check a learner's own pooling function against coursekit, case by case.

:func:`check_implementation` calls the learner's function on small integer
maps, from a 1x1 map up, compares every answer with :func:`coursekit.pool2d`
and stops at the first difference: the smallest input that breaks the
function. The feedback shows that input, the arguments, the expected output
and the learner's output side by side, with a one-line hint when the
difference matches a known mistake (an output one window too big or too
small, padding picked by max, the stride ignored, a mean over padded cells).

A function that raises, runs past a time limit, returns ``None`` (not answered
yet), a list, or an array of the wrong shape, or that changes its input, is
reported as such; nothing the learner's function does can crash the check.
"""

from __future__ import annotations

import contextlib
import ctypes
import difflib
import html
import inspect
import io
import numbers
import signal
import sys
import sysconfig
import threading
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import _validation as v
from ..engine.pooling import pool2d
from .feedback import Feedback

__all__ = [
    "FEATURES",
    "IMPLEMENTATION_PARTS",
    "IMPLEMENTATION_STEPS",
    "check_implementation",
    "time_pooling",
]

#: The steps of notebook 09, in order: part id -> what the learner's function does.
IMPLEMENTATION_PARTS = {
    "9.1": "two loops over one map",
    "9.2": "any stride",
    "9.3": "padding",
    "9.4": "channels and batches",
    "9.5": "vectorised, no loop over output cells",
}

#: What each feature adds to the cases (see :func:`check_implementation`).
FEATURES = {
    "loops": "one (H, W) map, stride = kernel_size: fn(x, kernel_size, stride)",
    "stride": "any stride from 1 to 4, windows overlap or skip cells",
    "padding": "padding 0 to kernel_size // 2: fn(x, kernel_size, stride, padding)",
    "channels": "(C, H, W) stacks and (N, C, H, W) batches as well as (H, W) maps",
    "vectorised": "no Python loop over output cells: the lines run must not grow with the map",
}

#: The features each step's check uses.
IMPLEMENTATION_STEPS = {
    "9.1": ("loops",),
    "9.2": ("loops", "stride"),
    "9.3": ("loops", "stride", "padding"),
    "9.4": ("loops", "stride", "padding", "channels"),
    "9.5": ("loops", "stride", "padding", "channels", "vectorised"),
}

_SIDES = range(1, 7)  # map heights and widths tried, 1 to 6
_KERNELS = range(1, 5)  # kernel sizes tried, 1 to 4
_STRIDES = range(1, 5)
_LEADS = ((1,), (2,), (3,), (1, 1), (2, 3), (3, 2))  # leading axes with "channels"
_STACK_SIDES = range(1, 5)  # stacks and batches stay small: up to 4x4 planes
_GROWTH = (8, 32)  # map sides compared by the "vectorised" check
_SEED = 2024


# -- arguments ----------------------------------------------------------------


def _features(features) -> tuple[str, ...]:
    """Normalise ``features`` to a tuple in course order, always with "loops"."""
    names = (features,) if isinstance(features, str) else features
    try:
        names = list(names)
    except TypeError:
        raise TypeError(
            f"`features` must be a feature name or a tuple of them, from "
            f"{', '.join(map(repr, FEATURES))}; got {v._describe(features)}. "
            'Use e.g. features=("loops", "stride")'
        ) from None
    for name in names:
        if name not in FEATURES:
            close = difflib.get_close_matches(str(name), FEATURES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(
                f"`features` must name features from {', '.join(map(repr, FEATURES))}; "
                f"got {name!r}{hint}"
            )
    chosen = {"loops", *names}
    return tuple(name for name in FEATURES if name in chosen)


def _step_of(features: tuple[str, ...]) -> str:
    for step, wanted in IMPLEMENTATION_STEPS.items():
        if wanted == features:
            return step
    return ""


def _signature(features: tuple[str, ...]) -> str:
    return "fn(x, kernel_size, stride" + (", padding)" if "padding" in features else ")")


# -- the cases ------------------------------------------------------------------


@dataclass(frozen=True)
class _Case:
    x: np.ndarray
    k: int
    s: int
    p: int

    @property
    def args(self) -> tuple:
        return (self.k, self.s, self.p)

    def words(self) -> str:
        x = self.x
        if x.ndim == 2:
            what = f"a {x.shape[0]}x{x.shape[1]} map"
        elif x.ndim == 3:
            what = f"a (C, H, W) stack of shape {x.shape}"
        else:
            what = f"an (N, C, H, W) batch of shape {x.shape}"
        shown = f", x = {_inline(x)}" if x.size <= 16 else ""
        return f"{what}{shown}, with kernel_size={self.k}, stride={self.s}, padding={self.p}"


def _values(shape, key, draw: str, mode: str) -> np.ndarray:
    """Small integers a learner can read, the same for the same case every time."""
    rng = np.random.default_rng([_SEED, *shape, *key, draw == "signed"])
    if draw == "signed":  # every value on the side where zero padding would win
        low, high = (-9, 0) if mode == "max" else (1, 10)
        return rng.integers(low, high, size=shape)
    return rng.integers(-9, 10, size=shape)


def _cases(features: tuple[str, ...], mode: str) -> list[_Case]:
    """Every case of a step, smallest input first, simplest arguments first."""
    specs = []
    leads = [()] + (list(_LEADS) if "channels" in features else [])
    for lead in leads:
        sides = _SIDES if not lead else _STACK_SIDES
        for h in sides:
            for w in sides:
                for k in _KERNELS:
                    strides = _STRIDES if "stride" in features else (k,)
                    pads = range(k // 2 + 1) if "padding" in features else (0,)
                    for s in strides:
                        for p in pads:
                            if h + 2 * p < k or w + 2 * p < k:
                                continue
                            one_sign = not lead and mode != "avg"
                            draws = ("mixed", "signed") if one_sign else ("mixed",)
                            for draw in draws:
                                specs.append((lead + (h, w), k, s, p, draw))
    specs.sort(
        key=lambda sp: (
            int(np.prod(sp[0])),  # smallest input first
            len(sp[0]),
            sp[3],  # then no padding before padding
            sp[2] != sp[1],  # stride = kernel_size before other strides
            sp[1],
            sp[2],
            sp[0],
            sp[4] != "mixed",
        )
    )
    return [_Case(_values(shape, (k, s, p), draw, mode), k, s, p) for shape, k, s, p, draw in specs]


# -- calling the learner's function ----------------------------------------------


class _TimeUp(BaseException):
    """Raised inside the learner's function when its time is up.

    A BaseException, so that a learner's ``except Exception`` cannot swallow it.
    """


@dataclass
class _Outcome:
    result: object = None
    error: BaseException | None = None
    timed_out: bool = False
    printed: str = ""
    warned: list[str] = field(default_factory=list)
    lines: int = 0
    called_coursekit: bool = False


def _library_dirs() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    dirs = {paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths}
    dirs.add(str(Path(__file__).resolve().parents[1]))  # coursekit itself
    return tuple(str(Path(d).resolve()) for d in dirs)


class _LineCounter:
    """A trace function counting the Python lines run in the learner's own code."""

    def __init__(self):
        self.lines = 0
        self.called_coursekit = False
        self._libs = _library_dirs()
        self._mine: dict[str, bool] = {}

    def _is_learner(self, filename: str) -> bool:
        known = self._mine.get(filename)
        if known is None:
            known = not (filename.startswith("<frozen") or filename.startswith(self._libs))
            self._mine[filename] = known
        return known

    def __call__(self, frame, event, arg):
        if event != "call":
            return None
        filename = frame.f_code.co_filename
        if frame.f_code is pool2d.__code__:
            self.called_coursekit = True
        return self._local if self._is_learner(filename) else None

    def _local(self, frame, event, arg):
        if event == "line":
            self.lines += 1
        return self._local


def _run(fn, args, outcome: _Outcome, counter: _LineCounter | None):
    """Call ``fn(*args)``, tracing it if asked; store its result or error in ``outcome``."""
    old_trace = sys.gettrace()
    try:
        if counter is not None:
            sys.settrace(counter)
        try:
            outcome.result = fn(*args)
        finally:
            if counter is not None:
                sys.settrace(old_trace)
    except _TimeUp:
        outcome.timed_out = True
    except (Exception, SystemExit) as err:  # noqa: BLE001 - any error of the learner's code
        outcome.error = err


def _call(fn, args, limit: float, counter: _LineCounter | None = None) -> _Outcome:
    """Run the learner's function with a time limit; never raises (but Ctrl-C).

    Its prints and warnings are captured into the outcome, to be shown with
    the failing case rather than thousands of times over.
    """
    outcome = _Outcome()
    buffer = io.StringIO()
    with (
        contextlib.redirect_stdout(buffer),
        contextlib.redirect_stderr(buffer),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            _call_with_timer(fn, args, limit, outcome, counter)
        else:
            _call_in_thread(fn, args, limit, outcome, counter)
    outcome.printed = buffer.getvalue()
    outcome.warned = [f"{w.category.__name__}: {w.message}" for w in caught]
    if counter is not None:
        outcome.lines, outcome.called_coursekit = counter.lines, counter.called_coursekit
    return outcome


def _call_with_timer(fn, args, limit, outcome, counter) -> None:
    """In the main thread (where a kernel runs cells): a timer signal stops the call.

    The signal interrupts Python loops and sleeps alike.
    """

    def alarm(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, alarm)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, limit)
            _run(fn, args, outcome, counter)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _TimeUp:  # the timer fired just as the function returned
        outcome.timed_out = True
    finally:
        signal.signal(signal.SIGALRM, previous)


def _call_in_thread(fn, args, limit, outcome, counter) -> None:
    """Elsewhere: a worker thread, given up on after ``limit`` seconds.

    An exception is then planted in the worker, which stops a Python loop at
    once (a sleep or a long NumPy call finishes first). The worker is a daemon,
    so it never keeps the interpreter from exiting.
    """
    worker = threading.Thread(target=_run, args=(fn, args, outcome, counter), daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        outcome.timed_out = True
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(worker.ident), ctypes.py_object(_TimeUp)
        )


def _binds(fn, n_args: int) -> str:
    """Why ``fn`` cannot be called with ``n_args`` positional arguments, or ""."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return ""
    try:
        sig.bind(*range(n_args))
    except TypeError as err:
        return f"{getattr(fn, '__name__', 'your function')}{sig} cannot be called so ({err})"
    return ""


# -- comparing -----------------------------------------------------------------


def _inline(a) -> str:
    a = np.asarray(a)
    if a.dtype.kind == "f" and np.all(np.isfinite(a)) and np.all(a == np.round(a)):
        text = np.array2string(a, separator=", ", max_line_width=10**6, precision=0)
        text = text.replace(".,", ",").replace(".]", "]")
    else:
        text = np.array2string(a, separator=", ", max_line_width=10**6, precision=4)
    return " ".join(text.split()).replace("[ ", "[")


def _as_numeric(result):
    """The learner's result as a float array, or None when it is no numeric array."""
    if isinstance(result, np.ndarray) and result.dtype.kind not in "biufO":
        return None  # complex, text, dates: nothing to compare
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return np.asarray(result, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return None


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    if a.shape != b.shape:
        return False
    if np.array_equal(a, b):
        return True
    with np.errstate(invalid="ignore"):
        return bool(np.allclose(a, b, rtol=1e-6, atol=1e-9, equal_nan=True))


def _fmt_value(val) -> str:
    val = float(val)
    if np.isnan(val):
        return "nan"
    if np.isinf(val):
        return "inf" if val > 0 else "-inf"
    if val == round(val) and abs(val) < 1e15:
        return str(int(val))
    return f"{val:.3f}".rstrip("0").rstrip(".")


def _suspects(case: _Case, mode: str, include_pad: bool):
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


def _hint(case: _Case, got: np.ndarray, expected: np.ndarray, mode: str, include_pad: bool):
    """The hint of the first known mistake whose output is exactly ``got``."""
    for make, hint in _suspects(case, mode, include_pad):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                alt = np.asarray(make(), dtype=float)
        except (ValueError, TypeError, IndexError):
            continue
        if not _same(alt, expected) and _same(alt, got):
            return hint
    return ""


def _infinite_hint(got: np.ndarray, expected: np.ndarray, mode: str) -> str:
    """A hint when the learner's output holds infinities that pool2d's does not."""
    if not np.isinf(got).any() or np.isinf(expected).any():
        return ""
    return (
        f"{_fmt_value(got[np.isinf(got)][0])} in your output: a window held only padding. "
        "pool2d never lets padding win, and with padding <= kernel_size // 2 every window "
        "holds a real cell: pad once, by `padding` on each side, and start the window of "
        "out[i, j] at row i*stride, column j*stride of the padded map."
    )


def _size_rule(n: int, k: int, s: int, p: int) -> str:
    return f"({n} + 2*{p} - {k}) // {s} + 1 = {(n + 2 * p - k) // s + 1}"


def _first_difference(case: _Case, got: np.ndarray, expected: np.ndarray) -> str:
    with np.errstate(invalid="ignore"):
        bad = ~np.isclose(got, expected, rtol=1e-6, atol=1e-9, equal_nan=True)
    where = tuple(int(i) for i in np.argwhere(bad)[0])
    i, j = where[-2:]
    r0, c0 = i * case.s - case.p, j * case.s - case.p
    rows = f"row {r0}" if case.k == 1 else f"rows {r0} to {r0 + case.k - 1}"
    cols = f"column {c0}" if case.k == 1 else f"columns {c0} to {c0 + case.k - 1}"
    padded = " (negative or past the edge: padding)" if case.p else ""
    return (
        f"out[{', '.join(map(str, where))}] is {_fmt_value(got[where])} but pool2d gives "
        f"{_fmt_value(expected[where])}, from the window at {rows}, {cols} of "
        f"x{padded}"
    )


def _input_change(before: np.ndarray, after: np.ndarray) -> str:
    """What the learner's function did to its input, in words that stand alone.

    A small map is shown whole after the call (its description already shows
    it before); a larger one is summed up by how many cells changed and the
    first of them, before and after.
    """
    if after.shape != before.shape:
        return f"x now has shape {after.shape}, it had {before.shape}"
    if before.size <= 16:
        return f"after the call x is {_inline(after)}"
    with np.errstate(invalid="ignore"):
        same = (after == before) | (np.isnan(after) & np.isnan(before))
    cells = np.argwhere(~same)
    where = tuple(int(i) for i in cells[0])
    index = ", ".join(map(str, where))
    return (
        f"{len(cells)} of its {before.size} cells changed, the first x[{index}] "
        f"from {_fmt_value(before[where])} to {_fmt_value(after[where])}"
    )


# -- the answer ------------------------------------------------------------------


def _palette():
    from matplotlib import colormaps

    rgba = colormaps["viridis"](np.linspace(0, 1, 256))
    return ["#{:02x}{:02x}{:02x}".format(*(int(255 * c) for c in row[:3])) for row in rgba]


def _table(a: np.ndarray, lo: float, hi: float, pal, pad: int = 0, marked=frozenset()) -> str:
    """An annotated heatmap as an HTML table; grey "pad" cells around it."""
    h, w = a.shape
    span = (hi - lo) or 1.0
    rows = []
    for r in range(-pad, h + pad):
        cells = []
        for c in range(-pad, w + pad):
            style = "width:30px;height:30px;text-align:center;font:12px monospace;padding:0"
            if 0 <= r < h and 0 <= c < w:
                val = float(a[r, c])
                t = 0.5 if np.isnan(val) else min(max((val - lo) / span, 0.0), 1.0)
                fg = "black" if t > 0.55 else "white"
                style += f";background:{pal[int(t * 255)]};color:{fg}"
                text = _fmt_value(val)
            else:
                style += ";background:#e4e4e4;color:#999"
                text = "pad"
            if (r, c) in marked:
                style += ";outline:3px solid #e0245e;outline-offset:-3px"
            cells.append(f'<td style="{style}">{text}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table style="border-collapse:separate;border-spacing:2px;display:inline-table">'
        + "".join(rows)
        + "</table>"
    )


def _panel(title: str, a, lo, hi, pal, pad=0, marked=None) -> str:
    """One labelled figure: a 2-D map, or the planes of a stack, or a note."""
    if a is None:
        body = '<div style="color:#888">(none)</div>'
    else:
        a = np.asarray(a, dtype=float)
        if a.ndim < 2:
            body = f"<code>{html.escape(_inline(a))}</code>"
        elif a.shape[-2] * a.shape[-1] > 144:
            body = f'<div style="color:#888">shape {a.shape}: too large to draw</div>'
        else:
            planes = list(np.ndindex(a.shape[:-2]))
            shown = []
            for index in planes[:6]:
                mark = {
                    tuple(m[-2:]) for m in (marked if marked is not None else []) if m[:-2] == index
                }
                label = f"<div><small>[{', '.join(map(str, index))}]</small></div>" if index else ""
                shown.append(
                    f'<div style="display:inline-block;margin:2px 6px">{label}'
                    f"{_table(a[index], lo, hi, pal, pad, frozenset(mark))}</div>"
                )
            more = len(planes) - len(shown)
            body = "".join(shown) + (
                f"<div><small>... and {more} more</small></div>" if more else ""
            )
    return (
        '<figure style="display:inline-block;vertical-align:top;margin:0 18px 6px 0">'
        f'<figcaption style="font:13px sans-serif;margin-bottom:2px">{title}</figcaption>'
        f"{body}</figure>"
    )


def _details(case, expected, got, fn_name, features, outcome, note="") -> str:
    """The smallest failing case: input, arguments, expected and learner's output."""
    pal = _palette()
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
    panels = _panel(caption, case.x, lo, hi, pal, pad=case.p, marked=framed)
    panels += _panel("expected: <code>pool2d</code>", expected, lo, hi, pal)
    panels += _panel(
        "yours" + (" (differences outlined)" if marked else ""), got, lo, hi, pal, 0, marked
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


def _where_in_code(err: BaseException) -> str:
    """`` (line N: code)`` for the innermost frame of the learner's own code."""
    libs = _library_dirs()
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


def _error_hint(err: BaseException, case: _Case) -> str:
    text = str(err)
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


def _failure(message, part, case, expected, got, fn_name, features, outcome, note="") -> Feedback:
    return Feedback(
        False,
        message,
        part=part,
        details_html=_details(case, expected, got, fn_name, features, outcome, note),
    )


class _Lazy:
    """Text made only when shown (a case's description costs more than its check)."""

    def __init__(self, make):
        self._make = make

    def __str__(self) -> str:
        return self._make()


def _judge(fn_name, case, outcome, expected, mode, include_pad, features, part, limit, x_after):
    """A failing Feedback for this case, or None when the learner's answer is right.

    ``x_after`` is the learner's copy of the input after the call; a change is
    mentioned with any other problem (and reported alone by the caller).
    """
    words = _Lazy(case.words)
    changed = x_after is not None and not np.array_equal(x_after, case.x)

    def fail(message, got=None, note=""):
        if changed:
            message += f" It also changed its input x: {_input_change(case.x, x_after)}."
            note += f"x after the call: <code>{html.escape(_inline(x_after))}</code>"
        return _failure(message, part, case, expected, got, fn_name, features, outcome, note)

    if outcome.timed_out:
        return fail(
            f"{fn_name} took longer than {limit:g} s on {words}, so it was stopped. "
            "Hint: a while loop whose index never grows, or a loop far longer than the map?"
        )
    if outcome.error is not None:
        err = outcome.error
        hint = _error_hint(err, case)
        return fail(
            f"{fn_name} raised {type(err).__name__}: {err}{_where_in_code(err)}, on {words}."
            + (f" {hint}" if hint else "")
        )
    result = outcome.result
    if result is None:
        return Feedback(
            False,
            f"not answered yet: {fn_name} returned None. Write its body, make it return the "
            "pooled array, and run the cell again.",
            part=part,
        )
    if not isinstance(result, np.ndarray):
        kind = type(result).__name__
        numeric = _as_numeric(result)
        right = numeric is not None and _same(numeric, expected)
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
    got = _as_numeric(result)
    if got is None or result.dtype.kind not in "biuf":
        return fail(
            f"{fn_name} returned an array of dtype {result.dtype} on {words}; return an array "
            "of numbers (int or float)."
        )
    if got.shape != expected.shape:
        hint = _hint(case, got, expected, mode, include_pad)
        if got.size == 0 and case.p:
            hint = (
                "your output is empty, as if no window fit: the padding looks ignored. Pad "
                "`padding` cells on every side first, then pool the padded map."
            )
        if not hint:
            hint = _infinite_hint(got, expected, mode)
        if not hint and got.ndim == expected.ndim:
            rules = []
            for axis, name in ((-2, "rows"), (-1, "columns")):
                if got.shape[axis] != expected.shape[axis]:
                    n = case.x.shape[axis]
                    rules.append(f"{name}: {_size_rule(n, case.k, case.s, case.p)}")
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
    if not _same(got, expected):
        hint = _hint(case, got, expected, mode, include_pad) or _infinite_hint(got, expected, mode)
        small = expected.size <= 16
        shown = (
            f": your output is {_inline(got)}, pool2d gives {_inline(expected)}" if small else ""
        )
        return fail(
            f"{fn_name} differs from pool2d on {words}{shown}. "
            + (f"Hint: {hint}" if hint else _first_difference(case, got, expected) + "."),
            got=got,
        )
    return None


def check_implementation(
    fn,
    mode="max",
    features=("loops",),
    *,
    part=None,
    count_include_pad=True,
    time_limit=2.0,
    total_limit=60.0,
) -> Feedback:
    """Check a learner's pooling function on cases from small to large.

    The function is called on every case of the step, smallest input first,
    and compared with :func:`coursekit.pool2d`. The first case where they
    differ is the answer: the smallest input that shows the mistake, shown
    with the arguments, the expected output and the learner's, and a hint
    when the difference matches a known mistake.

    Parameters
    ----------
    fn : callable
        The learner's function, called positionally as
        ``fn(x, kernel_size, stride)``, or ``fn(x, kernel_size, stride,
        padding)`` once ``features`` has ``"padding"``. ``x`` is a fresh,
        writeable ``int64`` array of small integers (-9 to 9); ``kernel_size``,
        ``stride`` and ``padding`` are ints. It must return a NumPy array.
        ``None`` (the learners' placeholder) means not answered yet.
    mode : {"max", "avg", "min"}, default "max"
        The pooling ``fn`` implements.
    features : str or tuple of str, default ("loops",)
        What the step covers; each adds cases:

        - ``"loops"`` (always on): one (H, W) map from 1x1 to 6x6,
          ``kernel_size`` 1 to 4, ``stride = kernel_size``.
        - ``"stride"``: ``stride`` 1 to 4, so windows overlap or skip cells.
        - ``"padding"``: ``padding`` 0 to ``kernel_size // 2``; ``fn`` gets it
          as a fourth argument.
        - ``"channels"``: also (C, H, W) stacks and (N, C, H, W) batches
          (planes up to 4x4).
        - ``"vectorised"``: after every case matches, ``fn`` runs on an 8x8
          and a 32x32 map (a batch of them with ``"channels"``) while the
          Python lines run in the learner's own code are counted; a count
          that grows with the map means a loop over output cells remains.
          Calling ``coursekit.pool2d`` itself is not accepted either.
    part : str, optional
        The exercise part recorded in the learner's progress when accepted.
        By default the step of :data:`IMPLEMENTATION_STEPS` whose features are
        exactly ``features`` (for max pooling); ``""`` records nothing.
    count_include_pad : bool, default True
        Keyword-only, average pooling: whether padded zeros count in each
        window's divisor, as in :func:`coursekit.pool2d`.
    time_limit : float, default 2.0
        Keyword-only. Seconds one call may take before it is stopped.
    total_limit : float, default 60.0
        Keyword-only. Seconds all cases together may take.

    Returns
    -------
    Feedback
        ``ok`` when every case matches; else the first problem, with the
        smallest failing case in ``details_html`` (input, arguments, expected
        and learner's outputs as small annotated heatmaps).

    Raises
    ------
    TypeError, ValueError
        Only for mistakes in the notebook's call (an unknown feature or
        mode, a bad limit), never for anything ``fn`` does.

    Notes
    -----
    Cases are ordered by the input's number of cells, then simpler arguments
    (no padding, stride equal to the window, smaller windows) first, so the
    case shown is the smallest that fails. Values are seeded integers; max
    and min pooling also get maps of one sign (all negative for max), which
    is where a zero used as padding or as the starting value shows.

    Each call runs under a timer signal (in the kernel's main thread) or in a
    worker thread, with its prints and warnings captured and shown for the
    failing case. Each call gets its own copy of ``x``; a function that
    changes it is reported, since callers do not expect pooling to change
    their data.

    Examples
    --------
    >>> import numpy as np
    >>> def max_pool(x, kernel_size, stride):
    ...     oh = (x.shape[0] - kernel_size) // stride + 1
    ...     ow = (x.shape[1] - kernel_size) // stride + 1
    ...     out = np.empty((oh, ow), dtype=x.dtype)
    ...     for i in range(oh):
    ...         for j in range(ow):
    ...             r, c = i * stride, j * stride
    ...             out[i, j] = x[r : r + kernel_size, c : c + kernel_size].max()
    ...     return out
    >>> check_implementation(max_pool, features=("loops", "stride"), part="").ok
    True
    >>> def forgot_stride(x, kernel_size, stride):
    ...     return max_pool(x, kernel_size, 1)
    >>> print(check_implementation(forgot_stride, features=("loops", "stride"), part=""))
    ... # doctest: +ELLIPSIS
    Not yet: forgot_stride returned shape (1, 2), pool2d gives (1, 1), on a 1x2 map, ... \
Hint: your output is what stride 1 gives: the stride looks ignored. ...
    """
    mode = v.mode(mode)
    feats = _features(features)
    include_pad = v.flag(count_include_pad, "count_include_pad")
    for name, value in (("time_limit", time_limit), ("total_limit", total_limit)):
        if not isinstance(value, numbers.Real) or isinstance(value, bool) or not value > 0:
            raise ValueError(f"`{name}` must be a positive number of seconds; got {value!r}")
    if part is None:
        part = _step_of(feats) if mode == "max" and include_pad else ""
    part = str(part)
    fn_name = getattr(fn, "__name__", "your function")
    if fn is None or fn is Ellipsis:
        return Feedback(
            False,
            "not answered yet: define your function and pass it, e.g. "
            "check_implementation(my_pool).",
            part=part,
        )
    if not callable(fn):
        return Feedback(
            False,
            "check_implementation needs your function itself, not its result: pass "
            f"check_implementation(my_pool), not check_implementation(my_pool(x)); got "
            f"{v._describe(fn)}.",
            part=part,
        )
    n_args = 4 if "padding" in feats else 3
    why = _binds(fn, n_args)
    if why:
        return Feedback(
            False,
            f"this step calls {_signature(feats)}: {why}. Give your function that signature.",
            part=part,
        )
    cases = _cases(feats, mode)
    start = time.perf_counter()
    for number, case in enumerate(cases, 1):
        expected = pool2d(case.x, case.k, case.s, case.p, mode=mode, count_include_pad=include_pad)
        x = case.x.copy()
        outcome = _call(fn, (x, *case.args[: n_args - 1]), time_limit)
        failed = _judge(
            fn_name, case, outcome, expected, mode, include_pad, feats, part, time_limit, x
        )
        if failed is not None:
            return failed
        if not np.array_equal(x, case.x):
            return _failure(
                f"{fn_name} changed its input x on {case.words()}: {_input_change(case.x, x)} "
                "(it gives the right output, but a pooling function must leave the map it "
                "reads alone). Hint: np.pad "
                "and x.copy() make new arrays; writing into x[...] or using out=x does not.",
                part,
                case,
                expected,
                outcome.result,
                fn_name,
                feats,
                outcome,
                note=f"x after the call: <code>{html.escape(_inline(x))}</code>",
            )
        if time.perf_counter() - start > total_limit:
            return Feedback(
                False,
                f"{fn_name} matched pool2d on the first {number:,} of {len(cases):,} cases, "
                f"but together they took over {total_limit:g} s, so the check stopped. Make "
                "it faster (fewer Python loops) and run the check again.",
                part=part,
            )
    summary = _summary(feats, len(cases))
    if "vectorised" in feats:
        problem = _growth(fn, fn_name, feats, mode, include_pad, part, time_limit, n_args)
        if isinstance(problem, Feedback):
            return problem
        summary += f" {problem}"
    return Feedback(True, summary, part=part)


def _summary(feats, count) -> str:
    parts = ["maps from 1x1 to 6x6", "kernel_size 1 to 4"]
    parts.append("stride 1 to 4" if "stride" in feats else "stride = kernel_size")
    if "padding" in feats:
        parts.append("padding 0 to kernel_size // 2")
    if "channels" in feats:
        parts.append("(C, H, W) stacks and (N, C, H, W) batches")
    return f"your function matches pool2d on all {count:,} cases: " + ", ".join(parts) + "."


def _growth(fn, fn_name, feats, mode, include_pad, part, limit, n_args):
    """Count the learner's Python lines on a small and a large map; Feedback or a note."""
    lead = (2, 3) if "channels" in feats else ()
    k, s, p = (3, 2, 1) if "padding" in feats else (2, 2, 0)
    counts = []
    for side in _GROWTH:
        shape = lead + (side, side)
        case = _Case(_values(shape, (k, s, p), "mixed", mode), k, s, p)
        expected = pool2d(case.x, k, s, p, mode=mode, count_include_pad=include_pad)
        counter = _LineCounter()
        x = case.x.copy()
        outcome = _call(fn, (x, *case.args[: n_args - 1]), limit * 5, counter)
        failed = _judge(
            fn_name, case, outcome, expected, mode, include_pad, feats, part, limit * 5, x
        )
        if failed is not None:
            return failed
        if outcome.called_coursekit:
            return Feedback(
                False,
                f"{fn_name} calls coursekit's pool2d: that is the answer key, not your own "
                "vectorised version. Build it from sliding_window_view or strided slices.",
                part=part,
            )
        counts.append(outcome.lines)
    small, large = counts
    sides = [f"{'an' if str(n)[0] == '8' or n in (11, 18) else 'a'} {n}x{n}" for n in _GROWTH]
    if large > 1.5 * small + 10:
        return Feedback(
            False,
            f"{fn_name} is right on every case but not vectorised yet: it ran {small:,} Python "
            f"lines on {sides[0]} map and {large:,} on {sides[1]} map. A count that grows "
            "with the map means a Python loop over output cells (or rows) remains; let NumPy do "
            "that loop, with sliding_window_view or one strided slice per window offset.",
            part=part,
        )
    return (
        f"It is vectorised: {small:,} Python lines on {sides[0]} map, {large:,} on {sides[1]} map."
    )


def time_pooling(functions, x, kernel_size, stride=None, padding=None, *, repeat=5, budget=0.05):
    """Time pooling functions on one input: best seconds per call of each.

    Parameters
    ----------
    functions : dict of str to callable
        Name -> function, each called as ``fn(x, kernel_size, stride)`` or,
        when ``padding`` is given, ``fn(x, kernel_size, stride, padding)``
        (``coursekit.pool2d`` fits both).
    x : (H, W), (C, H, W) or (N, C, H, W) array_like
        The input, the same for every function.
    kernel_size, stride, padding : int
        As for :func:`coursekit.pool2d`; ``stride=None`` means ``kernel_size``.
    repeat : int, default 5
        Keyword-only. Timings taken per function; the best is kept.
    budget : float, default 0.05
        Keyword-only. Seconds each timing aims at: fast functions are called
        several times in a row and the time divided.

    Returns
    -------
    dict of str to float
        Seconds per call, in the order of ``functions``.

    Notes
    -----
    The best of several timings is the least disturbed by other work on the
    machine. A slow function (one call longer than ``budget``) costs about
    ``repeat + 1`` calls.

    Examples
    --------
    >>> from coursekit import ANCHOR, pool2d
    >>> times = time_pooling({"pool2d": pool2d}, ANCHOR, 2, repeat=2)
    >>> list(times), times["pool2d"] > 0
    (['pool2d'], True)
    """
    arr = v.feature_map(x)
    if stride is None:
        stride = kernel_size
    args = (arr, kernel_size, stride) + (() if padding is None else (padding,))
    result = {}
    for name, fn in functions.items():
        first = time.perf_counter()
        fn(*args)
        once = time.perf_counter() - first
        number = max(1, int(budget / max(once, 1e-7)))
        best = once
        for _ in range(repeat):
            t0 = time.perf_counter()
            for _ in range(number):
                fn(*args)
            best = min(best, (time.perf_counter() - t0) / number)
        result[name] = best
    return result
