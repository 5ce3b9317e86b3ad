"""check_implementation: the learner's pooling function against pool2d, case by case."""

from __future__ import annotations

import html
import numbers
import time

import numpy as np

from ... import _validation as v
from ...engine.pooling import pool2d
from ..feedback import Feedback
from ..progress import record
from .cases import GROWTH, Case, build_cases, case_values, inline, read_features, signature, step_of
from .diagnosis import input_change
from .report import failure, judge
from .sandbox import LineCounter, binds, call


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
    feats = read_features(features)
    include_pad = v.flag(count_include_pad, "count_include_pad")
    for name, value in (("time_limit", time_limit), ("total_limit", total_limit)):
        if not isinstance(value, numbers.Real) or isinstance(value, bool) or not value > 0:
            raise ValueError(f"`{name}` must be a positive number of seconds; got {value!r}")
    if part is None:
        part = step_of(feats) if mode == "max" and include_pad else ""
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
    why = binds(fn, n_args)
    if why:
        return Feedback(
            False,
            f"this step calls {signature(feats)}: {why}. Give your function that signature.",
            part=part,
        )
    cases = build_cases(feats, mode)
    start = time.perf_counter()
    for number, case in enumerate(cases, 1):
        expected = pool2d(case.x, case.k, case.s, case.p, mode=mode, count_include_pad=include_pad)
        x = case.x.copy()
        outcome = call(fn, (x, *case.args[: n_args - 1]), time_limit)
        failed = judge(
            fn_name, case, outcome, expected, mode, include_pad, feats, part, time_limit, x
        )
        if failed is not None:
            return failed
        if not np.array_equal(x, case.x):
            return failure(
                f"{fn_name} changed its input x on {case.words()}: {input_change(case.x, x)} "
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
                note=f"x after the call: <code>{html.escape(inline(x))}</code>",
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
    if part:
        record(part)
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
    for side in GROWTH:
        shape = lead + (side, side)
        case = Case(case_values(shape, (k, s, p), "mixed", mode), k, s, p)
        expected = pool2d(case.x, k, s, p, mode=mode, count_include_pad=include_pad)
        counter = LineCounter()
        x = case.x.copy()
        outcome = call(fn, (x, *case.args[: n_args - 1]), limit * 5, counter)
        failed = judge(
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
    sides = [f"{'an' if str(n)[0] == '8' or n in (11, 18) else 'a'} {n}x{n}" for n in GROWTH]
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
