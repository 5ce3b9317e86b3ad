"""check_beyond: right answers in any form pass, wrong ones get a hint, junk never raises."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import ANCHOR, adaptive_bounds, blur_filter, output_size, pool2d_backward
from coursekit.checks.beyond import GRAD_OUT
from coursekit.checks.exercise import check_beyond
from coursekit.checks.registry import BEYOND_PARTS

RIGHT = {
    "15": [
        pool2d_backward(ANCHOR, GRAD_OUT, 2, mode="avg"),
        pool2d_backward(ANCHOR, GRAD_OUT, 2, mode="avg").tolist(),
        np.kron(GRAD_OUT, np.ones((2, 2))) / 4,
    ],
    "16": [output_size(14, 5, 2, 2, ceil_mode=True), 8.0, np.int64(8), np.array(8)],
    "17": [adaptive_bounds(7, 3), ([0, 2, 4], [3, 5, 7]), [(0, 2, 4), (3, 5, 7)]],
    "18": [blur_filter(3), (np.outer([1, 2, 1], [1, 2, 1]) / 16).tolist()],
    "19": [73856, 73856.0, np.int32(73856)],
    "20": [(1024, 16), [1024, 16], np.array([1024, 16])],
}

WRONG = {
    "15": [
        (pool2d_backward(ANCHOR, GRAD_OUT, 2), "max pooling's gradient"),
        (np.kron(GRAD_OUT, np.ones((2, 2))), "did you divide"),
        (np.full((4, 4), 0.25), "add up"),
        (np.ones((2, 2)), "shape"),
        (np.kron(GRAD_OUT[::-1], np.ones((2, 2))) / 4, "which window"),
    ],
    "16": [(6, "padding"), (6.0, "padding"), (7, "ceil"), (7, "+ 1"), (7.5, "whole number")],
    "17": [
        (([0, 2, 4], [2, 4, 6]), "exclusive"),
        (([0, 2, 4], [2, 4, 7]), "the ends use ceil"),
        (([0, 2, 5], [3, 5, 7]), "starts"),
        (([0, 1, 2], [1, 2, 3]), "floor"),
    ],
    "18": [
        (np.outer([1, 2, 1], [1, 2, 1]), "normalise"),
        ([0.25, 0.5, 0.25], "outer product"),
        (np.ones((3, 3)) / 9, "Pascal"),
        (np.ones((4, 4)), "3x3"),
        (np.outer([1, 2, 1], [1, 2, 1]) / 16 + 1e-7, "not exact"),
        (np.round(np.outer([1, 2, 1], [1, 2, 1]) / 16, 3), "not exact"),
        (-np.outer([1, 2, 1], [1, 2, 1]) / 16, "normalise"),
    ],
    "19": [(73728, "bias"), (8192, "3x3 filter"), (1, "weights")],
    "20": [
        ((16, 1024), "wrong way round"),
        ((1024, 256), "one number per channel"),
        ((4096, 16), "pooled"),
        ((256, 16), "8x8"),
    ],
}

JUNK = [
    None,
    ...,
    "seven",
    b"x",
    [[1, 2], [3]],
    float("nan"),
    float("inf"),
    10**400,
    [],
    np.array([]),
    object(),
    {"a": 1},
    True,
    (1, 2, 3),
    lambda: 7,
]


@pytest.mark.parametrize("part", list(BEYOND_PARTS))
def test_right_answers_pass(part):
    for answer in RIGHT[part]:
        fb = check_beyond(part, answer)
        assert fb.ok is True and fb.message, (part, answer)


@pytest.mark.parametrize("part", list(BEYOND_PARTS))
def test_wrong_answers_get_a_specific_hint(part):
    for answer, words in WRONG[part]:
        fb = check_beyond(part, answer)
        assert fb.ok is False, (part, answer)
        assert words in fb.message, (part, answer, fb.message)


@pytest.mark.parametrize("part", list(BEYOND_PARTS))
def test_junk_never_raises(part):
    for answer in JUNK:
        fb = check_beyond(part, answer)
        assert fb.ok is False and isinstance(fb.message, str) and fb.message


def test_messages_do_not_give_the_answer_away():
    assert "73856" not in check_beyond("19", 73728).message
    for slip in (5, 6, 7, 9):
        assert "8" not in check_beyond("16", slip).message
    assert "1024" not in check_beyond("20", (4096, 16)).message


def test_unanswered_and_unknown_part():
    assert "no answer yet" in check_beyond("15", ...).message
    assert "no answer yet" in check_beyond("17", (..., ...)).message
    assert "no answer yet" in check_beyond("20", (1024, ...)).message
    with pytest.raises(ValueError, match=r"`part` must be one of '00', .*'20'; got '21'"):
        check_beyond("21", 1)
    with pytest.raises(ValueError, match=r"`part` must be one of"):
        check_beyond(True, 1)
    assert check_beyond(19, 73856).ok  # the lesson number as an int is fine


def test_lesson_16_slips_are_told_apart():
    """Each usual slip gives its own number, and each number gets its own hint."""
    import math

    from coursekit.checks.beyond import _Q16

    n, k, s, p = _Q16
    right = output_size(n, k, stride=s, padding=p, ceil_mode=True)
    floor_mode = output_size(n, k, stride=s, padding=p)
    no_plus_one = math.ceil((n + 2 * p - k) / s)
    no_padding = output_size(n, k, stride=s, ceil_mode=True)
    # ceil mode matters: floor gives one window fewer, and the last window of the
    # ceil-mode answer still starts inside the input, so PyTorch's rule keeps it
    assert floor_mode == right - 1
    assert (right - 1) * s - p < n
    # forgetting the padding is told apart from the other slips
    assert no_padding not in (right, floor_mode, no_plus_one)
    assert no_plus_one != right
    for slip in (floor_mode, no_plus_one):
        message = check_beyond("16", slip).message
        assert "ceil" in message and "+ 1" in message and "padding" not in message
    message = check_beyond("16", no_padding).message
    assert "padding adds p cells" in message and "+ 1" not in message
    assert "right padding" in check_beyond("16", right + 1).message


def test_15_accepts_what_the_lessons_rel_error_calls_correct():
    """Lesson 15 calls a gradient correct when rel_error (cell by cell) is below 1e-6;
    the check agrees, also where the largest cell carries all of the error."""
    from coursekit import rel_error

    want = pool2d_backward(ANCHOR, GRAD_OUT, 2, mode="avg")
    close = want.copy()
    at = np.unravel_index(np.abs(want).argmax(), want.shape)
    close[at] += 1.8e-6 * abs(want[at])
    assert rel_error(close, want) < 1e-6
    assert check_beyond("15", close).ok
    far = want.copy()
    far[at] += 1e-3 * abs(want[at])
    assert rel_error(far, want) > 1e-6 and not check_beyond("15", far).ok
