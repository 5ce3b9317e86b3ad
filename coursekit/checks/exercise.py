"""check, hint, solution: the learner's side of every checked part of the course.

``check(part, answer)`` reads the answer with the one answer reader, runs the
part's checker from the registry and answers with a
:class:`~coursekit.Feedback` ("Correct [1b]: ..." or "Not yet [1b]: ...");
an accepted part is saved in the learner's progress. ``hint(part)`` gives the
next nudge; ``solution(part)`` shows the worked solution, with its
reasoning, once the part has been tried at least once (the convention of
Kaggle Learn: check, hint, solution). ``solved(part)`` says whether a part has
been accepted, so that a cell can wait before it illustrates an answer.

Nothing a learner passes as an answer raises or hangs a check: the reader
judges sizes and types before converting, and anything a checker raises is
answered with a message. Only an unknown part id raises ``ValueError``, since
that is a mistake in the notebook, not in the answer.
"""

from __future__ import annotations

import html
import warnings

import numpy as np

from .answers import NotAnswered, Reject, unanswered
from .feedback import Feedback
from .registry import lookup
from .store import done_parts, mark_tried, record, tried

__all__ = [
    "Hint",
    "Solution",
    "check",
    "check_beyond",
    "hint",
    "solution",
    "solved",
]

# Hints shown in this kernel, per part.
_hints_shown: dict[str, int] = {}


def check(part, answer, *, demo=False) -> Feedback:
    """Check a learner's answer to one part of the course.

    Parameters
    ----------
    part : str
        The part id, e.g. ``"03"`` (a lesson's try-it), ``"9.2"`` (a step of
        notebook 09), ``"1b"`` (an exercise) or ``"17"``; ``progress()``
        lists them all. An int such as ``17`` works too.
    answer : object
        What the learner computed: a number, a list, a tuple, an ndarray, a
        string, or for some parts a function. ``...`` (the learners'
        placeholder) or ``None`` means not answered yet.
    demo : bool, default False
        Keyword-only. True for a call a notebook makes itself, to show what
        the check says about a wrong answer: it is answered as usual but is
        no attempt of the learner's (``solution(part)`` stays closed) and is
        never saved in the progress.

    Returns
    -------
    Feedback
        ``.ok`` is True when the answer is right; ``.message`` says why, or
        what is off, without giving the answer away. An accepted part is
        saved in the learner's progress.

    Raises
    ------
    ValueError
        If ``part`` is not a part of the course. Nothing passed as
        ``answer`` raises.

    Examples
    --------
    The examples use a scratch progress file, and a part's answer never
    appears here:

    >>> import os, tempfile
    >>> from unittest import mock
    >>> scratch = os.path.join(tempfile.mkdtemp(), "progress.json")
    >>> with mock.patch.dict(os.environ, {"COURSEKIT_PROGRESS": scratch}):
    ...     print(check("3a", ...))
    ...     print(check("3a", "ninety"))
    Not yet [3a]: no answer yet: replace the ... with your answer, then run the cell again.
    Not yet [3a]: that is text; give a number of parameters, without quotes.
    >>> check("9z", 1)
    Traceback (most recent call last):
    ...
    ValueError: `part` must be one of '00', '01', ... got '9z'
    """
    entry = lookup(part)
    key = entry.id
    waiting = unanswered(answer)
    if waiting and entry.kind != "build":
        return Feedback(False, waiting, part=key)
    counted = "" if demo else key
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            result = (
                entry.checker(answer, counted) if entry.kind == "build" else entry.checker(answer)
            )
    except NotAnswered as reason:  # an unfilled template: nothing tried yet
        return Feedback(False, _text(reason), part=key)
    except Reject as reason:
        mark_tried(counted)
        return Feedback(False, _text(reason), part=key)
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # noqa: BLE001 - a check never raises on an answer
        return Feedback(False, _could_not_read(err), part=key)
    if isinstance(result, Feedback):  # a build-your-own step answers (and counts) for itself
        return result
    ok, message = result
    mark_tried(counted)
    if ok and not demo:
        record(key)
    return Feedback(ok, message, part=key)


