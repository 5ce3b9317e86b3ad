"""A notebook's side question: self_check accepts the right answer, rejects wrong ones,
never leaks the expected value or its shape, never raises and never hangs."""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np

from coursekit import ANCHOR, pool2d, self_check


def test_accepts_right_answers():
    assert self_check([[20, 11], [10, 18]], pool2d(ANCHOR, 2)).ok
    assert self_check([[55 / 4, 25 / 4], [27 / 4, 53 / 4]], pool2d(ANCHOR, 2, mode="avg")).ok
    assert self_check(10, 10.0, right="yes").message == "yes"
    assert self_check([1], 1).ok  # a one-item list counts as the number it holds


def test_placeholders_are_not_answers_and_no_prefix_is_doubled():
    for placeholder in (..., None):
        fb = self_check(placeholder, pool2d(ANCHOR, 2))
        assert not fb.ok
        assert str(fb).startswith("Not yet: ")
        assert "Not yet: Not" not in str(fb) and "Not quite" not in str(fb)


def test_wrong_answers_get_hints_without_the_answer_or_its_shape():
    expected = pool2d(ANCHOR, 2)
    fb = self_check([[20, 11], [10, 16]], expected, hint="Look again.")
    assert not fb.ok and "1 of 4 values differ" in fb.message
    assert "18" not in fb.message
    shape = self_check([20, 11, 10, 18], expected)
    assert not shape.ok and "(2, 2)" not in shape.message
    assert not self_check("twenty", 20).ok
    assert not self_check(np.nan, 1.0).ok


def test_a_hint_ending_in_a_question_mark_gets_no_extra_full_stop():
    assert self_check(2, 1, hint="where does it end?").message == "where does it end?"
    fb = self_check([[1, 2], [3, 4]], [[1, 2], [3, 5]], hint="which value is largest?")
    assert fb.message == "which value is largest? (1 of 4 values differ)."


def test_text_truth_values_and_dates_are_not_numbers():
    for answer in (True, np.True_, "1", b"1", ["1"], [[1, True]], np.array([True])):
        fb = self_check(answer, 1 if np.ndim(answer) == 0 else [1] * np.size(answer))
        assert not fb.ok, answer
    assert "without quotes" in self_check("1", 1).message
    assert "True/False" in self_check(True, 1).message
    assert not self_check(np.datetime64(1, "D"), 1).ok
    assert not self_check(np.timedelta64(1, "D"), 1).ok


def test_odd_answers_never_raise():
    ragged = self_check([[20], [1, 2]], pool2d(ANCHOR, 3, stride=3))
    assert not ragged.ok and "same length" in ragged.message
    assert "complex" in self_check(1j, 1).message
    assert "complex" in self_check(np.array([1 + 0j]), [1]).message
    for answer in ({"a": 1}, object(), 10**400, [[1], 2], float("inf")):
        fb = self_check(answer, 1)
        assert not fb.ok and fb.message


def test_a_list_that_contains_itself_is_answered_at_once():
    code = (
        "from coursekit import self_check\n"
        "a = []\na.append(a)\nb = [1]\nb.append(b)\n"
        "print(self_check(a, 1).ok, self_check(b, [1, 1]).ok)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "False"]


def test_large_answers_are_judged_by_size_first():
    # Generous bound (< 2 s) for a loaded machine; the budget is 0.5 s.
    for answer in (
        np.zeros((5000, 5000)),
        [[0] * 2000 for _ in range(2000)],
        np.broadcast_to(np.array(0, dtype=object), (10**4, 10**4)),
        np.broadcast_to(0.0, (10**6, 10**6)),
    ):
        start = time.perf_counter()
        assert not self_check(answer, 1).ok
        assert time.perf_counter() - start < 2.0
