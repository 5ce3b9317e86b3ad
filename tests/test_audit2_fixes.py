"""Regression tests for the learner-walkthrough audit 2 (/work/audit/report2.md).

One test (or a few) per bug of the audit's ranked list; each names the audit's id.
"""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest

from coursekit import check, check_beyond, hint, self_check, solution
from coursekit.checks import exercise, store
from coursekit.checks.registry import REGISTRY


@pytest.fixture(autouse=True)
def _private_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.setattr(store, "_tried", set())
    monkeypatch.setattr(exercise, "_hints_shown", {})
    module = sys.modules["coursekit.checks.store"]
    monkeypatch.setattr(module, "_session", {})


def _code_values(text: str):
    """The ``name = expr   # value`` lines of a worked solution: (expr, value)."""
    for line in text.splitlines():
        m = re.match(r"\s{4}\w+ = (.+?)\s+#\s*(-?[\d.]+)\s*$", line)
        if m:
            yield m.group(1), m.group(2)


# -- S1: lesson 08's worked solution answers the question asked ---------------------------


def test_s1_lesson_08_solution_and_hints_answer_five_pools_of_512():
    check("08", 0)
    shown = solution("08")
    assert "Five" in shown and "1024" in shown and "256 pixels" not in shown
    for expr, value in _code_values(shown):
        assert check("08", eval(expr)).ok, expr  # noqa: S307 - our own solution text
        assert check("08", float(value)).ok
    assert not check("08", 256).ok
    for text in REGISTRY["08"].hints:
        assert "four" not in text.lower()


@pytest.mark.parametrize("part", [p for p, e in REGISTRY.items() if e.kind != "build"])
def test_s1_every_worked_solution_code_value_is_accepted(part):
    for expr, _value in _code_values(REGISTRY[part].solution):
        try:
            got = eval(expr, {"np": np})  # noqa: S307 - our own solution text
        except Exception:  # noqa: BLE001 - a line that needs the notebook's names
            continue
        if np.isscalar(got):
            assert check(part, got).ok, (part, expr)


# -- C1: hostile list and tuple subclasses are answered, never raised -----------------------


class _BadLen(list):
    def __len__(self):
        raise RuntimeError("len")


class _BadIter(list):
    def __iter__(self):
        raise RuntimeError("iter")


class _BadLenTuple(tuple):
    def __len__(self):
        raise RuntimeError("len")


@pytest.mark.parametrize("part", list(REGISTRY))
def test_c1_list_subclass_whose_len_or_iter_raises_never_raises(part):
    for answer in (_BadLen([1]), _BadIter([1]), _BadLenTuple((1, 2))):
        feedback = check(part, answer)
        assert not feedback.ok and str(feedback).startswith(f"Not yet [{part}]: ")


def test_c1_check_beyond_and_self_check_never_raise_on_hostile_lists():
    for answer in (_BadLen([1]), _BadIter([1]), _BadLenTuple((1, 2))):
        assert not check_beyond("15", answer).ok
        feedback = self_check(answer, 1)
        assert not feedback.ok and "could not be read" in feedback.message


def test_m8_many_placeholders_or_one_inside_a_row_mean_not_answered():
    for part, answer in (("1a", [...] * 20), ("17", ([0, 2, ...], [3, 5, 7]))):
        assert "no answer yet" in check(part, answer).message
    assert "no answer yet" in str(solution("1a")) or "Try part 1a first" in solution("1a")


# -- W3 / M2: 3c accepts the ratio and its roundings only ----------------------------------


@pytest.mark.parametrize("answer", [1290 / 90, 14.3, 14.33, 14.333, 43 / 3, np.float32(1290 / 90)])
def test_w3_3c_accepts_the_ratio_and_its_natural_roundings(answer):
    assert check("3c", answer).ok


@pytest.mark.parametrize("answer", [14.4, 1291 / 90, 1290 / 91, 1290 / 89, 14.26])
def test_w3_3c_rejects_near_misses_without_calling_them_roundings(answer):
    feedback = check("3c", answer)
    assert not feedback.ok and "rounded" not in feedback.message


def test_m2_3c_whole_number_is_told_it_is_rounded_too_much():
    assert "rounded too much" in check("3c", 14).message


# -- M1, M3, M6, M7, M8: message slips -----------------------------------------------------


def test_m1_fractional_length_message_reads_well():
    message = check("16", 8.5).message
    assert "is a whole number" not in message and "fractional part" in message


def test_m3_1d_list_of_one_text_is_told_to_drop_the_list_not_the_quotes():
    message = check("1d", ["3x3"]).message
    assert "without quotes" not in message and "text alone" in message


def test_m6_m7_grammar_of_axis_counts_and_full_stops():
    assert "1 axis;" in check("02", [5, 7, 9, 8]).message
    message = check("02", [[5, 7], [9, 6]]).message
    assert message.endswith(".") and "1 of the 4 values differs" in message
    assert "a ellipsis" not in check("1a", [1, ..., 2] * 10).message
    assert "1 axes" not in check("1b", [20]).message


# -- F1 / F2: what opens solution(): a real answer at that part, never a demo ------------


def _locked(part):
    return "Try part" in solution(part)


def test_f1_check_implementation_attempts_open_the_steps_solution():
    from coursekit import check_implementation

    def wrong(x, kernel_size, stride):
        return x[:1, :1]

    assert _locked("9.1")
    assert not check_implementation(wrong, features=("loops",)).ok
    assert not _locked("9.1")
    assert not check("9.2", wrong).ok and not _locked("9.2")


