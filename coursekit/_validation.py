"""Argument checks shared by every public function.

One function per kind of argument, so the same mistake gets the same message
wherever it is made. Messages state the rule, the value received and a hint,
in the manner of NumPy's and PyTorch's own.
"""

from __future__ import annotations

import numbers

import numpy as np

MODES = ("max", "avg", "min")

#: The largest size, stride, padding or dilation: PyTorch keeps them in a C int.
INT_MAX = 2**31 - 1


def _describe(value) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def is_int(value) -> bool:
    """True for Python and NumPy integers, False for bools and everything else."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def at_most_int_max(values: tuple[int, ...], name: str) -> None:
    """Check every entry fits in a 32-bit C int, as PyTorch's pooling requires."""
    if max(values) > INT_MAX:
        shown = values[0] if len(set(values)) == 1 else values
        raise ValueError(
            f"`{name}` must be at most 2**31 - 1 = {INT_MAX}, the largest value "
            f"PyTorch's pooling accepts; got {name}={shown}. Use a value no larger "
            "than the input"
        )


def pair(value, name: str) -> tuple[int, int]:
    """Normalise an int or a pair of ints to a pair ``(h, w)``.

    Raises TypeError when an entry is not an integer and ValueError when a
    sequence does not hold exactly two entries or an entry exceeds
    :data:`INT_MAX`.
    """
    if is_int(value):
        out = (int(value), int(value))
        at_most_int_max(out, name)
        return out
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return pair(value.item(), name)
    if isinstance(value, (tuple, list, np.ndarray)):
        items = list(value)
        if len(items) != 2:
            raise ValueError(
                f"`{name}` must be an int or a pair (h, w); got a sequence of "
                f"length {len(items)}: {value!r}. Pass one int for both axes "
                f"or two, e.g. {name}=(2, 3)"
            )
        if not all(is_int(v) for v in items):
            raise TypeError(
                f"`{name}` must hold integers; got {value!r}. "
                f"Use whole numbers such as {name}=(2, 2)"
            )
        out = (int(items[0]), int(items[1]))
        at_most_int_max(out, name)
        return out
    raise TypeError(
        f"`{name}` must be an int or a pair of ints; got {_describe(value)}. "
        f"Use e.g. {name}=2 or {name}=(2, 3)"
    )


def at_least(values: tuple[int, int], name: str, low: int) -> None:
    """Check both entries of a normalised pair are ``>= low``."""
    if min(values) < low:
        shown = values[0] if values[0] == values[1] else values
        word = "positive" if low == 1 else "non-negative"
        raise ValueError(f"`{name}` must be {word} (at least {low}); got {name}={shown}")


def flag(value, name: str) -> bool:
    """Check a True/False flag."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"`{name}` must be True or False; got {_describe(value)}")


def divisor_override(value, mode: str) -> int | None:
    """PyTorch's ``divisor_override`` of average pooling: None, or a non-zero int."""
    if value is None:
        return None
    if mode != "avg":
        raise ValueError(
            f"`divisor_override` applies to average pooling only; got "
            f"divisor_override={value!r} with mode={mode!r}. Pass mode='avg', or drop it"
        )
    if not is_int(value):
        raise TypeError(
            f"`divisor_override` must be an int (or None); got {_describe(value)}. "
            "Use e.g. divisor_override=4"
        )
    if value == 0:
        raise ValueError(
            "`divisor_override` must not be zero; got divisor_override=0. Use None to "
            "divide each window by its own count"
        )
    if abs(int(value)) > 2**63 - 1:
        raise ValueError(
            f"`divisor_override` must fit in a 64-bit int, as PyTorch's does; got "
            f"divisor_override={value}"
        )
    return int(value)


def mode(value, allowed: tuple[str, ...] = MODES) -> str:
    """Check a pooling mode name."""
    if not isinstance(value, str):
        raise TypeError(
            f"`mode` must be a string, one of {', '.join(map(repr, allowed))}; "
            f"got {_describe(value)}"
        )
    if value not in allowed:
        hint = ""
        if value.lower() in ("mean", "average", "average pooling"):
            hint = "; use mode='avg' for average pooling"
        elif value.lower() in allowed:
            hint = f"; did you mean mode={value.lower()!r}?"
        raise ValueError(
            f"`mode` must be one of {', '.join(map(repr, allowed))}; got mode={value!r}{hint}"
        )
    return value


def _from_torch(x, name: str):
    """A PyTorch tensor as NumPy reads it: detached, on the CPU, or a TypeError.

    Recognised by its type's module, so torch is never imported here.
    """
    t = x.detach()
    device = getattr(getattr(t, "device", None), "type", "cpu")
    if device != "cpu":
        raise TypeError(
            f"`{name}` must be a NumPy array or a PyTorch tensor on the CPU; got a "
            f"tensor on device {t.device}. Convert it first: {name}.detach().cpu().numpy()"
        )
    for resolve in ("resolve_conj", "resolve_neg"):
        if hasattr(t, resolve):
            t = getattr(t, resolve)()
    try:
        return t.numpy()
    except (TypeError, RuntimeError) as err:
        raise TypeError(
            f"`{name}` must be a tensor NumPy can read; got a PyTorch tensor of dtype "
            f"{t.dtype} ({err}). Convert it first, e.g. {name}.detach().float().numpy()"
        ) from None


