"""The exercise checks accept right answers in every ordinary form, reject wrong
ones and junk without raising, and never put the answer in a message."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from coursekit import ANCHOR, pool2d
from coursekit.checks.exercise import check, hint
from coursekit.checks.feedback import Feedback
from coursekit.checks.registry import QUIZ_PARTS as PARTS


@pytest.fixture(autouse=True)
def _private_progress(tmp_path, monkeypatch):
    """Accepted answers record progress: keep it out of the learner's home."""
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path / "progress.json"))


RIGHT = {
    "1a": [1, 1.0, np.int64(1), np.float32(1), np.array(1), np.array([1]), [1], (1,)],
    "1b": [
        [[20]],
        ((20,),),
        np.array([[20]]),
        np.array([[20.0]]),
        np.array([[20]], dtype=np.uint8),
        [[np.int64(20)]],
        pool2d(ANCHOR, 3, stride=3),
    ],
    "1c": [7, 7.0, np.int32(7), np.array(7), [7], np.float64(7)],
    "1d": [
        "3x3",
        "3×3",
        "3 x 3",
        "3X3",
        " 3 X 3 ",
        "3 × 3",
        "3x3 pooling",
        "the 3x3 window",
        "3x3 / stride 3",
        "3x3 (stride 3)",
        "3x3 with stride 3",
        "three by three",
        "(3, 3)",
        "3",
        (3, 3),
        [3, 3],
        np.array([3, 3]),
        3,
    ],
    "3a": [90, 90.0, np.int64(90), np.array(90), [90], np.float32(90)],
    "3b": [1290, 1290.0, np.int32(1290), np.array([1290]), (1290,)],
    "3c": [1290 / 90, 14.33, 14.3, np.float32(14.33), np.array(14.333), Fraction(129, 9)],
    "4a": [
        1 / 7,
        0.1429,
        0.143,
        np.float64(1 / 7),
        np.array([1 / 7]),
        1 / np.sqrt(49),
        Fraction(1, 7),
    ],
    "4b": [1, 1.0, np.int64(1), np.array(1), [1], Fraction(1, 1)],
    "4c": [49, 49.0, np.int32(49), np.array([49]), (49,), 7 * 7],
    "5a": [
        [128, 64, 32],
        (128, 64, 32),
        np.array([128, 64, 32]),
        [128.0, 64.0, 32.0],
        [np.int64(128), np.int64(64), np.int64(32)],
        [(128, 128), (64, 64), (32, 32)],
    ],
    "5b": [8, 8.0, np.int16(8), np.array(8), (8, 8), [8]],
    "5c": [
        "B",
        "b",
        "D",
        " b ",
        "B.",
        "(B)",
        "option B",
        ["B"],
        "B: skip connections",
        "d) dilated",
    ],
}

WRONG = {
    "1a": [0, 2, 4, 9, 16, -1, 1.5, 0.99, (1, 1), [2, 2], "1"],
    "1b": [
        20,
        np.int64(20),
        20.0,
        [20],
        np.array([20]),
        [[12]],
        [[15]],
        [[18]],
        [[98 / 9]],
        [[3]],
        [[10.0]],
        [[21]],
        [[20, 11], [10, 18]],
        [[20, 18], [10, 16]],
        [[[20]]],
        [[]],
        "[[20]]",
    ],
    "1c": [8, 9, 4, 0, 16, 12, 6, 7.5, -7, 17, "7"],
    "1d": [
        "2x2",
        "2 x 2",
        "both",
        "the same",
        "5x5",
        "3x3 stride 1",
        "3x3 loses less",
        "3x3 sees more cells so it loses less",
        "3x3 loses more? no, 2x2",
        "2",
        (2, 2),
        2,
        "",
        "the big one",
        True,
    ],
    "3a": [80, 10, 18, 8, 88, 1290, 1280, 128, 100, 89, 91, 90.5, "90"],
    "3b": [1280, 1408, 138, 128, 90, 80, 160, 1300, 1291, 1289, 1290.5],
    "3c": [
        1 / (1290 / 90),
        1 / 16,
        1200,
        14,
        15,
        13,
        1290,
        90,
        0,
        -(1290 / 90),
        12.8,
        16,
        4 * 4,
        128 / 8,
        1290 / 80,
        1280 / 90,
        (1290 + 90) / 90,
    ],
    "4a": [1 / 49, 1, 7, 49, 0, -1 / 7, 1 / np.sqrt(7), 0.155, 0.13, 0.1, 0.5],
    "4b": [1 / 49, 49, 0, 7, 48, 2.04, 0.02, 0.5, -1, 50, 1.5],
    "4c": [1, 1 / 49, 1.0, 0, 48, 0.5, 100, 7, -1, 48.5],
    "5a": [
        [256, 128, 64],
        [256, 128, 64, 32],
        [32, 64, 128],
        [127, 63, 31],
        [64, 16, 4],
        [128, 64],
        [128, 64, 32, 16],
        32,
        [128, 64, 31],
        [128.5, 64, 32],
        "128, 64, 32",
    ],
    "5b": [64, 2, 6, 32, 4, 16, 256, 7, 9, 8.5, 0, "8"],
    "5c": [
        "A",
        "C",
        "E",
        "a",
        "F",
        "",
        "skip connections",
        "more pooling",
        42,
        ["A", "B"],
        "a U-Net",
        "e: smoother upsampling",
    ],
}


