"""check_implementation: the learner's pooling function against pool2d, case by case."""

from __future__ import annotations

import html
import numbers
import time
from dataclasses import dataclass

import numpy as np

from ... import _validation as v
from ...engine.pooling import pool2d
from ..feedback import Feedback
from ..store import mark_tried, record
from .cases import GROWTH, Case, build_cases, case_values, inline, read_features, signature, step_of
from .diagnosis import input_change
from .report import failure, judge
from .sandbox import LineCounter, Outcome, binds, call, isolated, safe_name, warm_imports


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
    The examples are functions no step accepts (never a learner's answer):

    >>> from coursekit import pool2d
    >>> def not_written_yet(x, kernel_size, stride):
    ...     return None
    >>> print(check_implementation(not_written_yet, part=""))  # doctest: +ELLIPSIS
    Not yet: not_written_yet returned None: does it end with `return` and the pooled array? ...
    >>> def forgot_stride(x, kernel_size, stride):
    ...     return pool2d(x, kernel_size, 1)
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
            "no function yet: define your function, then pass it itself, e.g. "
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
    job = _Job(fn, fn_name, mode, feats, include_pad, part, time_limit, total_limit, n_args)
    status, value = isolated(lambda beat: _safely(job, cases, beat))
    if status == "hung":
        value = job.hung(cases, value)
    elif status == "died":
        value = Feedback(
            False,
            f"{fn_name} stopped the process that ran it ({value}). Does it call exit() "
            "or kill its own process?",
            part=part,
        )
    if part and not isinstance(value, Unfilled):
        mark_tried(part)  # a real function, right or wrong: solution(part) opens
    if value.ok and part:
        record(part)
    return value


class Unfilled(Feedback):
    """The answer for a function that returns None from its first call: the unfilled
    template, which is no attempt at the step."""


@dataclass(frozen=True)
class _Job:
    """What a check of one function needs, in the child process or here."""

    fn: object
    fn_name: str
    mode: str
    feats: tuple
    include_pad: bool
    part: str
    limit: float
    total_limit: float
    n_args: int

    def judge(self, case, outcome, x_after, limit=None):
        expected = pool2d(
            case.x, case.k, case.s, case.p, mode=self.mode, count_include_pad=self.include_pad
        )
        return expected, judge(
            self.fn_name,
            case,
            outcome,
            expected,
            self.mode,
            self.include_pad,
            self.feats,
            self.part,
            limit or self.limit,
            x_after,
        )

    def hung(self, cases, tag) -> Feedback:
        """The answer when a step ran past its limit and its process was stopped."""
        if tag is None:
            return Feedback(False, f"{self.fn_name} did not start in time.", part=self.part)
        kind, index = tag
        case, limit = (
            (cases[index], self.limit)
            if kind == "case"
            else (_growth_case(self, index), self.limit * 5)
        )
        _, failed = self.judge(case, Outcome(timed_out=True), None, limit)
        return failed


def _safely(job: _Job, cases, beat) -> Feedback:
    """:func:`_all_cases`, with anything unexpected answered as a message."""
    try:
        return _all_cases(job, cases, beat)
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # noqa: BLE001 - what the function returned broke a step
        return Feedback(
            False,
            f"{job.fn_name} returned something the check could not read "
            f"({safe_name(err)} while comparing it with pool2d); return a NumPy array "
            "of numbers.",
            part=job.part,
        )


def _all_cases(job: _Job, cases, beat) -> Feedback:
    warm_imports(job.fn)  # before the first step's timer: a first import takes seconds
    start = time.perf_counter()
    answer_key = False
    for number, case in enumerate(cases, 1):
        x = case.x.copy()
        beat(("case", number - 1), job.limit)
        outcome = call(job.fn, (x, *case.args[: job.n_args - 1]), job.limit)
        expected, failed = job.judge(case, outcome, x)
        if failed is not None and number == 1 and _returned_nothing(outcome):
            return Unfilled(failed.ok, failed.message, failed.part, failed.details_html)
        if failed is not None:
            return failed
        answer_key = answer_key or outcome.called_coursekit
        if not np.array_equal(x, case.x):
            return failure(
                f"{job.fn_name} changed its input x on {case.words()}: {input_change(case.x, x)} "
                "(it gives the right output, but a pooling function must leave the map it "
                "reads alone). Hint: np.pad "
                "and x.copy() make new arrays; writing into x[...] or using out=x does not.",
                job.part,
                case,
                expected,
                outcome.result,
                job.fn_name,
                job.feats,
                outcome,
                note=f"x after the call: <code>{html.escape(inline(x))}</code>",
            )
        if time.perf_counter() - start > job.total_limit:
            return Feedback(
                False,
                f"{job.fn_name} matched pool2d on the first {number:,} of {len(cases):,} cases, "
                f"but together they took over {job.total_limit:g} s, so the check stopped. Make "
                "it faster (fewer Python loops) and run the check again.",
                part=job.part,
            )
    if answer_key:
        return Feedback(
            False,
            f"{job.fn_name} calls a ready-made pooling (coursekit's pool2d or a pooling of "
            "torch): that is the answer key, not your own pooling. The rule: no pooling "
            "function of coursekit or torch runs inside yours; write the loops (or the NumPy "
            "view) yourself.",
            part=job.part,
        )
    summary = _summary(job.feats, len(cases))
    if "vectorised" in job.feats:
        problem = _growth(job, beat)
        if isinstance(problem, Feedback):
            return problem
        summary += f" {problem}"
    return Feedback(True, summary, part=job.part)


def _returned_nothing(outcome: Outcome) -> bool:
    return outcome.result is None and outcome.error is None and not outcome.timed_out


def _summary(feats, count) -> str:
    parts = ["maps from 1x1 to 6x6", "kernel_size 1 to 4"]
    parts.append("stride 1 to 4" if "stride" in feats else "stride = kernel_size")
    if "padding" in feats:
        parts.append("padding 0 to kernel_size // 2")
    if "channels" in feats:
        parts.append("(C, H, W) stacks and (N, C, H, W) batches")
    return f"your function matches pool2d on all {count:,} cases: " + ", ".join(parts) + "."


def _growth_case(job: _Job, index: int) -> Case:
    lead = (2, 3) if "channels" in job.feats else ()
    k, s, p = (3, 2, 1) if "padding" in job.feats else (2, 2, 0)
    shape = lead + (GROWTH[index], GROWTH[index])
    return Case(case_values(shape, (k, s, p), "mixed", job.mode), k, s, p)


def _growth(job: _Job, beat):
    """Count the learner's Python lines on a small and a large map; Feedback or a note."""
    fn_name, part = job.fn_name, job.part
    counts = []
    for index in range(len(GROWTH)):
        case = _growth_case(job, index)
        counter = LineCounter()
        x = case.x.copy()
        beat(("growth", index), job.limit * 5)
        outcome = call(job.fn, (x, *case.args[: job.n_args - 1]), job.limit * 5, counter)
        _, failed = job.judge(case, outcome, x, job.limit * 5)
        if failed is not None:
            return failed
        if outcome.called_coursekit:
            return Feedback(
                False,
                f"{fn_name} calls a ready-made pooling (coursekit's pool2d or a pooling of "
                "torch): that is the answer key, not your own vectorised version. Build it "
                "from sliding_window_view or strided slices.",
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
        f"It is vectorised: {small:,} Python line{'s' * (small != 1)} on {sides[0]} map, "
        f"{large:,} on {sides[1]} map."
    )
