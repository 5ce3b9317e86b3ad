"""The one answer reader: one set of rules for every check of the course.

An answer is one of:

- **not answered**: the learners' placeholder ``...`` (alone or inside a list
  or tuple) or ``None`` (a variable never assigned, a function that prints
  instead of returning);
- **a number**: ``int``, ``float``, a NumPy scalar, a ``Fraction`` or
  ``Decimal``, a 0-d array or a one-item list;
- **an array**: an ndarray or nested lists and tuples of numbers, all rows of
  one length;
- **text**: a ``str``.

Anything else is answered with a message that says what is off, never with
an exception. The reader judges sizes and types *before* converting, so that
no answer, however large, deep or strange, takes long: an array of more than
:data:`MAX_ITEMS` values, a list nested deeper than :data:`MAX_DEPTH`, a list
that contains itself and a text longer than :data:`MAX_TEXT` characters are
refused at once. Messages say what is wrong with the *form* of an answer,
never what the right answer is.
"""

from __future__ import annotations

import decimal
import fractions
import math
import numbers

import numpy as np

__all__ = [
    "MAX_DEPTH",
    "MAX_ITEMS",
    "MAX_TEXT",
    "NOT_ANSWERED",
    "NotAnswered",
    "Reject",
    "close",
    "read_array",
    "read_choice",
    "read_count",
    "read_number",
    "read_text",
    "unanswered",
]

#: Largest number of values an answer may hold (every answer of the course is small).
MAX_ITEMS = 10_000
#: Deepest nesting of lists read (a map is 2 deep, a batch 4).
MAX_DEPTH = 8
#: Longest text read, in characters.
MAX_TEXT = 2_000

NOT_ANSWERED = "no answer yet: replace the ... with your answer, then run the cell again."
_NONE = (
    "the answer is None: assign the value itself (a function that prints instead of "
    "returning gives None), then run the cell again."
)


class Reject(Exception):
    """An answer that cannot be accepted; the message says why."""


class NotAnswered(Reject):
    """Nothing to judge yet (an unfilled template); it is no attempt at the part."""


def unanswered(answer) -> str:
    """The "not answered yet" message for the placeholder or None, else ``""``.

    The placeholder counts alone or anywhere in a list or tuple up to two
    levels deep (``[..., ...]``, ``([0, 2, ...], [3, 5, 7])``). Lists are read
    with the built-in list and tuple methods, so a subclass whose ``__len__``
    or ``__iter__`` raises is read too; this never raises.
    """
    if answer is Ellipsis:
        return NOT_ANSWERED
    if answer is None:
        return _NONE
    try:
        return NOT_ANSWERED if _holds_placeholder(answer, 2) else ""
    except Exception:  # noqa: BLE001 - a hostile container: the checker answers it
        return ""


def _holds_placeholder(answer, depth: int) -> bool:
    if isinstance(answer, list):
        items = list.__iter__(answer)
        size = list.__len__(answer)
    elif isinstance(answer, tuple):
        items = tuple.__iter__(answer)
        size = tuple.__len__(answer)
    else:
        return False
    if size > MAX_ITEMS:
        return False
    for item in items:
        if item is Ellipsis or (depth > 1 and size <= 64 and _holds_placeholder(item, depth - 1)):
            return True
    return False


def _size_of(shape) -> int:
    size = 1
    for n in shape:
        size *= int(n)
    return size


def _walk(answer, depth: int = 0, seen: frozenset = frozenset(), limit: int = MAX_ITEMS) -> int:
    """Count the values of nested lists and tuples; raise Reject for what NumPy must not see."""
    if isinstance(answer, (list, tuple)):
        if id(answer) in seen:
            raise Reject("that list contains itself; give a list of numbers.")
        if depth >= MAX_DEPTH:
            raise Reject(f"that is nested more than {MAX_DEPTH} lists deep; give a small array.")
        if len(answer) > limit:
            raise Reject(_too_many(len(answer), limit))
        inner = seen | {id(answer)}
        total = 0
        for item in answer:
            total += _walk(item, depth + 1, inner, limit)
            if total > limit:
                raise Reject(_too_many(total, limit))
        return total
    if isinstance(answer, np.ndarray):
        return _size_of(answer.shape)
    if isinstance(answer, (str, bytes, np.str_, np.bytes_)):
        raise Reject("it holds text; give numbers, without quotes.")
    if isinstance(answer, (dict, set, frozenset)):
        raise Reject(f"it holds a {type(answer).__name__}; give numbers.")
    return 1


def _too_many(n: int, limit: int = MAX_ITEMS) -> str:
    return f"that holds {n:,} values or more; an answer here holds at most {limit:,}."


def _to_float(item) -> float:
    """One item of an object array as a float, or a Reject."""
    if item is None:
        raise Reject("it holds None; every value must be a number.")
    if isinstance(item, (bool, np.bool_)):
        raise Reject("it holds True/False values; give numbers.")
    if isinstance(item, (str, bytes, np.str_, np.bytes_)):
        raise Reject("it holds text; give numbers, without quotes.")
    if isinstance(item, (complex, np.complexfloating)):
        raise Reject("it holds complex numbers; give real numbers.")
    if not isinstance(item, (numbers.Real, decimal.Decimal, np.number)):
        raise Reject(f"it holds {_a(_kind(item))}; every value must be a number.")
    try:
        value = float(item)
    except OverflowError:
        raise Reject("it holds a number too large to work with; check the value.") from None
    except BaseException:  # noqa: BLE001 - a hostile number: refuse it, never raise
        raise Reject(f"it holds {_a(_kind(item))} that cannot be read as a number.") from None
    return value


