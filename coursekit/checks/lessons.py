"""Checks of the "Try it" cells of lessons 00-08 (and of the try-it of exercise 4, 4d).

Each ``check_NN(answer)`` returns ``(ok, message)`` or raises
:class:`~coursekit.checks.answers.Reject`. The maps the lessons give are
repeated here (:data:`LESSON_MAPS`), and every expected answer is computed
by coursekit from them.
"""

from __future__ import annotations

import inspect
import re

import numpy as np

from ..data import ANCHOR
from ..engine.pooling import global_pool, pool2d
from ..measures.params import head_params
from ..measures.shifting import first_changing_shift
from .answers import NotAnswered, Reject, close, read_array, read_choice, read_count, read_number
from .implementation import sandbox
from .implementation.sandbox import call, isolated, safe_name, warm_imports

__all__ = ["LESSON_CHECKS", "LESSON_MAPS"]

#: The maps the lessons' try-its give the learner, by part.
LESSON_MAPS = {
    "02": np.array([[1, 5, 2, 0], [3, 4, 7, 1], [0, 2, 6, 8], [9, 1, 3, 4]]),
    "05": np.pad(np.array([[0, 0], [0, 5]]), ((0, 2), (0, 4))),
    "06": np.array(
        [[[1, 2, 3], [4, 5, 6]], [[0, 0, 6], [0, 0, 0]], [[2, 2, 2], [2, 2, 8]]],
    ),
}
LESSON_MAPS["03"] = LESSON_MAPS["04"] = LESSON_MAPS["02"]


def _axes(n: int) -> str:
    return f"{n} axis" if n == 1 else f"{n} axes"


def _map_answer(answer, want: np.ndarray, what: str) -> np.ndarray:
    """The learner's map with the shape of ``want``, or a Reject that does not give it away."""
    arr = read_array(answer, what)
    if arr.ndim != want.ndim:
        raise Reject(
            f"that has {_axes(arr.ndim)}; {what} keeps rows and columns (a list of rows)."
            if want.ndim == 2
            else f"that has {_axes(arr.ndim)}; give {what}."
        )
    if arr.shape != want.shape:
        raise Reject(
            f"your answer has shape {arr.shape}: count the windows that fit along each axis."
        )
    return arr


def check_00(answer):
    want = pool2d(ANCHOR, 3, stride=1)
    arr = _map_answer(answer, want, "the pooled map")
    if np.array_equal(arr, want):
        return True, "four 3x3 windows fit, one step apart, and each keeps its largest value."
    if np.allclose(arr, pool2d(ANCHOR, 3, stride=1, mode="avg")):
        raise Reject("that is average pooling; this asks for max pooling.")
    raise Reject(
        "some values differ: slide the 3x3 window one cell at a time and keep each maximum."
    )


def check_01(answer):
    want = [head_params((64, s, s), 10) for s in (32, 8)]
    arr = read_array(answer, "the two counts, [params_no_pool, params_two_pools]")
    if arr.shape != (2,) or not np.all(arr == np.round(arr)):
        raise Reject("give the two counts as a list of two whole numbers, no pooling first.")
    got = [int(v) for v in arr]
    if got == want:
        return True, "every 2x2 pool divides the flattened input, and so the head, by four."
    if got[::-1] == want:
        raise Reject("the two counts are the wrong way round: no pooling first.")
    if [g + 10 for g in got] == want:
        raise Reject("those count the weights only: add one bias per class.")
    if got[0] == want[0]:
        raise Reject("the first count is right; after two 2x2 pools, what side is left of 32?")
    if got[1] == want[1]:
        raise Reject("the second count is right; without pooling the map keeps all 32x32 cells.")
    raise Reject("inputs = channels x height x width, then inputs x classes + classes.")


def _by_hand(part: str, mode: str, right: str, nudge: str):
    m = LESSON_MAPS[part]

    def check(answer):
        want = pool2d(m, 2, mode=mode)
        arr = _map_answer(answer, want, "the 2x2 result")
        if np.allclose(arr, want, rtol=1e-9, atol=1e-12):
            return True, right
        for other in {"max", "avg", "min"} - {mode}:
            if np.allclose(arr, pool2d(m, 2, mode=other), rtol=1e-9, atol=1e-12):
                name = {"avg": "average"}.get(other, other)
                raise Reject(f"that is {name} pooling; this try-it asks for {mode} pooling.")
        if np.allclose(arr, pool2d(m, 2, mode=mode).T):
            raise Reject("those are the right values in the wrong places: rows first.")
        wrong = int(np.count_nonzero(~np.isclose(arr, want, rtol=1e-9, atol=1e-12)))
        raise Reject(f"{nudge}: {wrong} of the 4 values {'differs' if wrong == 1 else 'differ'}.")

    return check


