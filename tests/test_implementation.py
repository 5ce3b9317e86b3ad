"""check_implementation: each classic mistake gets its smallest failing case and its hint."""

from __future__ import annotations

import json
import math
import re
import sys
import threading
import time
import warnings

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from coursekit import pool2d
from coursekit.checks.implementation import (
    FEATURES,
    IMPLEMENTATION_STEPS,
    check_implementation,
    time_pooling,
)
from coursekit.checks.implementation.cases import Case as _Case
from coursekit.checks.implementation.cases import build_cases as _cases
from coursekit.checks.implementation.diagnosis import mistake_hint as _hint
from coursekit.checks.progress import ENV_VAR
from coursekit.checks.registry import IMPLEMENTATION_PARTS

prog = sys.modules["coursekit.checks.store"]

STRIDE = ("loops", "stride")
PADDING = ("loops", "stride", "padding")
CHANNELS = ("loops", "stride", "padding", "channels")
VECTORISED = CHANNELS + ("vectorised",)


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    target = tmp_path / "progress.json"
    monkeypatch.setenv(ENV_VAR, str(target))
    monkeypatch.setattr(prog, "_session", {})
    monkeypatch.setattr(prog, "_unsaved", {})
    return target


# -- implementations, right and wrong --------------------------------------------


def loop_pool(
    x,
    kernel_size,
    stride,
    padding=0,
    *,
    mode="max",
    fill=None,
    size=None,
    divisor=None,
    start=None,
    out_dtype=float,
):
    """The post's two loops, with knobs that reproduce each classic mistake."""
    reduce = {"max": np.max, "min": np.min, "avg": np.sum}[mode]
    if fill is None:
        fill = {"max": -np.inf, "min": np.inf, "avg": 0.0}[mode]
    x = np.asarray(x, dtype=float)
    widths = [(0, 0)] * (x.ndim - 2) + [(padding, padding)] * 2
    real = np.pad(np.ones(x.shape[-2:]), padding)
    x = np.pad(x, widths, constant_values=fill)
    h, w = x.shape[-2:]
    size = size or (lambda n: (n - kernel_size) // stride + 1)
    oh, ow = size(h), size(w)
    out = np.zeros(x.shape[:-2] + (oh, ow), dtype=out_dtype)
    for i in range(oh):
        for j in range(ow):
            r, c = i * stride, j * stride
            window = x[..., r : r + kernel_size, c : c + kernel_size]
            value = reduce(window, axis=(-2, -1))
            if start is not None:
                value = np.maximum(value, start) if mode == "max" else np.minimum(value, start)
            if mode == "avg":
                count = real[r : r + kernel_size, c : c + kernel_size].sum()
                value = value / (divisor or count)
            out[..., i, j] = value
    return out


def vector_pool(x, kernel_size, stride, padding=0):
    """A right, vectorised max pool."""
    x = np.asarray(x, dtype=float)
    widths = [(0, 0)] * (x.ndim - 2) + [(padding, padding)] * 2
    x = np.pad(x, widths, constant_values=-np.inf)
    windows = sliding_window_view(x, (kernel_size, kernel_size), axis=(-2, -1))
    return windows[..., ::stride, ::stride, :, :].max(axis=(-2, -1))


def first_failure(fn, features, mode="max", include_pad=True):
    """The first case (in the check's order) where ``fn`` and pool2d differ, found here."""
    n_args = 4 if "padding" in features else 3
    for case in _cases(features, mode):
        want = pool2d(case.x, case.k, case.s, case.p, mode=mode, count_include_pad=include_pad)
        try:
            got = np.asarray(fn(case.x.copy(), *case.args[: n_args - 1]), dtype=float)
        except Exception:  # noqa: BLE001
            return case
        if got.shape != want.shape or not np.allclose(got, want):
            return case
    return None


# -- right answers -----------------------------------------------------------------


@pytest.mark.parametrize("step", list(IMPLEMENTATION_STEPS))
def test_a_right_implementation_passes_every_step_and_is_recorded(step, progress_file):
    fn = vector_pool if step == "9.5" else loop_pool
    feedback = check_implementation(fn, features=IMPLEMENTATION_STEPS[step])
    assert feedback.ok, feedback.message
    assert feedback.part == step
    count = len(_cases(IMPLEMENTATION_STEPS[step], "max"))
    assert f"all {count:,} cases" in feedback.message
    assert step in json.loads(progress_file.read_text())["parts"]


@pytest.mark.parametrize("mode", ["avg", "min"])
@pytest.mark.parametrize("include_pad", [True, False])
def test_other_modes_pass_with_a_right_implementation(mode, include_pad):
    def right(x, k, s, p):
        divisor = k * k if include_pad else None
        return loop_pool(x, k, s, p, mode=mode, divisor=divisor)

    feedback = check_implementation(right, mode, PADDING, count_include_pad=include_pad)
    assert feedback.ok, feedback.message
    assert feedback.part == ""  # only the max steps of notebook 09 are parts


def test_cases_go_from_small_to_large_with_simple_arguments_first():
    cases = _cases(CHANNELS, "max")
    sizes = [case.x.size for case in cases]
    assert sizes == sorted(sizes)
    assert cases[0].x.shape == (1, 1) and cases[0].args == (1, 1, 0)
    assert {case.x.ndim for case in cases} == {2, 3, 4}
    assert all(case.p <= case.k // 2 for case in cases)
    assert all(np.abs(case.x).max() <= 9 and case.x.dtype.kind == "i" for case in cases)
    # seeded: the same cases every time
    again = _cases(CHANNELS, "max")
    assert all(np.array_equal(a.x, b.x) for a, b in zip(cases, again, strict=True))
    # max pooling also gets all-negative maps, where a zero would win
    assert any(case.x.max() < 0 and case.p > 0 for case in cases if case.x.size == 1)


# -- each mistake: its smallest case and its hint --------------------------------------


def ceil_size(k, s):
    """Rounded up, keeping only windows that start inside the map (as PyTorch's ceil mode)."""
    return lambda n: min(-(-(n - k) // s) + 1, (n - 1) // s + 1)


MISTAKES = [
    (
        "output one window too big (ceil)",
        lambda x, k, s: loop_pool(x, k, s, size=ceil_size(k, s), fill=-np.inf),
        STRIDE,
        "one window too many",
    ),
    (
        "output one window short",
        lambda x, k, s: loop_pool(x, k, s, size=lambda n: max((n - k) // s, 0)),
        STRIDE,
        "one window short",
    ),
    (
        "padding picked by max",
        lambda x, k, s, p: loop_pool(x, k, s, p, fill=0.0),
        PADDING,
        "max picked a padding cell",
    ),
    (
        "stride ignored",
        lambda x, k, s: loop_pool(x, k, 1),
        STRIDE,
        "stride looks ignored",
    ),
    (
        "windows step by the kernel size",
        lambda x, k, s: loop_pool(x, k, k),
        STRIDE,
        "stride looks ignored",  # its smallest case has kernel_size=1: the same as stride 1
    ),
    (
        "padding ignored",
        lambda x, k, s, p: loop_pool(x, k, s, 0),
        PADDING,
        "padding looks ignored",
    ),
    (
        "running max starts at zero",
        lambda x, k, s: loop_pool(x, k, s, start=0.0),
        STRIDE,
        "running max starts at 0",
    ),
    (
        "average instead of max",
        lambda x, k, s: loop_pool(x, k, s, mode="avg"),
        STRIDE,
        "your output is average pooling",
    ),
    (
        "rows and columns swapped",
        lambda x, k, s: loop_pool(x, k, s).swapaxes(-1, -2),
        STRIDE,
        "rows and columns are swapped",
    ),
    (
        "only the first channel",
        lambda x, k, s, p: loop_pool(x, k, s, p)[(0,) * (np.ndim(x) - 2)],
        CHANNELS,
        "pooled only the first map",
    ),
]


@pytest.mark.parametrize(
    ("fn", "features", "hint"),
    [m[1:] for m in MISTAKES],
    ids=[m[0] for m in MISTAKES],
)
def test_each_mistake_gets_its_smallest_case_and_hint(fn, features, hint):
    feedback = check_implementation(fn, features=features)
    assert not feedback.ok
    assert hint in feedback.message
    smallest = first_failure(fn, features)
    assert smallest is not None
    assert smallest.words() in feedback.message
    # nothing smaller fails: every case with fewer cells than the one shown passes
    smaller = [c for c in _cases(features, "max") if c.x.size < smallest.x.size]
    assert not any(first_failure_on(fn, features, c) for c in smaller)
    page = feedback._repr_html_()
    assert "Smallest case where it goes wrong" in page
    assert page.count("<figure") == 3
    assert "expected: <code>pool2d</code>" in page


def first_failure_on(fn, features, case):
    n_args = 4 if "padding" in features else 3
    want = pool2d(case.x, case.k, case.s, case.p)
    try:
        got = np.asarray(fn(case.x.copy(), *case.args[: n_args - 1]), dtype=float)
    except Exception:  # noqa: BLE001
        return True
    return got.shape != want.shape or not np.allclose(got, want)


def test_windows_that_step_by_the_kernel_size_are_named_when_the_case_tells_them_apart():
    x = np.arange(-12, 13).reshape(5, 5)
    case = _Case(x, 2, 1, 0)
    got = pool2d(x, 2, 2).astype(float)
    assert "move by kernel_size, not by stride" in _hint(case, got, pool2d(x, 2, 1), "max", True)


def test_padding_picked_by_max_is_shown_on_a_one_cell_negative_map():
    feedback = check_implementation(
        lambda x, k, s, p: loop_pool(x, k, s, p, fill=0.0), "max", PADDING
    )
    assert "on a 1x1 map, x = [[-" in feedback.message
    assert "padding=1" in feedback.message
    assert "your output is [[0" in feedback.message
    assert ">pad</td>" in feedback.details_html  # padding drawn around the input
    assert "outlined: the window of the first difference" in feedback.details_html


def test_min_pooling_with_zero_padding_gets_the_min_hint():
    feedback = check_implementation(
        lambda x, k, s, p: loop_pool(x, k, s, p, mode="min", fill=0.0), "min", PADDING
    )
    assert "min picked a padding cell" in feedback.message
    assert "+np.inf" in feedback.message


@pytest.mark.parametrize("include_pad", [False, True])
def test_average_over_the_wrong_count_of_padded_cells(include_pad):
    # the learner does the opposite of what the check asks
    wrong_divisor = None if include_pad else 4

    def wrong(x, k, s, p):
        return loop_pool(x, k, s, p, mode="avg", divisor=(k * k) if not include_pad else None)

    del wrong_divisor
    feedback = check_implementation(wrong, "avg", PADDING, count_include_pad=include_pad)
    assert not feedback.ok
    if include_pad:
        assert "mean skipped the padded cells" in feedback.message
    else:
        assert "mean was taken over padded cells too" in feedback.message
    assert "padding=1" in feedback.message


def test_padding_twice_gets_the_infinity_hint():
    def twice(x, k, s, p):
        padded = np.pad(np.asarray(x, float), p, constant_values=-np.inf)
        return loop_pool(padded, k, s, p)

    feedback = check_implementation(twice, features=PADDING)
    assert "-inf in your output: a window held only padding" in feedback.message
    assert "padding=1" in feedback.message


def test_integer_averages_get_the_dtype_hint():
    feedback = check_implementation(
        lambda x, k, s: loop_pool(x, k, s, mode="avg", out_dtype=np.int64), "avg", STRIDE
    )
    assert "cut to whole numbers" in feedback.message


def test_a_difference_no_pattern_explains_names_the_cell_and_its_window():
    def odd(x, k, s):
        out = loop_pool(x, k, s)
        if out.size >= 4:
            out[-1, -1] += 100
        return out

    feedback = check_implementation(odd, features=STRIDE)
    assert "Hint" not in feedback.message
    assert re.search(r"out\[\d, \d\] is \d+ but pool2d gives -?\d+", feedback.message)
    assert re.search(r"from the window at rows? -?\d", feedback.message)
    assert "outline:3px solid" in feedback.details_html  # the differing cell is marked


# -- functions that misbehave ----------------------------------------------------------


def test_a_function_that_raises_is_reported_with_its_line():
    def broken(x, kernel_size, stride):
        return x[kernel_size * 10, 0]  # IndexError

    feedback = check_implementation(broken)
    assert not feedback.ok
    assert "broken raised IndexError" in feedback.message
    assert "in line" in feedback.message and "x[kernel_size * 10, 0]" in feedback.message
    assert "on a 1x1 map" in feedback.message


def test_two_d_code_on_a_stack_gets_the_leading_axes_hint():
    def only_2d(x, k, s, p):
        h, w = x.shape
        return loop_pool(x.reshape(h, w), k, s, p)

    feedback = check_implementation(only_2d, features=CHANNELS)
    assert "raised ValueError" in feedback.message
    assert "x.shape[-2:]" in feedback.message
    assert "(C, H, W) stack of shape (1, 1, 1)" in feedback.message


def test_a_list_is_reported_and_right_values_said_so():
    feedback = check_implementation(lambda x, k, s: loop_pool(x, k, s).tolist())
    assert not feedback.ok
    assert "returned a list" in feedback.message
    assert "the values are right" in feedback.message


def test_a_huge_answer_is_described_not_drawn():
    feedback = check_implementation(lambda x, k, s: np.zeros((50, 50)))
    assert "returned shape (50, 50), pool2d gives (1, 1)" in feedback.message
    assert "too large to draw" in feedback.details_html
    assert len(feedback.details_html) < 20_000


def test_a_number_is_not_an_array():
    feedback = check_implementation(lambda x, k, s: float(x.max()))
    assert "returned a single number (float)" in feedback.message


def test_an_array_of_text_is_reported():
    feedback = check_implementation(lambda x, k, s: np.array([["a"]]))
    assert "dtype <U1" in feedback.message


def test_a_complex_array_is_reported_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        feedback = check_implementation(lambda x, k, s: loop_pool(x, k, s) + 0j)
    assert "dtype complex128" in feedback.message


def test_a_wrong_output_that_also_changed_its_input_says_both():
    def both(x, k, s):
        x *= 2
        return loop_pool(x, k, s)

    feedback = check_implementation(both)
    assert "differs from pool2d" in feedback.message
    assert "also changed its input x: after the call x is [[2]]." in feedback.message
    assert "see below" not in feedback.message
    assert "x after the call" in feedback.details_html


def test_a_changed_input_is_described_in_the_plain_text():
    def in_place(x, k, s):
        out = loop_pool(x, k, s)
        x[...] = 0
        return out

    feedback = check_implementation(in_place)
    assert "after the call x is [[0]] (it gives the right output" in feedback.message
    assert "after the call x is [[0]]" in str(feedback)


def test_a_changed_large_input_names_how_many_cells_and_the_first():
    def in_place_on_large_maps(x, k, s):
        out = loop_pool(x, k, s)
        if x.size > 16:
            x[1, 2] += 5
            x[-1, -1] -= 1
        return out

    feedback = check_implementation(in_place_on_large_maps)
    assert not feedback.ok
    rows, cols = (int(n) for n in re.search(r"on a (\d+)x(\d+) map", feedback.message).groups())
    assert rows * cols > 16
    changed = re.search(
        r"2 of its (\d+) cells changed, the first x\[1, 2\] from (-?\d+) to (-?\d+)",
        feedback.message,
    )
    assert changed is not None, feedback.message
    assert int(changed[1]) == rows * cols
    assert int(changed[3]) - int(changed[2]) == 5


def test_none_means_not_answered_yet():
    def my_pool(x, kernel_size, stride):
        """The learners' placeholder."""
        return None

    feedback = check_implementation(my_pool)
    assert not feedback.ok
    assert "returned None" in feedback.message and "..." not in feedback.message
    assert feedback.part == "9.1"
    assert feedback.details_html == ""


@pytest.mark.parametrize("junk", [None, ..., np.zeros((2, 2)), "my_pool", 3])
def test_no_function_at_all_never_raises(junk):
    feedback = check_implementation(junk)
    assert not feedback.ok
    assert ("no function yet" in feedback.message) or ("function itself" in feedback.message)


def test_the_wrong_signature_is_named():
    def two_args(x, size):
        return loop_pool(x, size, size)

    feedback = check_implementation(two_args, features=PADDING)
    assert "fn(x, kernel_size, stride, padding)" in feedback.message
    assert "two_args(x, size)" in feedback.message


def test_a_function_that_changes_its_input_is_reported():
    def in_place(x, k, s):
        out = loop_pool(x, k, s)
        x[...] = 0
        return out

    feedback = check_implementation(in_place)
    assert not feedback.ok
    assert "changed its input x" in feedback.message
    assert "x after the call" in feedback.details_html


def test_a_function_that_sleeps_past_the_limit_is_stopped():
    def slow(x, k, s):
        time.sleep(1.0)
        return loop_pool(x, k, s)

    t0 = time.perf_counter()
    feedback = check_implementation(slow, time_limit=0.2)
    assert time.perf_counter() - t0 < 0.9
    assert "took longer than 0.2 s" in feedback.message
    assert "on a 1x1 map" in feedback.message


def test_an_endless_loop_that_catches_exceptions_is_still_stopped():
    def endless(x, k, s):
        while True:
            try:
                pass
            except Exception:  # noqa: BLE001, S110 - the learner's habit
                pass

    feedback = check_implementation(endless, time_limit=0.2)
    assert "took longer than 0.2 s" in feedback.message


def test_off_the_main_thread_a_hang_is_stopped_too():
    def endless(x, k, s):
        while True:
            pass

    answers = []
    runner = threading.Thread(
        target=lambda: answers.append(check_implementation(endless, time_limit=0.2))
    )
    before = threading.active_count()
    runner.start()
    runner.join(10)
    assert answers and "took longer than 0.2 s" in answers[0].message
    deadline = time.time() + 5
    while threading.active_count() > before and time.time() < deadline:
        time.sleep(0.05)
    assert threading.active_count() == before  # the endless worker was stopped


def test_off_the_main_thread_a_sleeping_function_leaves_stdout_alone():
    def sleepy(x, k, s):
        time.sleep(1.0)
        print("woke up")

    before = sys.stdout
    answers = []
    runner = threading.Thread(
        target=lambda: answers.append(check_implementation(sleepy, time_limit=0.2))
    )
    runner.start()
    runner.join(10)
    assert "took longer than 0.2 s" in answers[0].message
    assert sys.stdout is before  # still redirected while the worker sleeps would lose output


def test_prints_and_warnings_of_the_learner_are_captured(capsys):
    def chatty(x, k, s):
        print("window", k)
        np.mean(np.array([]))  # RuntimeWarning: Mean of empty slice
        return loop_pool(x, k, s) + 1

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        feedback = check_implementation(chatty)
    assert caught == []
    assert capsys.readouterr().out == ""
    assert "Your function printed" in feedback.details_html
    assert "window 1" in feedback.details_html
    assert "Mean of empty slice" in feedback.details_html


def test_the_answer_is_the_same_every_time():
    fn = MISTAKES[0][1]
    first = check_implementation(fn, features=STRIDE)
    second = check_implementation(fn, features=STRIDE)
    assert first.message == second.message
    assert first.details_html == second.details_html


# -- the vectorised step -------------------------------------------------------------


def test_loops_over_output_cells_are_not_vectorised():
    feedback = check_implementation(loop_pool, features=VECTORISED)
    assert not feedback.ok
    assert "not vectorised yet" in feedback.message
    assert "on an 8x8 map" in feedback.message


def test_a_loop_over_rows_only_is_not_vectorised_either():
    def row_loop(x, k, s, p):
        x = np.pad(
            np.asarray(x, float), [(0, 0)] * (x.ndim - 2) + [(p, p)] * 2, constant_values=-np.inf
        )
        windows = sliding_window_view(x, (k, k), axis=(-2, -1))[..., ::s, ::s, :, :]
        rows = []
        for i in range(windows.shape[-4]):
            rows.append(windows[..., i, :, :, :].max(axis=(-2, -1)))
        return np.stack(rows, axis=-2)

    feedback = check_implementation(row_loop, features=VECTORISED)
    assert "right on every case but not vectorised yet" in feedback.message


def test_a_loop_over_window_offsets_is_vectorised():
    def offsets(x, k, s, p):
        x = np.pad(
            np.asarray(x, float), [(0, 0)] * (x.ndim - 2) + [(p, p)] * 2, constant_values=-np.inf
        )
        oh = (x.shape[-2] - k) // s + 1
        ow = (x.shape[-1] - k) // s + 1
        out = np.full(x.shape[:-2] + (oh, ow), -np.inf)
        for di in range(k):
            for dj in range(k):
                part = x[..., di : di + s * (oh - 1) + 1 : s, dj : dj + s * (ow - 1) + 1 : s]
                np.maximum(out, part, out=out)
        return out

    feedback = check_implementation(offsets, features=VECTORISED)
    assert feedback.ok, feedback.message
    assert "It is vectorised" in feedback.message


def test_calling_coursekit_itself_is_not_an_answer():
    feedback = check_implementation(lambda x, k, s, p: pool2d(x, k, s, p), features=VECTORISED)
    assert not feedback.ok
    assert "answer key" in feedback.message


# -- the notebook's call mistakes --------------------------------------------------------


def test_unknown_features_are_named():
    with pytest.raises(
        ValueError, match=r"`features` must name features from .*'strides'.*did you mean 'stride'"
    ):
        check_implementation(loop_pool, features=("loops", "strides"))
    with pytest.raises(TypeError, match=r"`features` must be a feature name or a tuple"):
        check_implementation(loop_pool, features=3)
    with pytest.raises(ValueError, match=r"`mode` must be one of"):
        check_implementation(loop_pool, mode="mean")
    with pytest.raises(
        ValueError, match=r"`time_limit` must be a positive number of seconds; got 0"
    ):
        check_implementation(loop_pool, time_limit=0)


def test_features_and_parts_agree():
    assert list(IMPLEMENTATION_STEPS) == list(IMPLEMENTATION_PARTS)
    for features in IMPLEMENTATION_STEPS.values():
        assert set(features) <= set(FEATURES)
    assert check_implementation(loop_pool, features="stride").part == "9.2"


# -- timing ---------------------------------------------------------------------


def test_time_pooling_times_each_function():
    x = np.arange(64.0).reshape(8, 8)
    times = time_pooling(
        {"loops": loop_pool, "vectorised": vector_pool, "pool2d": pool2d}, x, 2, repeat=2
    )
    assert list(times) == ["loops", "vectorised", "pool2d"]
    assert all(math.isfinite(t) and t > 0 for t in times.values())
    assert times["loops"] > times["pool2d"]  # 16 Python iterations against none


# -- the learner's function cannot hang or crash the check (issue 12, item 6) -----------


def _bare_except_loop(x, kernel_size, stride):
    while True:
        try:
            time.sleep(0.01)
        except:  # noqa: E722 - the learner's mistake under test
            pass


class _LearnersBase(BaseException):
    pass


class _UnprintableError(Exception):
    def __str__(self):
        raise RuntimeError("no str")


class _NoFloat:
    def __float__(self):
        raise RuntimeError("no float")


def _raises_base(x, kernel_size, stride):
    raise _LearnersBase("stop")


def _raises_unprintable(x, kernel_size, stride):
    raise _UnprintableError()


def _returns_huge(x, kernel_size, stride):
    return np.broadcast_to(0.0, (10**6, 10**6))


def _returns_objects(x, kernel_size, stride):
    return np.array([[_NoFloat()]], dtype=object)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the child process needs fork")
def test_a_bare_except_in_a_loop_cannot_hang_the_check():
    start = time.perf_counter()
    feedback = check_implementation(_bare_except_loop, part="", time_limit=0.3)
    assert not feedback.ok and "took longer than 0.3 s" in feedback.message
    assert time.perf_counter() - start < 20  # the limit plus a 1 s grace, on a loaded machine


@pytest.mark.parametrize(
    "fn, words",
    [
        (_raises_base, "raised _LearnersBase"),
        (_raises_unprintable, "could not be shown"),
        (_returns_huge, "returned an array of 1,000,000,000,000 values"),
        (_returns_objects, "dtype object"),
    ],
)
def test_anything_returned_or_raised_is_answered_with_a_message(fn, words):
    feedback = check_implementation(fn, part="")
    assert not feedback.ok and words in feedback.message, feedback.message


def test_a_tensor_that_requires_grad_is_answered_with_a_message():
    torch = pytest.importorskip("torch")

    def returns_tensor(x, kernel_size, stride):
        return torch.zeros((1, 1), requires_grad=True)

    feedback = check_implementation(returns_tensor, part="")
    assert not feedback.ok and "Tensor" in feedback.message


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the child process needs fork")
def test_a_function_that_ends_its_process_is_answered():
    def leaves(x, kernel_size, stride):
        __import__("os")._exit(3)

    feedback = check_implementation(leaves, part="")
    assert not feedback.ok and "stopped the process" in feedback.message


def test_the_check_runs_in_the_kernel_without_fork(monkeypatch):
    monkeypatch.setenv("COURSEKIT_NO_FORK", "1")
    feedback = check_implementation(_raises_base, part="")
    assert not feedback.ok and "raised _LearnersBase" in feedback.message


def test_coursekits_own_pool2d_is_not_accepted_as_an_answer_in_any_step():
    for step, features in IMPLEMENTATION_STEPS.items():

        def answer_key(x, *args):
            return pool2d(x, *args)

        feedback = check_implementation(answer_key, features=features, part="")
        assert not feedback.ok and "answer key" in feedback.message, step
