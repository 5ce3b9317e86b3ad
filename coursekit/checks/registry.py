"""The one registry of every checked part of the course.

Each :class:`Part` has its id, notebook, title, hints, worked solution and
checker. :func:`coursekit.check`, :func:`coursekit.hint`,
:func:`coursekit.solution` and :func:`coursekit.progress` all read
:data:`REGISTRY`; nothing here imports figures or widgets.

How to add a part (docs/authoring.md says the same, with an example):
write its checker (``answer -> (ok, message)``, raising
:class:`~coursekit.checks.answers.Reject` for a wrong answer) in the module
of its kind, its hints and worked solution in ``worked_lessons.py`` or
``worked_exercises.py``, and its id in :data:`_SEVERAL` below (a lesson with one
try-it needs no line: its id is the notebook's number).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from .beyond import BEYOND_CHECKS
from .implementation.cases import IMPLEMENTATION_STEPS
from .implementation.check import check_implementation
from .lessons import LESSON_CHECKS
from .quiz_counts import (
    check_1a,
    check_1b,
    check_1c,
    check_3a,
    check_3b,
    check_3c,
    check_4a,
    check_4b,
    check_4c,
    check_5a,
    check_5b,
)
from .quiz_shift import check_2, check_2b
from .quiz_words import check_1d, check_5c
from .worked_exercises import WORKED_EXERCISES
from .worked_lessons import WORKED_LESSONS

__all__ = [
    "BEYOND_PARTS",
    "IMPLEMENTATION_PARTS",
    "PARTS",
    "QUIZ_PARTS",
    "REGISTRY",
    "Part",
    "lookup",
    "notebook_of",
]


@dataclass(frozen=True)
class Part:
    """One checked part of the course.

    Attributes
    ----------
    id : str
        What ``check``, ``hint`` and ``solution`` are called with, e.g. ``"1b"``.
    notebook : str
        The notebook the part is in, without ``.ipynb``.
    title : str
        What it asks, in a few words (the progress table shows it).
    hints : tuple of str
        Nudges, mildest first; none gives the answer away.
    solution : str
        The worked solution with its reasoning, shown by ``solution(part)``
        only after an attempt.
    checker : callable
        ``answer -> (ok, message)``; raises ``Reject`` for what it cannot accept.
    kind : str
        ``"lesson"``, ``"build"`` or ``"exercise"``.
    """

    id: str
    notebook: str
    title: str
    hints: tuple[str, ...]
    solution: str
    checker: Callable
    kind: str


def _implementation_step(step: str) -> Callable:
    """A checker for a build-your-own step: ``check("9.2", my_pool)``.

    ``counted`` is the part an attempt counts for and an accepted answer is
    saved as (``""`` for a notebook's demo call).
    """

    def checker(fn, counted=step):
        feedback = check_implementation(fn, features=IMPLEMENTATION_STEPS[step], part=counted)
        return replace(feedback, part=step) if feedback.part != step else feedback

    return checker


_QUIZ = {
    "1a": check_1a,
    "1b": check_1b,
    "1c": check_1c,
    "1d": check_1d,
    "2": check_2,
    "2b": check_2b,
    "3a": check_3a,
    "3b": check_3b,
    "3c": check_3c,
    "4a": check_4a,
    "4b": check_4b,
    "4c": check_4c,
    "5a": check_5a,
    "5b": check_5b,
    "5c": check_5c,
}

#: The notebooks, in course order. A lesson's one try-it has the notebook's number as id.
_NOTEBOOKS = (
    "00_start_here 01_why_pool 02_max_pooling 03_average_pooling 04_min_pooling "
    "05_translation_invariance 06_global_average_pooling 07_choosing_a_pool 08_limits "
    "09_build_your_own_pool 10_exercise_1_larger_window 11_exercise_2_break_invariance "
    "12_exercise_3_parameter_count 13_exercise_4_why_average 14_exercise_5_segmentation "
    "15_backpropagation 16_overlapping_padding_ceil 17_adaptive_pooling "
    "18_antialiased_pooling 19_strided_convolution 20_small_cnn"
).split()
#: The notebooks whose parts are not one try-it: their kind and part ids, in order.
_SEVERAL = {
    "09": ("build", "9.1 9.2 9.3 9.4 9.5"),
    "10": ("exercise", "1a 1b 1c 1d"),
    "11": ("exercise", "2 2b"),
    "12": ("exercise", "3a 3b 3c"),
    "13": ("exercise", "4a 4b 4c 4d"),
    "14": ("exercise", "5a 5b 5c"),
}
_ORDER = tuple((name, *_SEVERAL.get(name[:2], ("lesson", name[:2]))) for name in _NOTEBOOKS)


def _build() -> dict[str, Part]:
    checkers = {**LESSON_CHECKS, **BEYOND_CHECKS, **_QUIZ}
    worked = {**WORKED_LESSONS, **WORKED_EXERCISES}
    registry = {}
    for notebook, kind, ids in _ORDER:
        for part in ids.split():
            title, hints, solution = worked[part]
            checker = _implementation_step(part) if kind == "build" else checkers[part]
            registry[part] = Part(part, notebook, title, tuple(hints), solution, checker, kind)
    return registry


#: Every checked part of the course, in course order: part id -> :class:`Part`.
REGISTRY: dict[str, Part] = _build()

#: Part id -> title, in course order (what ``progress()`` lists).
PARTS: dict[str, str] = {part: entry.title for part, entry in REGISTRY.items()}
#: The build-your-own steps of notebook 09.
IMPLEMENTATION_PARTS = {p: e.title for p, e in REGISTRY.items() if e.kind == "build"}
#: The parts of the five exercises (notebooks 10-14).
QUIZ_PARTS = {p: e.title for p, e in REGISTRY.items() if e.kind == "exercise"}
#: The try-its of lessons 15-20.
BEYOND_PARTS = {p: REGISTRY[p].title for p in BEYOND_CHECKS}


def lookup(part) -> Part:
    """The registered part for ``part`` (a str; an int such as 15 or 2 also works).

    Raises
    ------
    ValueError
        For a part the course does not have, listing the ones it has.
    """
    key = part.strip().lower() if isinstance(part, str) else None
    if isinstance(part, int) and not isinstance(part, bool):
        key = str(part) if str(part) in REGISTRY else f"{part:02d}"
    if key in REGISTRY:
        return REGISTRY[key]
    raise ValueError(f"`part` must be one of {', '.join(map(repr, REGISTRY))}; got {part!r}")


def notebook_of(part: str) -> str:
    """The notebook a part belongs to, or ``"other"`` for a part the course does not have."""
    entry = REGISTRY.get(part)
    return entry.notebook if entry else "other"