check_02 = _by_hand(
    "02", "max", "one maximum per quadrant.", "take the largest of each 2x2 quadrant"
)
check_03 = _by_hand(
    "03",
    "avg",
    "the sum of each quadrant over 4.",
    "add the four values of each quadrant, then divide by 4",
)

#: What lesson 04's min_pool must not use: min pooling or a minimum, by any name.
_FORBIDDEN = re.compile(r"""mode\s*=\s*["']min["']|\bnp\.(?:min|amin|nanmin)\b|\.min\(|\bmin\(""")


def check_04(answer):
    if not callable(answer):
        raise Reject("give your function itself: check('04', min_pool), without calling it.")
    try:
        source = inspect.getsource(answer)
    except Exception:  # noqa: BLE001 - no source to read (a builtin, a C function)
        source = ""
    if len(source) < 20_000 and _FORBIDDEN.search(source.split(":", 1)[-1]):
        raise Reject(
            "your function uses min pooling or a minimum itself; the try-it asks you to build "
            "it from pool2d(..., mode='max') alone."
        )
    status, value = isolated(lambda beat: _try_min_pool(answer, beat))
    if status == "hung":
        if value is None:
            raise Reject("your function did not start in time (its imports took over 30 s).")
        k, shape = value
        raise Reject(
            f"your function took longer than 2 s on a {shape} map with k={k}: a min pool of so "
            "small a map takes a few milliseconds. Is there a loop that never ends?"
        )
    if status == "died":
        raise Reject("your function stopped the process that ran it.")
    if value == _NOTHING_YET:
        raise NotAnswered(value)  # the unfilled template: no attempt yet
    if value:
        raise Reject(value)
    return True, "negate, take the maximum, negate back: min pooling for every window size."


_NOTHING_YET = "your function returned None: end it with return and the pooled map."


def _try_min_pool(fn, beat) -> str:
    """Why ``fn`` is not min pooling on a few maps and window sizes, or ""."""
    warm_imports(fn)  # before the first timer: a first import takes seconds
    rng = np.random.default_rng(4)
    for k, shape in ((2, (4, 4)), (3, (6, 6)), (2, (2, 6)), (1, (3, 3))):
        x = rng.integers(-9, 10, size=shape)
        beat((k, shape), 2.0)
        given = x.copy()
        outcome = call(fn, (given, k), 2.0)
        where = f"on a {shape} map with k={k}"
        if outcome.timed_out:
            return f"your function took longer than 2 s {where}."
        if outcome.error is not None:
            return f"your function raised {safe_name(outcome.error)} {where}."
        if outcome.took_min:
            return (
                "your function takes a minimum itself (min pooling, np.min, .min() or min()); "
                "the try-it asks you to build it from pool2d(..., mode='max') alone."
            )
        if outcome.result is None:
            if k == 2 and shape == (4, 4):  # the first call: nothing written yet
                return _NOTHING_YET
            return f"your function returned None {where}: end it with return and the pooled map."
        want = pool2d(x, k, mode="min")
        try:
            got = _map_answer(outcome.result, want, "the pooled map")
        except Reject as why:
            return f"{where}: {why}"
        if not np.array_equal(got, want):
            return (
                f"{where} your output is not min pooling's: which value of -x is largest "
                "when x is smallest?"
            )
        if not np.array_equal(given, x):
            return (
                f"{where} your function changed the map it was given (the output is right): "
                "negate into a new array (-x), not in place (x *= -1)."
            )
        if sandbox.can_watch() and not outcome.max_pooled:
            return (
                "your function gives min pooling's values without any max pooling (it never "
                "calls pool2d(..., mode='max')); the try-it asks you to build it from max pooling."
            )
    return ""


def check_05(answer):
    want = first_changing_shift(LESSON_MAPS["05"])
    got = read_count(answer, "a number of pixels")
    if got == want:
        return True, "column 1 is the last column of its window, so one step crosses the boundary."
    if got <= 0:
        raise Reject("a shift of zero pixels changes nothing; how many to the right?")
    raise Reject("which window holds column 1, and where does that window end?")


