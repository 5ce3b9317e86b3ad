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


def test_text_and_truth_values_are_not_numbers():
    for answer in (True, np.True_, "1", b"1", ["1"], [[1, True]], np.array([True])):
        fb = self_check(answer, 1 if np.ndim(answer) == 0 else [1] * np.size(answer))
        assert not fb.ok, answer
        assert "not text" in fb.message or "truth value" in fb.message
    assert "Write it without quotes" in self_check("1", 1).message
    assert "Write the number itself" in self_check(True, 1).message
    # A truth-value answer is fine when the expected result is itself a mask.
    assert self_check([True, False], np.array([True, False])).ok


def test_odd_answers_never_raise():
    ragged = self_check([[20], [1, 2]], pool2d(ANCHOR, 3, stride=3))
    assert not ragged.ok and "different lengths" in ragged.message
    assert "complex" in self_check(1j, 1).message
    assert "complex" in self_check(np.array([1 + 0j]), [1]).message
    for answer in ({"a": 1}, object(), 10**400, [[1], 2], float("inf")):
        fb = self_check(answer, 1)
        assert not fb.ok and fb.message.startswith("Not quite")