def _a(noun: str) -> str:
    """``noun`` with its article: "an ellipsis", "a float"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _kind(value) -> str:
    try:
        return type(value).__name__
    except BaseException:  # noqa: BLE001
        return "value"


def read_array(answer, what: str = "numbers", max_items: int = MAX_ITEMS) -> np.ndarray:
    """The answer as a finite real ndarray (int or float), or a Reject saying why not.

    ``max_items`` is the most values read (a map may be a whole photograph).
    """
    message = unanswered(answer)
    if message:
        raise Reject(message)
    if isinstance(answer, (str, bytes, np.str_, np.bytes_)):
        raise Reject(f"that is text; give {what}, without quotes.")
    if isinstance(answer, (dict, set, frozenset)):
        raise Reject(f"that is a {type(answer).__name__}; give a list, a tuple or an array.")
    if isinstance(answer, (bool, np.bool_)):
        raise Reject("True/False is not a number here; give a number.")
    answer = _from_torch(answer)
    if isinstance(answer, np.ndarray) and answer.size > max_items:
        raise Reject(_too_many(answer.size, max_items))
    _walk(answer, limit=max_items)
    if isinstance(answer, int) and not isinstance(answer, bool) and abs(answer) > 10**300:
        raise Reject("that number is too large to work with; check the value.")
    try:
        arr = np.asarray(answer)
    except BaseException:  # noqa: BLE001 - ragged lists, hostile objects
        raise Reject(
            "NumPy could not make an array of it: check that every row has the same length."
        ) from None
    if arr.size > max_items:
        raise Reject(_too_many(arr.size, max_items))
    if arr.dtype.kind == "O":
        arr = np.array([_to_float(item) for item in arr.reshape(-1).tolist()]).reshape(arr.shape)
    kind = arr.dtype.kind
    if kind == "b":
        raise Reject("it holds True/False values; give numbers.")
    if kind in "USa":
        raise Reject(f"it holds text; give {what}, without quotes.")
    if kind == "c":
        raise Reject("it holds complex numbers; give real numbers.")
    if kind not in "iuf":
        raise Reject(f"its values are not numbers (they are {arr.dtype}).")
    if kind == "f" and arr.dtype.itemsize > 8:
        arr = arr.astype(np.float64)
    if kind == "f" and not np.all(np.isfinite(arr)):
        raise Reject("it holds NaN or infinity; every value must be a finite number.")
    return arr


def _from_torch(answer):
    """A PyTorch tensor (one that requires grad too) as a NumPy array; anything else as is."""
    if not type(answer).__module__.startswith("torch") or not hasattr(answer, "detach"):
        return answer
    try:
        if answer.numel() > MAX_ITEMS:
            raise Reject(_too_many(int(answer.numel())))
        return answer.detach().cpu().numpy()
    except Reject:
        raise
    except BaseException:  # noqa: BLE001 - a tensor that cannot be read
        raise Reject("that tensor could not be read; give t.detach().numpy().") from None


def read_number(answer, what: str = "a number"):
    """One finite number: a Python int for whole-number types, else a float."""
    if isinstance(answer, (bool, np.bool_)):
        raise Reject(f"True/False is not a number here; give {what}.")
    if isinstance(answer, numbers.Integral):
        value = int(answer)
        if abs(value) > 10**300:
            raise Reject("that number is too large to work with; check the value.")
        return value
    if isinstance(answer, fractions.Fraction):
        return read_number(float(answer) if answer.denominator != 1 else answer.numerator, what)
    if isinstance(answer, (numbers.Real, decimal.Decimal)) and not isinstance(answer, np.ndarray):
        value = _to_float(answer)
    else:
        arr = read_array(answer, what)
        if arr.size == 0:
            raise Reject(f"that is empty; give {what}.")
        if arr.size != 1:
            raise Reject(f"that holds {arr.size} values; give {what}.")
        item = arr.reshape(-1)[0].item()
        return item if isinstance(item, int) else float(item)
    if math.isnan(value):
        raise Reject(f"that is NaN (not a number); give {what}.")
    if math.isinf(value):
        raise Reject(f"that is infinite; give {what}.")
    return value


def read_count(answer, what: str = "a count") -> int:
    """A whole number (``3``, ``3.0``, ``[3]``), or a Reject about ``what``."""
    value = read_number(answer, what)
    if isinstance(value, float):
        if not value.is_integer():
            raise Reject(f"that has a fractional part; give {what}.")
        value = int(value)
    return value


def read_text(answer, what: str = "a few words") -> str:
    """The answer as lower-case text with single spaces, or a Reject."""
    if isinstance(answer, (list, tuple)) and 0 < len(answer) <= 8:
        if all(isinstance(item, str) for item in answer):
            answer = "; ".join(str.__str__(item) for item in answer)
    if not isinstance(answer, str):
        raise Reject(f"answer with {what}, in quotes (a str).")
    text = str.__str__(answer)
    if len(text) > MAX_TEXT:
        raise Reject(f"that text has {len(text):,} characters; a short answer is all it takes.")
    text = text.lower().replace("\u2019", "'").replace("_", " ")
    return " ".join(text.split())


def read_choice(answer, options, what: str) -> str:
    """One of ``options`` (lower-case strings), given in any case and spacing, or a Reject."""
    text = read_text(answer, what).strip(" .!'\"")
    if text in options:
        return text
    listed = ", ".join(repr(o) for o in options)
    raise Reject(f"answer with one of {listed}: {what}.")


def close(value, target: float, rel: float = 0.01) -> bool:
    """Whether ``value`` is within ``rel`` (relative) of ``target``."""
    return abs(float(value) - target) <= rel * abs(target)
