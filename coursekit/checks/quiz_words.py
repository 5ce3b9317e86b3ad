"""Checks of the quiz parts answered with a choice: 1d (which window) and 5c (the fix).

A free-text answer cannot be judged exactly, so each of these parts asks for
its judgeable core: 1d a window size (``"3x3"``, ``(3, 3)`` or ``3``), 5c the
letter of one of the options listed in the notebook. A sentence is never
called wrong: the learner is asked to give the size or the letter, and may
keep the reasoning in a comment.
"""

from __future__ import annotations

import re

from .answers import Reject, read_array, read_text

__all__ = ["FIX_OPTIONS", "check_1d", "check_5c"]

_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
#: A window size alone: "3x3", "3 x 3", "3*3", "(3, 3)", "3 by 3", "3", maybe with its stride.
_SIZE = re.compile(
    r"\(?\s*(\d{1,3})\s*(?:(?:x|\*|by|,)\s*(\d{1,3}))?\s*\)?"
    r"(?:\s*(?:window|windows|pooling|pool|max pooling|max pool))?"
    r"(?:\s*[/,(]?\s*(?:with\s+)?stride\s*=?\s*(\d{1,3})\)?)?"
)
_ASK_SIZE = (
    "answer with the window size alone, e.g. '5x5' (the reason can go in a comment "
    "above the answer)."
)
_OTHER_SIZE = (
    "the exercise compares 2x2 / stride 2 with the larger window of part 1, each with its "
    "own stride; name one of those two."
)
_TWO_BY_TWO = (
    "2x2 with stride 2 looks at every cell once and keeps 4 values. How many cells does the "
    "larger window never look at, and how many values does it keep?"
)


def _size_from_text(answer) -> tuple[int, int, int | None]:
    text = read_text(answer, "the window size, e.g. '5x5'")
    for sign in ("\u00d7", "\u2715", "\u2a2f"):
        text = text.replace(sign, "x")
    text = re.sub(r"\b(?:one|two|three|four|five)\b", lambda m: _WORDS[m.group(0)], text)
    text = re.sub(r"^(?:the|a)\s+", "", text).strip(" .!'\"")
    match = _SIZE.fullmatch(text)
    if not match:
        raise Reject(_ASK_SIZE)
    rows = int(match.group(1))
    cols = int(match.group(2) or rows)
    stride = int(match.group(3)) if match.group(3) else None
    return rows, cols, stride


def _one_text(answer) -> bool:
    try:
        return len(answer) == 1 and isinstance(answer[0], str)
    except Exception:  # noqa: BLE001 - a hostile container: read_array answers it
        return False


def check_1d(answer):
    if isinstance(answer, (list, tuple)) and _one_text(answer):
        raise Reject("that is a list holding text; give the text alone, e.g. '5x5', not ['5x5'].")
    if isinstance(answer, str):
        rows, cols, stride = _size_from_text(answer)
    else:
        arr = read_array(answer, "the window size")
        if arr.size == 1:
            rows = cols = arr.reshape(-1)[0]
        elif arr.shape == (2,):
            rows, cols = arr
        else:
            raise Reject(_ASK_SIZE)
        stride = None
    size = (float(rows), float(cols))
    if stride is not None and stride != size[0]:
        raise Reject(_OTHER_SIZE)
    if size == (3, 3):
        return True, (
            "3x3 / stride 3 keeps 1 value and never looks at 7 of the 16 cells; 2x2 / stride 2 "
            "looks at all 16 and keeps 4."
        )
    if size == (2, 2):
        raise Reject(_TWO_BY_TWO)
    raise Reject(_OTHER_SIZE)


#: Part 5c's options, as the notebook lists them: letter -> (option, right, why).
FIX_OPTIONS = {
    "a": (
        "add more pooling layers, so that each cell sees an even wider part of the image",
        False,
        "more pooling makes each final cell cover a bigger block: the masks get blockier.",
    ),
    "b": (
        "add connections that hand the encoder's feature maps to the decoder at each "
        "resolution (skip connections, as in U-Net)",
        True,
        "the decoder gets back the fine detail the encoder had before each pool, and keeps "
        "the deep path's wide view.",
    ),
    "c": (
        "add dropout after every pooling layer",
        False,
        "dropout fights over-fitting; it does not bring back the resolution pooling threw away.",
    ),
    "d": (
        "replace the last pools by dilated (atrous) convolutions, which widen the view "
        "without shrinking the map",
        True,
        "the map keeps its resolution while each cell still sees a wide context (DeepLab).",
    ),
    "e": (
        "upsample the coarse mask with bilinear interpolation instead of repeating values",
        False,
        "smoother upsampling still starts from the coarse map: it cannot invent the detail "
        "the pools threw away.",
    ),
}


def check_5c(answer):
    letters = ", ".join(f"'{k.upper()}'" for k in FIX_OPTIONS)
    text = read_text(answer, f"the letter of your choice ({letters})")
    text = re.sub(r"^(?:option|answer)\s*", "", text).strip(" .)(!'\"")
    lead = re.match(r"([a-e])\s*[).:]", text)  # "B: skip connections", "b) ..."
    if lead:
        text = lead.group(1)
    if text not in FIX_OPTIONS:
        raise Reject(
            f"answer with the letter of the option you choose, one of {letters} (your own "
            "words can go in a comment above the answer)."
        )
    _, right, why = FIX_OPTIONS[text]
    if right:
        other = "d" if text == "b" else "b"
        return True, (
            f"{why} Option {other.upper()} is the other fix that works: {FIX_OPTIONS[other][0]}."
        )
    raise Reject(f"{why} Which option keeps the wide view and the fine detail both?")