def check_beyond(part, answer, *, demo=False) -> Feedback:
    """:func:`check` for the try-its of lessons 15-20 (kept for the notebooks that use it).

    Examples
    --------
    >>> check_beyond("17", ...).ok
    False
    """
    return check(part, answer, demo=demo)


def _text(reason: BaseException) -> str:
    try:
        return str(reason)
    except BaseException:  # noqa: BLE001
        return "this answer could not be read."


def _could_not_read(err: BaseException) -> str:
    try:
        name = type(err).__name__
    except BaseException:  # noqa: BLE001
        name = "an error"
    return (
        f"this answer could not be read ({name} while looking at it); give it in the form "
        "the question asks for."
    )


class Hint(str):
    """A hint's text (a ``str``) that shows as a short coloured line in Jupyter."""

    part: str = ""
    _label, _gap = "Hint", " "

    def __repr__(self) -> str:
        return f"{self._label} [{self.part}]:{self._gap}{str(self)}"

    def _repr_html_(self) -> str:
        return self._html(html.escape(self.part), html.escape(str(self)))

    @staticmethod
    def _html(part: str, text: str) -> str:
        return (
            '<div class="coursekit-hint" style="color:#0b5cad;font-family:sans-serif;'
            f'padding:2px 0">&#128161; <b>Hint [{part}]</b> {text}</div>'
        )


class Solution(Hint):
    """A worked solution (a ``str``), shown as a block in Jupyter."""

    _label, _gap = "Solution", "\n"

    @staticmethod
    def _html(part: str, text: str) -> str:
        return (
            '<div class="coursekit-solution" style="font-family:sans-serif;border-left:3px '
            f'solid #0b5cad;padding:2px 8px"><b>Solution [{part}]</b>'
            f'<pre style="white-space:pre-wrap;margin:4px 0">{text}</pre></div>'
        )


def hint(part) -> Hint:
    """A nudge for one part; never the answer. Each call gives the next hint there is.

    Parameters
    ----------
    part : str
        A part id, as for :func:`check`.

    Returns
    -------
    Hint
        A ``str`` that Jupyter shows as a short coloured line.

    Raises
    ------
    ValueError
        If ``part`` is not a part of the course.

    Examples
    --------
    >>> "map" in hint("1b")
    True
    """
    entry = lookup(part)
    shown = _hints_shown.get(entry.id, 0)
    text = Hint(entry.hints[min(shown, len(entry.hints) - 1)])
    _hints_shown[entry.id] = shown + 1
    text.part = entry.id
    return text


def solution(part) -> Solution:
    """The worked solution of one part, with its reasoning, after a first attempt.

    ``part`` is a part id, as for :func:`check` (an unknown one raises
    ``ValueError``). Returns a :class:`Solution` (a ``str`` shown as a block
    in Jupyter): the worked solution once the part has been checked at least
    once (right or wrong, in this kernel or saved in the progress file), and
    before that a note asking for an attempt first.

    Examples
    --------
    >>> from unittest import mock
    >>> from coursekit.checks import store
    >>> fresh = mock.patch.multiple(store, _tried=set(), done_parts=lambda: set())
    >>> with fresh:
    ...     print(repr(solution("1c")))  # doctest: +ELLIPSIS
    Solution [1c]:
    Try part 1c first: ...
    """
    entry = lookup(part)
    if tried(entry.id):
        text = Solution(entry.solution)
    else:
        text = Solution(
            f"Try part {entry.id} first: check your answer once (right or wrong, a guess is "
            f"fine), then solution({entry.id!r}) shows the worked solution. "
            f"hint({entry.id!r}) gives a nudge."
        )
    text.part = entry.id
    return text


def solved(*parts) -> bool:
    """Whether every part named has been accepted (in this kernel or in the progress file).

    A cell that illustrates an answer can wait for it: ``if solved("1c"): ...``.

    Examples
    --------
    >>> solved()
    True
    """
    keys = [lookup(part).id for part in parts]
    if not keys:
        return True
    done = done_parts()
    return all(key in done for key in keys)