def test_f2_template_none_and_demo_calls_are_no_attempt():
    from coursekit import check_implementation

    def min_pool(x, k):
        return None  # lesson 04's template

    def pool_two_loops(x, kernel_size, stride):
        return None  # notebook 09's template

    assert "returned None" in check("04", min_pool).message and _locked("04")
    assert not check("9.2", None).ok and _locked("9.2")
    assert not check("9.1", pool_two_loops).ok and _locked("9.1")
    check_implementation(pool_two_loops, features=("loops",))
    assert _locked("9.1")
    spot = np.zeros((4, 4), dtype=int)
    spot[0, 1] = 9
    assert not check("2", (spot, np.roll(spot, 2, axis=1)), demo=True).ok and _locked("2")
    assert check("2", (spot, np.roll(spot, 1, axis=1)), demo=True).ok and _locked("2")
    from coursekit import solved

    assert not solved("2")  # a demo call is never saved
    assert not check("1a", [...] * 20).ok and _locked("1a")
    assert not check("1a", 4).ok and not _locked("1a")


def test_f2_a_function_that_returns_none_later_is_an_attempt():
    from coursekit import pool2d

    def half_done(x, k):
        return None if k != 2 else -pool2d(-x, k)

    assert not check("04", half_done).ok and not _locked("04")


# -- W1 / W2 / C3: what counts as the learner's own pooling ---------------------------------


def _sorted_min(x, k):
    from numpy.lib.stride_tricks import sliding_window_view

    w = sliding_window_view(x, (k, k))[::k, ::k]
    return np.sort(w.reshape(*w.shape[:2], -1), axis=-1)[..., 0]


def _negates_in_place(x, k):
    from coursekit import pool2d

    x *= -1
    return -pool2d(x, k)


def test_w1_04_needs_max_pooling_and_leaves_its_input_alone():
    assert "without any max pooling" in check("04", _sorted_min).message
    assert "changed the map it was given" in check("04", _negates_in_place).message


def _key_after_switching_off_the_watch(x, kernel_size, stride):
    import coursekit

    sys.setprofile(None)
    sys.settrace(None)
    return coursekit.pool2d(x, kernel_size, stride)


def _torch_pool(x, kernel_size, stride):
    import torch

    t = torch.tensor(x, dtype=torch.float64)[None, None]
    return torch.nn.functional.max_pool2d(t, kernel_size, stride)[0, 0].numpy().astype(x.dtype)


def test_w2_steps_refuse_pool2d_behind_setprofile_none_and_torchs_pooling():
    pytest.importorskip("torch")
    for fn in (_key_after_switching_off_the_watch, _torch_pool):
        feedback = check("9.1", fn)
        assert not feedback.ok and "answer key" in feedback.message, feedback.message
        assert "torch" in feedback.message  # the rule is stated


# -- C2: part 2 / 2b with maps as nested lists answer within half a second -----------------


@pytest.mark.parametrize("part", ["2", "2b"])
@pytest.mark.parametrize("side", [256, 512, 1000])
def test_c2_nested_list_maps_are_answered_fast(part, side):
    import time

    b = np.random.default_rng(0).random((side, side))
    pair = (b.tolist(), np.roll(b, 1, 1).tolist())
    unrelated = (b.tolist(), np.random.default_rng(1).random((side, side)).tolist())
    for answer in (pair, unrelated):
        start = time.perf_counter()
        feedback = check(part, answer)
        assert time.perf_counter() - start < 0.5
    if side > 256:
        assert "np.array" in feedback.message


def test_c3_a_first_import_of_torch_is_not_timed(tmp_path):
    pytest.importorskip("torch")
    import subprocess
    from pathlib import Path

    script = (
        "import numpy as np, sys\n"
        "from coursekit import check\n"
        "def min_pool(x, k):\n"
        "    import torch\n"
        "    t = -torch.tensor(x, dtype=torch.float64)[None, None]\n"
        "    return -torch.nn.functional.max_pool2d(t, k)[0, 0].numpy()\n"
        "assert 'torch' not in sys.modules\n"
        "print(check('04', min_pool))\n"
    )
    root = Path(__file__).resolve().parent.parent
    env = {"PYTHONPATH": str(root), "COURSEKIT_PROGRESS": str(tmp_path / "p.json"), "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.stdout.startswith("Correct [04]"), done.stdout + done.stderr


# -- M4: hint() called again gives the next, more specific nudge --------------------------


@pytest.mark.parametrize("part", list(REGISTRY))
def test_m4_every_part_has_a_second_hint_and_it_stays(part):
    first, second = hint(part), hint(part)
    assert first != second and len(REGISTRY[part].hints) >= 2
    assert hint(part) == second  # the last hint stays


def test_m17_lesson_00_hint_does_not_send_the_learner_to_read_the_answer():
    assert not any("read the output" in text for text in REGISTRY["00"].hints)


# -- M9, M10, M12, M13: smaller message slips ----------------------------------------------


def test_m9_m10_m12_m13_messages():
    assert "more trials" in check("4d", 13.2).message
    assert "share of the map" not in check("4c", 1).message
    message = check("2", ([[0, 9], [0, 0]], [[0, 0], [0, 0]])).message
    assert "1 of the 1" not in message

    def raises_bare(x, kernel_size, stride):
        raise GeneratorExit

    message = check("9.1", raises_bare).message
    assert "GeneratorExit:  " not in message and "no message" in message