def check_06(answer):
    f = LESSON_MAPS["06"]
    want = global_pool(f)
    arr = read_array(answer, "one average per channel")
    if arr.shape != want.shape:
        raise Reject("give one number per channel, as a flat list.")
    if np.allclose(arr, want, rtol=1e-9):
        return True, "one average per channel, over all of its cells."
    if np.allclose(arr, f.max(axis=(1, 2))):
        raise Reject("those are the channels' maxima; global *average* pooling averages.")
    if np.allclose(arr, f.sum(axis=(1, 2))):
        raise Reject("those are the sums; divide each by its number of cells.")
    raise Reject("for each channel add its 6 values and divide by 6.")


_MODES = {
    "max": "max",
    "maximum": "max",
    "max pooling": "max",
    "max pool": "max",
    "avg": "avg",
    "average": "avg",
    "mean": "avg",
    "avg pooling": "avg",
    "average pooling": "avg",
    "min": "min",
    "minimum": "min",
    "min pooling": "min",
    "min pool": "min",
}


def check_07(answer):
    if isinstance(answer, dict):
        answer = (answer.get("keeps_spike", ...), answer.get("keeps_dark", ...))
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise Reject("give the pair (keeps_spike, keeps_dark), each 'max', 'avg' or 'min'.")
    spike, dark = (_MODES[read_choice(a, tuple(_MODES), "'max', 'avg' or 'min'")] for a in answer)
    test_spike = np.zeros((6, 6))
    test_spike[4, 1] = 7.0
    test_dark = np.ones((6, 6))
    test_dark[1, 4] = 0.0
    kept_spike = pool2d(test_spike, 3, mode=spike).max() == test_spike.max()
    kept_dark = pool2d(test_dark, 3, mode=dark).min() == test_dark.min()
    if kept_spike and kept_dark:
        return True, "each choice keeps its signal at full strength."
    if not kept_spike and not kept_dark:
        raise Reject("with your choices both signals are weakened or lost.")
    lost = "the spike" if not kept_spike else "the dark pixel"
    raise Reject(f"with your choice {lost} is weakened or lost in its 3x3 window.")


#: Lesson 08's question: five 2x2 / stride 2 pools of a side-512 image (chosen so that the
#: number of final cells, 16 x 16 = 256, differs from the pixels one cell covers, 1024).
_Q08 = (512, 5)


def check_08(answer):
    side, pools = _Q08
    block = 2**pools
    got = read_count(answer, "a number of pixels")
    if got == block * block:
        return True, f"every pool doubles the block's side: {block}x{block} pixels."
    if got == block:
        raise Reject("that is the block's side; the question asks for its number of pixels.")
    if got == (side // block) ** 2:
        raise Reject("that is the number of cells of the final map, not the pixels one covers.")
    if got == side // block:
        raise Reject("that is the final map's side; how many input pixels does one cell stand for?")
    if got in ((2 ** (pools - 1)) ** 2, (2 ** (pools + 1)) ** 2):
        raise Reject(f"count the pools again: there are {pools}.")
    raise Reject("find the side of the block one final cell covers, then its area in pixels.")


def check_4d(answer):
    got = read_number(answer, "a factor")
    if close(got, 14, 0.05):  # as in 4a: a simulation of a few thousand trials is within
        return True, "the spread shrinks by the square root of the number of cells: sqrt(196)."
    if close(got, 196, 0.05):
        raise Reject("that is the number of cells; the spread shrinks by its square root.")
    if close(got, 1 / 14, 0.05):
        raise Reject("upside down: by what factor is the average's spread *smaller*?")
    if close(got, 14, 0.1):  # as in 4a: a short simulation lands near
        raise Reject(
            "close. If you estimated it by simulation, use more trials (a few thousand); "
            "or work it out from the number of cells."
        )
    raise Reject(
        "how many independent values does the average take, and how does the spread of a "
        "mean depend on that number?"
    )


LESSON_CHECKS = {
    "00": check_00,
    "01": check_01,
    "02": check_02,
    "03": check_03,
    "04": check_04,
    "05": check_05,
    "06": check_06,
    "07": check_07,
    "08": check_08,
    "4d": check_4d,
}