def _number(text: str) -> str:
    """A regex for ``text`` standing alone as a number (not inside a longer one)."""
    return r"(?<![\d.])" + re.escape(text) + r"(?![\d]|\.\d)"


#: Every common way of writing each part's right answer.
FORMS = {
    "1a": [_number("1"), _number("1.0"), r"\bone\b"],
    "1b": [_number("20"), r"\btwenty\b"],
    "1c": [_number("7"), r"\bseven\b"],
    "1d": [r"3\s*[x×*]\s*3", r"\(3,\s*3\)", r"three by three"],
    "3a": [_number("90"), r"\bninety\b"],
    "3b": [_number("1290"), r"1,290"],
    "3c": [r"14\.3", _number("14"), r"43\s*/\s*3", r"1290\s*/\s*90"],
    "4a": [r"1\s*/\s*7(?!\d)", r"0\.14", r"sqrt\(49\)", r"seventh", r"7-fold"],
    "4b": [r"\b1 of (?:the )?49\b", r"\bone\s+(?:in|of|out of)\s+(?:the\s+)?49", r"\bonly one\b"],
    "4c": [r"\b49 of (?:the )?49\b", r"\ball 49\b", r"\bevery one of the 49\b"],
    "5a": [_number("128"), _number("64"), _number("32")],
    "5b": [_number("8"), r"\beight\b", r"2\s*\*\*\s*3", r"2\^3", r"256\s*/\s*32"],
}


def _leaks(part: str, text: str) -> list[str]:
    return [form for form in FORMS[part] if re.search(form, text, flags=re.IGNORECASE)]


def _cases(table):
    return [
        pytest.param(part, answer, id=f"{part}-{i}")
        for part, answers in table.items()
        for i, answer in enumerate(answers)
    ]


def test_parts_are_the_course_order_with_titles():
    assert list(PARTS) == [
        "1a", "1b", "1c", "1d", "2", "2b", "3a", "3b", "3c", "4a", "4b", "4c", "4d",
        "5a", "5b", "5c",
    ]  # fmt: skip
    assert all(isinstance(title, str) and title for title in PARTS.values())


@pytest.mark.parametrize("part, answer", _cases(RIGHT))
def test_right_answers_are_accepted_in_every_ordinary_form(part, answer):
    feedback = check(part, answer)
    assert isinstance(feedback, Feedback)
    assert feedback.ok is True, feedback.message
    assert feedback.part == part
    assert feedback.message


@pytest.mark.parametrize("part, answer", _cases(WRONG))
def test_wrong_answers_are_rejected_without_the_answer(part, answer):
    feedback = check(part, answer)
    assert feedback.ok is False
    assert isinstance(feedback.message, str) and feedback.message
    assert part not in FORMS or not _leaks(part, feedback.message), feedback.message


@pytest.mark.parametrize("part", [p for p in PARTS if p in FORMS])
def test_hints_never_give_the_answer(part):
    text = hint(part)
    assert isinstance(text, str) and len(text) > 20
    assert not _leaks(part, text), text
    assert f"Hint [{part}]" in repr(text)
    assert "coursekit-hint" in text._repr_html_()


def test_forms_catch_the_answer_written_out():
    """The leak detector itself must see the answers, or the tests above prove nothing."""
    for part in FORMS:
        accepted = check(part, RIGHT[part][0]).message
        if part not in ("1b", "1d", "5c"):
            assert _leaks(part, accepted), (part, accepted)
    assert _leaks("4a", "it is 1/7") and _leaks("1a", "the answer: 1.")
    assert not _leaks("1a", "16 cells, 0.1 and 10") and not _leaks("5b", "a 2x2 block, 64 px")


