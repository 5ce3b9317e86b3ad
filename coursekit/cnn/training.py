"""Training the small CNN: Adam on mini-batches, reproducible for a seed."""

from __future__ import annotations

import sys

import numpy as np

from .. import _validation as v
from .layers import _array4, _head, softmax_cross_entropy
from .network import adam_step, init_params, network_backward, network_forward

__all__ = ["train"]


def _bar(done: int, total: int, width: int = 20) -> str:
    fill = round(width * done / total)
    return "[" + "#" * fill + "." * (width - fill) + "]"


def train(
    head,
    x,
    y,
    *,
    epochs=10,
    batch_size=32,
    lr=0.01,
    filters=(8, 16),
    seed=0,
    progress=True,
    threads=1,
):
    """Train the small CNN with Adam on mini-batches; reproducible for a seed.

    Parameters
    ----------
    head : {"flatten", "gap"}
    x : (N, 1, H, W) array_like
        Training images (square).
    y : (N,) array_like of int
        Their classes, 0 to 9.
    epochs, batch_size : int
        Keyword-only. Passes over the data; images per step.
    lr : float, default 0.01
        Keyword-only. Adam's step size.
    filters : int or (int, int), default (8, 16)
        Keyword-only. Channels of one or two convolution layers.
    seed : int, default 0
        Keyword-only. Fixes the initial weights and the order of the batches.
    progress : bool, default True
        Keyword-only. Print one line per epoch to stdout (a text bar, the
        loss and the training accuracy).
    threads : int or None, default 1
        Keyword-only. BLAS threads during training. A fixed count gives the
        same sums in the same order, hence the same numbers on every run;
        ``None`` leaves the library's setting.

    Returns
    -------
    params : dict
        The trained parameters.
    history : dict
        ``loss`` and ``train_accuracy`` per epoch (lists of float).

    Raises
    ------
    TypeError, ValueError
        If an argument breaks its rule (messages name the argument).

    Examples
    --------
    Two classes of 8x8 images: a bright left half or a bright right half.

    >>> x = np.zeros((8, 1, 8, 8)); x[:4, :, :, :4] = 1.0; x[4:, :, :, 4:] = 1.0
    >>> y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    >>> from coursekit import accuracy
    >>> params, hist = train("flatten", x, y, epochs=20, batch_size=4, progress=False)
    >>> accuracy(params, x, y)
    1.0
    """
    head = _head(head)
    x = _array4(x, "x")
    y = np.asarray(y)
    if y.dtype.kind not in "iu":
        raise TypeError(f"`y` must hold integer classes; got dtype {y.dtype}")
    if y.shape != (len(x),):
        raise ValueError(f"`y` must have one label per image, shape ({len(x)},); got {y.shape}")
    if x.shape[1] != 1 or x.shape[2] != x.shape[3]:
        raise ValueError(f"`x` must be square one-channel images (N, 1, S, S); got {x.shape}")
    epochs = v.positive_int(epochs, "epochs")
    bs = v.positive_int(batch_size, "batch_size")
    progress = v.flag(progress, "progress")
    if threads is not None:
        threads = v.positive_int(threads, "threads")
    classes = max(10, int(y.max()) + 1)
    params = init_params(head, filters=filters, image_size=x.shape[2], classes=classes, seed=seed)
    rng = np.random.default_rng(seed + 1)
    history = {"loss": [], "train_accuracy": []}
    state = None

    def run():
        nonlocal state
        for epoch in range(1, epochs + 1):
            order = rng.permutation(len(x))
            total, correct = 0.0, 0
            for i in range(0, len(x), bs):
                idx = order[i : i + bs]
                logits, cache = network_forward(params, x[idx])
                loss, grad = softmax_cross_entropy(logits, y[idx])
                state = adam_step(params, network_backward(params, cache, grad), state, lr=lr)
                total += loss * len(idx)
                correct += int((logits.argmax(axis=1) == y[idx]).sum())
            history["loss"].append(total / len(x))
            history["train_accuracy"].append(correct / len(x))
            if progress:
                print(
                    f"{head:>7} epoch {epoch:2d}/{epochs} {_bar(epoch, epochs)} "
                    f"loss {total / len(x):.3f}  train accuracy {100 * correct / len(x):5.1f}%",
                    file=sys.stdout,
                    flush=True,
                )

    if threads is None:
        run()
    else:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=threads):
            run()
    return params, history
