"""The one registry of every checked part of the course: its id, notebook, title and hints.

`check`, `hint`, `progress` read it; nothing here imports figures or widgets.
"""

from __future__ import annotations

__all__ = [
    "BEYOND_PARTS",
    "HINTS",
    "IMPLEMENTATION_PARTS",
    "NOTEBOOKS",
    "PARTS",
    "QUIZ_PARTS",
    "notebook_of",
]

#: The notebook each exercise lives in, by the exercise's number (the part id
#: up to its first letter or dot: "1b" -> "1", "9.3" -> "9", "15" -> "15").
NOTEBOOKS = {
    "9": "09_build_your_own_pool",
    "1": "10_exercise_1_larger_window",
    "2": "11_exercise_2_break_invariance",
    "3": "12_exercise_3_parameter_count",
    "4": "13_exercise_4_why_average",
    "5": "14_exercise_5_segmentation",
    "15": "15_backpropagation",
    "16": "16_overlapping_padding_ceil",
    "17": "17_adaptive_pooling",
    "18": "18_antialiased_pooling",
    "19": "19_strided_convolution",
    "20": "20_small_cnn",
}

#: The steps of notebook 09, in order: part id -> what the learner's function does.
IMPLEMENTATION_PARTS: dict[str, str] = {
    "9.1": "two loops over one map",
    "9.2": "any stride",
    "9.3": "padding",
    "9.4": "channels and batches",
    "9.5": "vectorised, no loop over output cells",
}

#: The try-its of lessons 15-20: part id -> what it asks.
BEYOND_PARTS: dict[str, str] = {
    "15": "gradient of 2x2 average pooling of the anchor map, upstream [[1, 2], [3, 4]]",
    "16": "output length for n=14, kernel 5, stride 2, padding 2, ceil mode",
    "17": "adaptive windows (starts, ends) for 7 cells pooled to 3",
    "18": "BlurPool's 3x3 binomial filter",
    "19": "parameters of a 3x3 stride-2 convolution, 64 -> 128 channels, with biases",
    "20": "inputs of the flatten and GAP heads for 16x16 images",
}

#: Every quiz part, in course order: part id -> short title.
QUIZ_PARTS: dict[str, str] = {
    "1a": "3x3 windows that fit (stride 3)",
    "1b": "3x3 / stride 3 max-pool output",
    "1c": "cells no window looks at",
    "1d": "which window loses more",
    "2": "a one-pixel shift that changes the output",
    "3a": "parameters of the GAP head",
    "3b": "parameters of the flatten head",
    "3c": "how many times fewer",
    "4a": "spread of the global average of noise",
    "4b": "share of positions global max sends a gradient to",
    "4c": "share of positions global average sends a gradient to",
    "5a": "sides after three 2x2 pools",
    "5b": "block one final cell summarises",
    "5c": "the architectural fix",
}

HINTS = {
    "1a": (
        "Work along a single axis of length 4 first: a window that starts at cell 0 covers "
        "cells 0 to 2. Where would the next window start with stride 3, and would it still "
        "fit inside the map? Then put the two axes together."
    ),
    "1b": (
        "Pooling always returns a map (a 2-D array), however small: give the output in that "
        "form. Part 1a told you how many windows there are; which cells does each cover, "
        "and which of their values does max pooling keep?"
    ),
    "1c": (
        "Draw the 4x4 map on paper and shade every cell some window covers. Count the cells "
        "left unshaded, taking care not to count any cell twice."
    ),
    "1d": (
        "Compare the two on the same map: how many cells does each never look at, and how "
        "many values does each keep?"
    ),
    "2": (
        "A one-pixel move changes the output only if a strong value ends up in a different "
        "2x2 window from the one it started in. Where in its window must it sit for that? "
        "np.roll shifts an array along an axis."
    ),
    "3a": (
        "A fully connected layer has a weight for every (input, output) pair and a bias for "
        "every output. How many inputs does it get once GAP has reduced the 4x4x8 map?"
    ),
    "3b": (
        "Flattening keeps every value of the 4x4x8 map, each as an input of its own. Count "
        "the parameters as in part 3a."
    ),
    "3c": (
        "'How many times fewer' is a ratio of your two counts from parts 3a and 3b: which "
        "of them goes on top?"
    ),
    "4a": (
        "Independent noise partly cancels when averaged. How does the standard deviation "
        "(not the variance) of a mean shrink as the number of values averaged grows? And "
        "how many values does the global average of the map take?"
    ),
    "4b": (
        "A cell receives a gradient when nudging it a little moves the output. Which cells "
        "of the map can move x.max() when nudged? Give them as a share of the map."
    ),
    "4c": (
        "The same question for x.mean(): which cells move it when nudged a little? Give "
        "them as a share of the map."
    ),
    "5a": (
        "Apply the output-size rule for a 2x2 window with stride 2 once per pool, each time "
        "to the side the previous pool left. List the side after each pool, not the input's."
    ),
    "5b": (
        "After the first pool each cell stands for a 2x2 block of the input. What does a cell "
        "after the second pool stand for? Carry on to the third."
    ),
    "5c": (
        "The decoder starts from a coarse map. What could hand it the fine detail the "
        "encoder still had before pooling? Or: can a network see a wide context without "
        "shrinking the map at all?"
    ),
}


#: Every checked part of the course, in course order: part id -> short title.
PARTS: dict[str, str] = {**IMPLEMENTATION_PARTS, **QUIZ_PARTS, **BEYOND_PARTS}


def notebook_of(part: str) -> str:
    """The notebook a part belongs to, or "other" for a part the course does not have."""
    if part not in PARTS:
        return "other"
    head = part.split(".")[0].rstrip("abcdefghijklmnopqrstuvwxyz")
    return NOTEBOOKS.get(head, "other")
