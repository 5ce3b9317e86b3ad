"""The cases a learner's pooling function is tried on: steps, features, inputs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np

from ... import _validation as v

#: What each feature adds to the cases (see :func:`check_implementation`).
FEATURES = {
    "loops": "one (H, W) map, stride = kernel_size: fn(x, kernel_size, stride)",
    "stride": "any stride from 1 to 4, windows overlap or skip cells",
    "padding": "padding 0 to kernel_size // 2: fn(x, kernel_size, stride, padding)",
    "channels": "(C, H, W) stacks and (N, C, H, W) batches as well as (H, W) maps",
    "vectorised": "no Python loop over output cells: the lines run must not grow with the map",
}

#: The features each step's check uses.
IMPLEMENTATION_STEPS = {
    "9.1": ("loops",),
    "9.2": ("loops", "stride"),
    "9.3": ("loops", "stride", "padding"),
    "9.4": ("loops", "stride", "padding", "channels"),
    "9.5": ("loops", "stride", "padding", "channels", "vectorised"),
}

_SIDES = range(1, 7)  # map heights and widths tried, 1 to 6
_KERNELS = range(1, 5)  # kernel sizes tried, 1 to 4
_STRIDES = range(1, 5)
_LEADS = ((1,), (2,), (3,), (1, 1), (2, 3), (3, 2))  # leading axes with "channels"
_STACK_SIDES = range(1, 5)  # stacks and batches stay small: up to 4x4 planes
GROWTH = (8, 32)  # map sides compared by the "vectorised" check
_SEED = 2024


# -- arguments ----------------------------------------------------------------


def read_features(features) -> tuple[str, ...]:
    """Normalise ``features`` to a tuple in course order, always with "loops"."""
    names = (features,) if isinstance(features, str) else features
    try:
        names = list(names)
    except TypeError:
        raise TypeError(
            f"`features` must be a feature name or a tuple of them, from "
            f"{', '.join(map(repr, FEATURES))}; got {v._describe(features)}. "
            'Use e.g. features=("loops", "stride")'
        ) from None
    for name in names:
        if name not in FEATURES:
            close = difflib.get_close_matches(str(name), FEATURES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(
                f"`features` must name features from {', '.join(map(repr, FEATURES))}; "
                f"got {name!r}{hint}"
            )
    chosen = {"loops", *names}
    return tuple(name for name in FEATURES if name in chosen)


def step_of(features: tuple[str, ...]) -> str:
    for step, wanted in IMPLEMENTATION_STEPS.items():
        if wanted == features:
            return step
    return ""


def signature(features: tuple[str, ...]) -> str:
    return "fn(x, kernel_size, stride" + (", padding)" if "padding" in features else ")")


def inline(a) -> str:
    a = np.asarray(a)
    if a.dtype.kind == "f" and np.all(np.isfinite(a)) and np.all(a == np.round(a)):
        text = np.array2string(a, separator=", ", max_line_width=10**6, precision=0)
        text = text.replace(".,", ",").replace(".]", "]")
    else:
        text = np.array2string(a, separator=", ", max_line_width=10**6, precision=4)
    return " ".join(text.split()).replace("[ ", "[")


# -- the cases ------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    x: np.ndarray
    k: int
    s: int
    p: int

    @property
    def args(self) -> tuple:
        return (self.k, self.s, self.p)

    def words(self) -> str:
        x = self.x
        if x.ndim == 2:
            what = f"a {x.shape[0]}x{x.shape[1]} map"
        elif x.ndim == 3:
            what = f"a (C, H, W) stack of shape {x.shape}"
        else:
            what = f"an (N, C, H, W) batch of shape {x.shape}"
        shown = f", x = {inline(x)}" if x.size <= 16 else ""
        return f"{what}{shown}, with kernel_size={self.k}, stride={self.s}, padding={self.p}"


def case_values(shape, key, draw: str, mode: str) -> np.ndarray:
    """Small integers a learner can read, the same for the same case every time."""
    rng = np.random.default_rng([_SEED, *shape, *key, draw == "signed"])
    if draw == "signed":  # every value on the side where zero padding would win
        low, high = (-9, 0) if mode == "max" else (1, 10)
        return rng.integers(low, high, size=shape)
    return rng.integers(-9, 10, size=shape)


def build_cases(features: tuple[str, ...], mode: str) -> list[Case]:
    """Every case of a step, smallest input first, simplest arguments first."""
    specs = []
    leads = [()] + (list(_LEADS) if "channels" in features else [])
    for lead in leads:
        sides = _SIDES if not lead else _STACK_SIDES
        for h in sides:
            for w in sides:
                for k in _KERNELS:
                    strides = _STRIDES if "stride" in features else (k,)
                    pads = range(k // 2 + 1) if "padding" in features else (0,)
                    for s in strides:
                        for p in pads:
                            if h + 2 * p < k or w + 2 * p < k:
                                continue
                            one_sign = not lead and mode != "avg"
                            draws = ("mixed", "signed") if one_sign else ("mixed",)
                            for draw in draws:
                                specs.append((lead + (h, w), k, s, p, draw))
    specs.sort(
        key=lambda sp: (
            int(np.prod(sp[0])),  # smallest input first
            len(sp[0]),
            sp[3],  # then no padding before padding
            sp[2] != sp[1],  # stride = kernel_size before other strides
            sp[1],
            sp[2],
            sp[0],
            sp[4] != "mixed",
        )
    )
    return [
        Case(case_values(shape, (k, s, p), draw, mode), k, s, p) for shape, k, s, p, draw in specs
    ]