@pytest.mark.parametrize("part", list(PARTS))
def test_placeholder_ellipsis_is_not_answered_yet(part):
    for placeholder in (..., (..., ...), [..., ...]):
        feedback = check(part, placeholder)
        assert feedback.ok is False
        assert "no answer yet" in feedback.message
        assert str(feedback).startswith(f"Not yet [{part}]: no answer yet")


def test_1b_rejects_a_bare_number_saying_the_output_is_a_map():
    for bare in (20, 20.0, np.int64(20), np.array(20)):
        message = check("1b", bare).message
        assert "bare number" in message and "map" in message


def test_1b_names_what_a_wrong_value_is():
    assert "average" in check("1b", [[98 / 9]]).message
    assert "smallest" in check("1b", [[3]]).message
    assert "never reaches" in check("1b", [[18]]).message
    assert "shape (2, 2)" in check("1b", pool2d(ANCHOR, 2)).message


def test_1a_explains_a_count_per_axis():
    assert "per axis" in check("1a", (1, 1)).message


def test_3c_names_the_wrong_reasoning_and_accepts_only_the_counts_with_biases():
    assert "weights only" in check("3c", 16).message
    assert "inputs" in check("3c", 4 * 4).message
    assert "mixes" in check("3c", 1290 / 80).message and "mixes" in check("3c", 1280 / 90).message
    assert "adds the two heads" in check("3c", (1290 + 90) / 90).message
    assert "rounded" not in check("3c", 15).message
    assert "upside down" in check("3c", 90 / 1290).message
    assert "difference" in check("3c", 1200).message


def test_numeric_hints_name_the_slip():
    assert "bias" in check("3a", 80).message
    assert "variance" in check("4a", 1 / 49).message
    assert "simulation" in check("4a", 0.155).message
    assert "share" in check("4b", 1 / 49).message
    assert "global max" in check("4c", 1).message
    assert "order" in check("5a", [32, 64, 128]).message
    assert "256" in check("5a", [256, 128, 64, 32]).message
    assert "pixels in the block" in check("5b", 64).message


def test_integer_answers_must_be_exact():
    assert not check("3a", 90.0001).ok
    assert not check("1c", 7 + 1e-9).ok
    assert check("3a", np.float64(90)).ok


def test_5c_is_a_choice_and_a_sentence_is_never_called_wrong():
    for text in (
        "skip conections",
        "residual connections from the encoder to the decoder",
        "add connections from the encoder to the decoder at each resolution",
        "U-Net",
    ):
        feedback = check("5c", text)
        assert not feedback.ok and "letter" in feedback.message, feedback.message
        assert "does not name" not in feedback.message
    assert "blockier" in check("5c", "A").message
    assert "other fix" in check("5c", "B").message


def test_1d_asks_for_the_size_alone_when_given_a_sentence():
    for text in (
        "3x3 loses 7 cells, 2x2 none: 3x3 loses more",
        "3x3 has less information left",
        "3x3 sees more cells so it loses less",
        "3x3 loses more? no, 2x2",
    ):
        feedback = check("1d", text)
        assert not feedback.ok and "window size alone" in feedback.message, text
    assert check("1d", "3").ok is check("1d", 3).ok is True
    assert check("1d", "2").message == check("1d", 2).message
    assert "plain number" not in check("1d", "9" * 20000).message


def test_unknown_part_raises_listing_the_valid_ids():
    with pytest.raises(ValueError, match=r"`part` must be one of '00', '01'.*'20'; got '9z'"):
        check("9z", 1)
    assert check(2, None).part == "2" and check(15, None).part == "15"
    with pytest.raises(ValueError, match=r"got None"):
        hint(None)


def test_part_ids_ignore_case_and_spaces():
    assert check(" 1A ", 1).part == "1a"


def test_feedback_shows_as_a_coloured_line_and_plain_text():
    right, wrong = check("1a", 1), check("1a", 2)
    assert str(right).startswith("Correct [1a]:") and str(wrong).startswith("Not yet [1a]:")
    assert 'data-ok="true"' in right._repr_html_() and 'data-ok="false"' in wrong._repr_html_()


# --------------------------------------------------------------------------- part 2


def _spike(shape=(4, 4), at=(0, 1), value=9.0):
    x = np.zeros(shape)
    x[at] = value
    return x


def _zero_fill(x, axis, step):
    y = np.roll(x, step, axis=axis)
    index = [slice(None)] * 2
    index[axis] = slice(0, step) if step > 0 else slice(step, None)
    y[tuple(index)] = 0
    return y


