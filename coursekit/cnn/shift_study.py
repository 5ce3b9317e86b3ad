"""How the two heads take moved digits: every direction, several seeds.

A single training run can mislead: which way a digit moves, and which seed
drew the data split and the initial weights, both change how much a head
loses. :func:`shift_study` trains both heads once per seed and measures the
test accuracy for every move of 1 and 2 pixels in the eight directions;
:func:`on_larger_canvas` separates the frame's edge from the move itself.
"""

from __future__ import annotations

import numpy as np

from .. import _validation as v
from ..data import load_digits_split
from ..measures.shifting import shift_images
from .network import accuracy
from .training import train

__all__ = ["DIRECTIONS", "EPOCHS", "on_larger_canvas", "shift_labels", "shift_study"]

#: Unit steps (down, right) of the eight directions, by name.
DIRECTIONS = {
    "left": (0, -1),
    "right": (0, 1),
    "up": (-1, 0),
    "down": (1, 0),
    "up+left": (-1, -1),
    "up+right": (-1, 1),
    "down+left": (1, -1),
    "down+right": (1, 1),
}

#: Epochs of each head, as lesson 20 trains them.
EPOCHS = {"flatten": 8, "gap": 15}


def shift_labels(distances=(1, 2)) -> dict:
    """Label -> (down, right) for "none" and every direction at each distance.

    >>> list(shift_labels((1,)))[:3]
    ['none', '1 left', '1 right']
    """
    labels = {"none": (0, 0)}
    for d in distances:
        d = v.positive_int(d, "distance")
        for name, (dy, dx) in DIRECTIONS.items():
            labels[f"{d} {name}"] = (d * dy, d * dx)
    return labels


def shift_study(seeds=(0, 1, 2), *, distances=(1, 2), epochs=None, models=None, border=2):
    """Test accuracy of each head on moved test digits, one training run per seed.

    Seed ``s`` draws the train/test split (``load_digits_split(seed=s)``) and
    the initial weights and batch order (``train(..., seed=s)``).

    Parameters
    ----------
    seeds : sequence of int, default (0, 1, 2)
    distances : sequence of int, default (1, 2)
        Keyword-only. Pixels moved, in each of the eight directions.
    epochs : dict of str -> int, optional
        Keyword-only. Head -> epochs; :data:`EPOCHS` by default.
    models : dict of int -> dict of str -> params, optional
        Keyword-only. Models already trained for some seeds (seed -> head ->
        parameters); those seeds are not trained again.
    border : int, default 2
        Keyword-only. Empty pixels around each digit (see
        :func:`coursekit.load_digits_split`): with a border of 4, a move of
        2 pixels leaves every digit 2 pixels from the frame.

    Returns
    -------
    dict of str -> dict of str -> (len(seeds),) ndarray
        Head -> shift label (see :func:`shift_labels`) -> accuracy per seed.

    Examples
    --------
    >>> from coursekit import load_digits_split, train
    >>> x, _, y, _ = load_digits_split(seed=0)
    >>> tiny = {0: {h: train(h, x[:64], y[:64], epochs=1, progress=False)[0]
    ...             for h in ("flatten", "gap")}}
    >>> study = shift_study((0,), distances=(1,), models=tiny)
    >>> sorted(study), len(study["gap"]), study["gap"]["none"].shape
    (['flatten', 'gap'], 9, (1,))
    """
    epochs = dict(EPOCHS if epochs is None else epochs)
    labels = shift_labels(distances)
    table = {head: {label: [] for label in labels} for head in epochs}
    for seed in seeds:
        seed = v.count(seed, "seed")
        x_train, x_test, y_train, y_test = load_digits_split(seed=seed, border=border)
        trained = (models or {}).get(seed, {})
        for head, n in epochs.items():
            params = trained.get(head)
            if params is None:
                params = train(head, x_train, y_train, epochs=n, seed=seed, progress=False)[0]
            for label, (dy, dx) in labels.items():
                table[head][label].append(accuracy(params, shift_images(x_test, dy, dx), y_test))
    return {head: {k: np.asarray(a) for k, a in rows.items()} for head, rows in table.items()}


def on_larger_canvas(x, margin=4):
    """Images placed in the middle of a larger empty canvas (``margin`` pixels more per side).

    A GAP network accepts any size: moved digits on the larger canvas stay
    as far from its edge as centred digits were from the old one, so what
    accuracy they regain there is what the edge cost them.

    >>> on_larger_canvas(np.ones((1, 1, 2, 2)), 1)[0, 0]
    array([[0., 0., 0., 0.],
           [0., 1., 1., 0.],
           [0., 1., 1., 0.],
           [0., 0., 0., 0.]])
    """
    m = v.count(margin, "margin")
    arr = np.asarray(x, dtype=np.float64)
    return np.pad(arr, [(0, 0)] * (arr.ndim - 2) + [(m, m), (m, m)])