def _is_torch_tensor(x) -> bool:
    return type(x).__module__.split(".")[0] == "torch" and hasattr(x, "detach")


def feature_map(
    x,
    name: str = "x",
    min_ndim: int = 2,
    max_ndim: int = 4,
    *,
    empty_batch: bool = False,
) -> np.ndarray:
    """Return ``x`` as a numeric ndarray of rank 2 to 4 with no empty axis.

    With ``empty_batch`` a 4-D ``(N, C, H, W)`` input may have ``N = 0``, as
    PyTorch's pooling allows. A PyTorch tensor is read as NumPy would read its
    detached CPU copy (no copy is made for a CPU tensor). Data in the other byte
    order is copied into the machine's own (results come back in it).
    """
    if type(x) is not np.ndarray and _is_torch_tensor(x):
        x = _from_torch(x, name)
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:  # ragged nested lists
        raise ValueError(
            f"`{name}` must be a rectangular array of numbers; NumPy could not "
            f"make one from it ({err}). Check that every row has the same length"
        ) from None
    if arr.dtype.kind not in "biuf":
        kind = {
            "c": "complex numbers have no order to pool by",
            "U": "it holds strings",
            "S": "it holds bytes",
            "O": "it holds Python objects",
        }.get(arr.dtype.kind, f"its dtype is {arr.dtype}")
        raise TypeError(
            f"`{name}` must be a real numeric array (bool, int or float); got "
            f"dtype {arr.dtype}: {kind}. Convert it first, e.g. "
            f"np.asarray({name}, dtype=float)"
        )
    if not (min_ndim <= arr.ndim <= max_ndim):
        shapes = {2: "(H, W)", 3: "(C, H, W)", 4: "(N, C, H, W)"}
        allowed = " or ".join(shapes[r] for r in range(min_ndim, max_ndim + 1))
        raise ValueError(
            f"`{name}` must have {min_ndim} to {max_ndim} dimensions, {allowed}; "
            f"got {arr.ndim} dimension{'s' if arr.ndim != 1 else ''} with shape "
            f"{arr.shape}. "
            + (
                "Use x[np.newaxis] or x.reshape(1, -1) for a single row"
                if arr.ndim < min_ndim
                else "Loop over the extra leading axes, or reshape them into N"
            )
        )
    if 0 in arr.shape and not (empty_batch and arr.ndim == 4 and 0 not in arr.shape[1:]):
        raise ValueError(
            f"`{name}` must not have an empty axis; got shape {arr.shape}. "
            "Every axis needs at least one value to pool"
            + (
                " (only N, the batch axis of an (N, C, H, W) input, may be 0)"
                if empty_batch
                else ""
            )
        )
    if not arr.dtype.isnative:  # big-endian data on a little-endian machine, or the reverse
        arr = arr.astype(arr.dtype.newbyteorder("="))
    return arr


def whole(value, name: str, *, what: str = "an int") -> int:
    """An int of any sign (bools and floats refused), e.g. a step in pixels."""
    if not is_int(value):
        raise TypeError(f"`{name}` must be {what}; got {_describe(value)}")
    return int(value)


def positive_int(
    value, name: str, *, low: int = 1, example: int | None = None, int_max: bool = False
) -> int:
    """An int that is at least ``low`` (1 by default): a count, a size, a length.

    TypeError when it is not an int (bools and floats included), ValueError
    when it is below ``low`` or, with ``int_max``, above PyTorch's 32-bit limit.
    """
    if not is_int(value):
        hint = f". Use e.g. {name}={example}" if example is not None else ""
        raise TypeError(f"`{name}` must be an int; got {_describe(value)}{hint}")
    if value < low:
        rule = "positive (at least 1)" if low == 1 else f"at least {low}"
        raise ValueError(f"`{name}` must be {rule}; got {name}={value}")
    if int_max:
        at_most_int_max((int(value),), name)
    return int(value)


def positive_float(value, name: str) -> float:
    """A real number that is finite and above zero (bools refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"`{name}` must be a number; got {_describe(value)}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"`{name}` must be positive and finite; got {name}={value}")
    return float(value)


def count(value, name: str, *, low: int = 0, note: str = "") -> int:
    """A count of at least ``low`` (0 by default), e.g. how many times to pool or trials.

    ValueError for anything else, floats and bools included; ``note`` says what it counts.
    """
    if not is_int(value) or value < low:
        rule = {0: "a non-negative int", 1: "a positive int"}.get(low, f"an int of at least {low}")
        raise ValueError(f"`{name}` must be {rule}{note}; got {name}={value!r}")
    return int(value)