VALID_PAIRS = [
    pytest.param(_spike(), np.roll(_spike(), 1, axis=1), id="roll-right"),
    pytest.param(_spike(at=(0, 2)), np.roll(_spike(at=(0, 2)), -1, axis=1), id="roll-left"),
    pytest.param(_spike(at=(1, 0)), np.roll(_spike(at=(1, 0)), 1, axis=0), id="roll-down"),
    pytest.param(_spike(at=(2, 0)), np.roll(_spike(at=(2, 0)), -1, axis=0), id="roll-up"),
    pytest.param(
        ANCHOR.astype(float), _zero_fill(ANCHOR.astype(float), 1, 1), id="anchor-zero-right"
    ),
    pytest.param(ANCHOR, _zero_fill(ANCHOR, 0, -1), id="anchor-zero-up"),
    pytest.param(_spike((5, 7), (3, 3)), np.roll(_spike((5, 7), (3, 3)), 1, 1), id="odd-size"),
    pytest.param(_spike().tolist(), np.roll(_spike(), 1, axis=1).tolist(), id="lists"),
]


@pytest.mark.parametrize("x, y", VALID_PAIRS)
def test_2_accepts_one_pixel_moves_that_change_the_output(x, y):
    feedback = check("2", (x, y))
    assert feedback.ok is True, feedback.message
    assert check("2", [x, y]).ok and check("2", np.stack([x, y])).ok


INVALID_PAIRS = [
    pytest.param(_spike(), "not a pair", id="single-map"),
    pytest.param((_spike(), _spike(), _spike()), "not a pair", id="triple"),
    pytest.param(None, "is None", id="none"),
    pytest.param("x, shifted", "not a pair", id="text"),
    pytest.param({"a": 1, "b": 2}, "not a pair", id="dict"),
    pytest.param((np.zeros(4), np.zeros(4)), "not 2-D", id="1-d"),
    pytest.param((np.zeros((1, 4, 4)), np.zeros((1, 4, 4))), "not 2-D", id="3-d"),
    pytest.param((_spike(), _spike()[:3]), "shapes differ", id="shapes-differ"),
    pytest.param((np.ones((1, 4)), np.zeros((1, 4))), "smaller than 2x2", id="too-small"),
    pytest.param((_spike(), _spike()), "not moved", id="not-moved"),
    pytest.param((_spike(), np.roll(_spike(), 2, axis=1)), "two pixels", id="two-pixels"),
    pytest.param(
        (_spike(at=(1, 1)), np.roll(_spike(at=(1, 1)), (1, 1), axis=(0, 1))),
        "diagonally",
        id="diagonal",
    ),
    pytest.param((_spike(), np.roll(_spike(), 1, axis=0)), "did not change", id="unchanged"),
    pytest.param((_spike(), _spike(at=(3, 3))), "not your first map moved", id="not-a-shift"),
    pytest.param((_spike(), np.full((4, 4), np.nan)), "NaN", id="nan"),
    pytest.param(([[1, 2], [3]], [[1, 2], [3, 4]]), "same length", id="ragged"),
    pytest.param((_spike(), [["a"] * 4] * 4), "text", id="strings"),
]


@pytest.mark.parametrize("answer, reason", INVALID_PAIRS)
def test_2_rejects_each_invalid_kind_and_names_it(answer, reason):
    feedback = check("2", answer)
    assert feedback.ok is False
    assert reason in feedback.message, feedback.message


@settings(max_examples=150, deadline=None)
@given(
    x=hnp.arrays(
        np.int64,
        hnp.array_shapes(min_dims=2, max_dims=2, min_side=2, max_side=6),
        elements=st.integers(-5, 5),
    ),  # fmt: skip
    axis=st.sampled_from([0, 1]),
    step=st.sampled_from([1, -1]),
    zeros=st.booleans(),
)
def test_2_accepts_exactly_the_moves_that_change_the_pooled_output(x, axis, step, zeros):
    y = _zero_fill(x, axis, step) if zeros else np.roll(x, step, axis=axis)
    feedback = check("2", (x, y))
    if np.array_equal(x, y):
        assert not feedback.ok and "not moved" in feedback.message
    else:
        assert feedback.ok == (not np.array_equal(pool2d(x, 2), pool2d(y, 2))), feedback.message


# --------------------------------------------------------------------------- junk


class _Hostile:
    """Refuses everything a check might try on it."""

    def _boom(self, *args, **kwargs):
        raise RuntimeError("no")

    __eq__ = __ne__ = __lt__ = __gt__ = __float__ = __int__ = __index__ = _boom
    __len__ = __iter__ = __bool__ = __array__ = __repr__ = __str__ = __getitem__ = _boom
    __hash__ = None


