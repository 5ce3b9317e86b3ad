"""The lessons' self-check: accepts the right answer, rejects wrong ones, never leaks."""

from __future__ import annotations

import numpy as np

from coursekit import ANCHOR, pool2d, self_check


def test_accepts_right_answers():
    assert self_check([[20, 11], [10, 18]], pool2d(ANCHOR, 2)).ok
    assert self_check([[55 / 4, 25 / 4], [27 / 4, 53 / 4]], pool2d(ANCHOR, 2, mode="avg")).ok
    assert self_check(10, 10.0, right="yes").message == "yes"


def test_placeholders_are_not_answers():
    for placeholder in (..., None):
        fb = self_check(placeholder, pool2d(ANCHOR, 2))
        assert not fb.ok and "Not answered yet" in fb.message


def test_wrong_answers_get_hints_without_the_answer():
    expected = pool2d(ANCHOR, 2)
    fb = self_check([[20, 11], [10, 16]], expected, hint="Look again.")
    assert not fb.ok and "1 of 4 values differ" in fb.message
    assert "18" not in fb.message
    shape = self_check([20, 11, 10, 18], expected)
    assert not shape.ok and "(4,)" in shape.message and "(2, 2)" in shape.message
    assert not self_check("twenty", 20).ok
    assert not self_check(np.nan, 1.0).ok
