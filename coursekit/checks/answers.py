"""The one answer reader: not answered, numbers, arrays and nested lists, text."""

from __future__ import annotations

import decimal
import math
import numbers

import numpy as np

NOT_ANSWERED = "not answered yet: replace the `...` with your answer and run the cell again."


class Reject(Exception):
    """An answer that cannot be accepted; the message says why."""


# --------------------------------------------------------------------------- reading answers


def unanswered(answer) -> bool:
    if answer is Ellipsis:
        return True
    if isinstance(answer, (list, tuple)):
        return any(item is Ellipsis for item in answer)
    return False


def read_array(answer) -> np.ndarray:
    """The answer as a real float or int ndarray, or a Reject saying why not."""
    if answer is None:
        raise Reject(
            "the answer is None. Assign the result itself (a function that prints "
            "instead of returning gives None)."
        )
    if isinstance(answer, (str, bytes)):
        raise Reject("that is text; give numbers, without quotes.")
    if isinstance(answer, dict | set | frozenset):
        raise Reject(f"that is a {type(answer).__name__}; give a list, a tuple or an array.")
    try:
        arr = np.asarray(answer)
    except Exception:  # noqa: BLE001 - ragged lists, hostile objects
        raise Reject(
            "NumPy could not make an array of it: check that every row has the same length."
        ) from None
    if arr.dtype.kind == "O":
        try:
            arr = arr.astype(np.float64)
        except Exception:  # noqa: BLE001
            raise Reject(
                "it holds something that is not a number (or rows of different lengths)."
            ) from None
    if arr.dtype.kind == "b":
        raise Reject("it holds True/False values; give numbers.")
    if arr.dtype.kind in "US":
        raise Reject("it holds text; give numbers, without quotes.")
    if arr.dtype.kind == "c":
        raise Reject("it holds complex numbers; give real numbers.")
    if arr.dtype.kind not in "iuf":
        raise Reject(f"its values are not numbers (dtype {arr.dtype}).")
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise Reject("it holds NaN or infinity; every value must be a finite number.")
    return arr


def read_scalar(answer):
    """One finite number as a Python int (for integer types) or float."""
    if isinstance(answer, (bool, np.bool_)):
        raise Reject("True/False is not a number here; give a number.")
    if isinstance(answer, numbers.Integral):
        return int(answer)
    if isinstance(answer, numbers.Real | decimal.Decimal):
        value = float(answer)
    else:
        arr = read_array(answer)
        if arr.size == 0:
            raise Reject("that is empty; give a number.")
        if arr.size != 1:
            raise Reject(f"that holds {arr.size} values; give a single number.")
        item = arr.reshape(-1)[0].item()
        return item if isinstance(item, int) else float(item)
    if math.isnan(value):
        raise Reject("that is NaN (not a number); give a finite number.")
    if math.isinf(value):
        raise Reject("that is infinite; give a finite number.")
    return value


def read_whole(value, what: str) -> int:
    """``value`` as an int if it is a whole number, else a Reject about ``what``."""
    if isinstance(value, int):
        return value
    if float(value).is_integer():
        return int(value)
    raise Reject(f"{what} is a whole number; yours has a fractional part.")


def close(value, target: float, rel: float = 0.01) -> bool:
    return abs(float(value) - target) <= rel * abs(target)