class _EvilInt(int):
    def __eq__(self, other):
        raise RuntimeError("no")

    __hash__ = int.__hash__


JUNK = [
    None,
    "",
    "hello",
    b"\x00",
    True,
    np.bool_(False),
    float("nan"),
    float("inf"),
    -float("inf"),
    np.float64("nan"),
    10**400,
    -(10**400),
    [10**400],
    1e308 * 10,
    3 + 4j,
    np.array([]),
    np.zeros((0, 3)),
    np.zeros((2, 0, 5)),
    [[1, 2], [3]],
    [[1, [2]], 3],
    [None, None],
    {"a": 1},
    {1, 2},
    object(),
    _Hostile(),
    (_Hostile(), _Hostile()),
    [_Hostile()],
    _EvilInt(5),
    np.array([np.nan, 1.0]),
    np.array(["a", "b"]),
    np.array([1 + 2j]),
    lambda: 1,
    type,
    iter([1, 2]),
    np.ones((3, 3, 3, 3)),
]


@pytest.mark.parametrize("part", list(PARTS))
@pytest.mark.parametrize("junk", JUNK, ids=lambda j: type(j).__name__)
def test_junk_is_rejected_without_raising(part, junk):
    feedback = check(part, junk)
    assert isinstance(feedback, Feedback)
    assert feedback.ok is False
    assert isinstance(feedback.message, str) and feedback.message


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.complex_numbers(),
    st.text(max_size=30),
    st.binary(max_size=10),
    st.fractions(),
    st.decimals(allow_nan=True),
)
_nested = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner), max_leaves=12
)
_arrays = hnp.arrays(
    st.sampled_from([np.float64, np.int64, np.bool_, np.complex128, np.float16, np.uint8]),
    hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(part=st.sampled_from(list(PARTS)), answer=st.one_of(_nested, _arrays))
def test_any_input_gives_feedback_and_never_raises(part, answer):
    feedback = check(part, answer)
    assert isinstance(feedback, Feedback)
    assert type(feedback.ok) is bool
    assert isinstance(feedback.message, str) and feedback.message


# --------------------------------------------------------------------------- notebooks

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = sorted((ROOT / "solutions").glob("1[0-4]_exercise_*.ipynb"))
_CALL = re.compile(r"""^check\(\s*["'](\w+)["']""", re.MULTILINE)


def _check_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and _CALL.search(source):
            yield _CALL.findall(source), cell


def test_the_five_exercise_notebooks_use_every_part():
    assert [p.name[:2] for p in EXERCISES] == ["10", "11", "12", "13", "14"]
    used = {part for path in EXERCISES for parts, _ in _check_cells(path) for part in parts}
    assert used == set(PARTS)


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name[:2])
def test_every_check_in_a_solved_exercise_says_correct(path):
    cells = list(_check_cells(path))
    assert cells
    for parts, cell in cells:
        shown = [
            "".join(out.get("data", {}).get("text/plain", ""))
            for out in cell["outputs"]
            if out.get("output_type") == "execute_result"
        ]
        assert shown and shown[0].startswith(f"Correct [{parts[0]}]"), (parts, shown)


@pytest.mark.parametrize("part", list(PARTS))
def test_hints_nudge_without_handing_over_the_computation(part):
    """A hint names no ready-made call or formula that computes the answer."""
    text = hint(part)
    assert not re.search(r"\b(?:pool2d|output_size|global_pool|roll|sqrt)\s*\(", text), text
    assert not re.search(r"sigma\s*/", text), text


_LINK = re.compile(r"\[([^\]]+)\]\((\d\d_\w+\.ipynb)\)")


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name[:2])
def test_next_link_text_is_the_next_notebooks_title(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text, target = _LINK.findall("".join(cells[-1]["source"]))[-1]
    assert target[:2] == f"{int(path.name[:2]) + 1:02d}"
    nxt = ROOT / "solutions" / target
    if nxt.exists():
        first = "".join(json.loads(nxt.read_text(encoding="utf-8"))["cells"][0]["source"])
        assert text == first.splitlines()[0].lstrip("# ").strip()


def test_hints_wait_behind_a_comment_but_one_shows_what_a_hint_is():
    live, waiting = [], []
    for path in EXERCISES:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code":
                live += re.findall(r"^hint\(", source, flags=re.MULTILINE)
                waiting += re.findall(r"^# hint\(\"\w+\"\)  # uncomment", source, re.MULTILINE)
    assert len(live) == 1
    assert len(waiting) == len(PARTS) - 1
