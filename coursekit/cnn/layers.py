"""Layers of the small CNN, each a forward and a backward function.

Convolution (cross-correlation), ReLU and softmax cross-entropy, in NumPy alone;
every backward is checked against numerical gradients in the tests.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .. import _validation as v

__all__ = ["conv2d", "conv2d_backward", "relu", "relu_backward", "softmax_cross_entropy"]


HEADS = ("flatten", "gap")


# ------------------------------------------------------------------ checks


def _array4(x, name: str) -> np.ndarray:
    shape = np.shape(x) if isinstance(x, np.ndarray) else None
    if shape is not None and len(shape) != 4:
        raise ValueError(
            f"`{name}` must be a batch (N, C, H, W) with 4 dimensions; got shape {shape}. "
            f"For one image use {name}[np.newaxis, np.newaxis]"
        )
    arr = v.feature_map(x, name, min_ndim=4, max_ndim=4)
    return arr.astype(np.float64, copy=False) if arr.dtype.kind != "f" else arr


def _head(head) -> str:
    if not isinstance(head, str) or head not in HEADS:
        raise ValueError(
            f"`head` must be one of {', '.join(map(repr, HEADS))}; got head={head!r}. "
            "'flatten' keeps every position, 'gap' averages each channel"
        )
    return head


def _pad(x: np.ndarray, p: tuple[int, int]) -> np.ndarray:
    if p == (0, 0):
        return x
    return np.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))


def _conv_args(x, w, stride, padding):
    """The arguments of a convolution, checked: x, w, stride, padding and padded x."""
    x = _array4(x, "x")
    w = _array4(w, "w")
    s = v.pair(stride, "stride")
    v.at_least(s, "stride", 1)
    p = v.pair(padding, "padding")
    v.at_least(p, "padding", 0)
    if w.shape[1] != x.shape[1]:
        raise ValueError(
            f"`w` must have as many input channels as `x`; got w.shape={w.shape} "
            f"(C={w.shape[1]}) for x.shape={x.shape} (C={x.shape[1]})"
        )
    kh, kw = w.shape[2:]
    xp = _pad(x, p)
    if xp.shape[2] < kh or xp.shape[3] < kw:
        raise ValueError(
            f"the filter is larger than the padded input: filter {kh}x{kw} on "
            f"{xp.shape[2]}x{xp.shape[3]}. Use more padding or a smaller filter"
        )
    return x, w, s, p, xp


def conv2d(x, w, b=None, *, stride=1, padding=0):
    """2-D convolution (cross-correlation, as in every deep-learning library).

    Parameters
    ----------
    x : (N, C, H, W) array_like
        Input maps.
    w : (F, C, kH, kW) array_like
        ``F`` filters.
    b : (F,) array_like, optional
        One bias per filter.
    stride, padding : int or (int, int)
        Keyword-only. Step between positions; zeros added on each side.

    Returns
    -------
    (N, F, OH, OW) ndarray of float
        ``OH = (H + 2p - kH) // s + 1``, the pooling formula with ``d = 1``.

    Raises
    ------
    TypeError, ValueError
        If an array has the wrong rank or type, the channels of ``x`` and
        ``w`` differ, ``b`` has the wrong length, or the filter does not fit.

    Notes
    -----
    ``sliding_window_view`` gives every window without copying; one
    ``tensordot`` multiplies them all with all filters.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> conv2d(x, np.full((1, 1, 2, 2), 0.25), stride=2)[0, 0]
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    x, w, s, p, xp = _conv_args(x, w, stride, padding)
    kh, kw = w.shape[2:]
    win = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, :: s[0], :: s[1]]
    out = np.tensordot(win, w, axes=([1, 4, 5], [1, 2, 3]))  # (N, OH, OW, F)
    out = out.transpose(0, 3, 1, 2)
    if b is not None:
        bias = np.asarray(b, dtype=out.dtype)
        if bias.shape != (w.shape[0],):
            raise ValueError(
                f"`b` must hold one bias per filter, shape ({w.shape[0]},); got shape {bias.shape}"
            )
        out = out + bias[None, :, None, None]
    return np.ascontiguousarray(out)


def conv2d_backward(x, w, grad_out, *, stride=1, padding=0):
    """Gradients of a loss with respect to the input, filters and biases of :func:`conv2d`.

    Parameters
    ----------
    x : (N, C, H, W) array_like
    w : (F, C, kH, kW) array_like
    grad_out : (N, F, OH, OW) array_like
        Gradient with respect to ``conv2d(x, w, b, stride=..., padding=...)``.
    stride, padding : int or (int, int)
        Keyword-only, as in the forward call.

    Returns
    -------
    dx : (N, C, H, W) ndarray
    dw : (F, C, kH, kW) ndarray
    db : (F,) ndarray

    Raises
    ------
    ValueError
        If ``grad_out`` does not have the forward output's shape.

    Notes
    -----
    ``dw`` correlates the input windows with ``grad_out``; ``dx`` scatters
    each output's gradient back over its window, one loop over the
    ``kH * kW`` filter taps (never over positions).

    Examples
    --------
    >>> x = np.ones((1, 1, 3, 3))
    >>> dx, dw, db = conv2d_backward(x, np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 2)))
    >>> dx[0, 0]
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    >>> db
    array([4.])
    """
    x, w, s, p, xp = _conv_args(x, w, stride, padding)
    kh, kw = w.shape[2:]
    win = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, :: s[0], :: s[1]]
    expected = (x.shape[0], w.shape[0], win.shape[2], win.shape[3])
    g = np.asarray(grad_out, dtype=np.result_type(x.dtype, w.dtype))
    if g.shape != expected:
        raise ValueError(
            f"`grad_out` must have the shape of conv2d's output; got {g.shape}, expected {expected}"
        )
    dw = np.tensordot(g, win, axes=([0, 2, 3], [0, 2, 3]))  # (F, C, kH, kW)
    db = g.sum(axis=(0, 2, 3))
    dxp = np.zeros_like(xp)
    oh, ow = g.shape[2:]
    # every output position's gradient through every tap, in one product: (N, C, kH, kW, OH, OW)
    contrib = np.tensordot(w, g, axes=([0], [1])).transpose(3, 0, 1, 2, 4, 5)
    for i in range(kh):
        for j in range(kw):
            dxp[:, :, i : i + s[0] * (oh - 1) + 1 : s[0], j : j + s[1] * (ow - 1) + 1 : s[1]] += (
                contrib[:, :, i, j]
            )
    dx = dxp[:, :, p[0] : p[0] + x.shape[2], p[1] : p[1] + x.shape[3]]
    return np.ascontiguousarray(dx), dw, db


def relu(x):
    """``max(x, 0)`` elementwise.

    Parameters
    ----------
    x : array_like

    Returns
    -------
    ndarray, shape of ``x``

    Examples
    --------
    >>> relu(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 2.])
    """
    return np.maximum(np.asarray(x), 0)


def relu_backward(x, grad_out):
    """Gradient through ReLU: ``grad_out`` where ``x > 0``, else 0.

    Parameters
    ----------
    x : array_like
        The ReLU's input.
    grad_out : array_like, shape of ``x``
        Gradient with respect to the ReLU's output.

    Returns
    -------
    ndarray, shape of ``x``

    Raises
    ------
    ValueError
        If the shapes differ.

    Examples
    --------
    >>> relu_backward(np.array([-1.0, 2.0]), np.array([5.0, 5.0]))
    array([0., 5.])
    """
    x, g = np.asarray(x), np.asarray(grad_out)
    if x.shape != g.shape:
        raise ValueError(f"`grad_out` must have the shape of `x`; got {g.shape} and {x.shape}")
    return np.where(x > 0, g, 0.0)


def softmax_cross_entropy(logits, labels):
    """Mean cross-entropy of softmax probabilities, and its gradient.

    Parameters
    ----------
    logits : (N, K) array_like
        Class scores.
    labels : (N,) array_like of int
        True classes, ``0 <= label < K``.

    Returns
    -------
    loss : float
        ``mean(-log softmax(logits)[label])``.
    grad : (N, K) ndarray
        ``(softmax(logits) - one_hot(labels)) / N``.

    Raises
    ------
    TypeError, ValueError
        If the labels are not integers in range or shapes disagree.

    Examples
    --------
    >>> loss, grad = softmax_cross_entropy(np.zeros((1, 4)), [2])
    >>> round(loss, 4)  # log(4): a uniform guess
    1.3863
    >>> grad
    array([[ 0.25,  0.25, -0.75,  0.25]])
    """
    z = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels)
    if z.ndim != 2:
        raise ValueError(f"`logits` must be (N, K); got shape {z.shape}")
    if y.dtype.kind not in "iu":
        raise TypeError(f"`labels` must be integers (class indices); got dtype {y.dtype}")
    if y.shape != (z.shape[0],):
        raise ValueError(f"`labels` must have shape ({z.shape[0]},); got {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= z.shape[1]):
        raise ValueError(
            f"`labels` must lie in [0, {z.shape[1]}) for {z.shape[1]} classes; "
            f"got values from {y.min()} to {y.max()}"
        )
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = z.shape[0]
    loss = -float(log_p[np.arange(n), y].mean())
    grad = np.exp(log_p)
    grad[np.arange(n), y] -= 1.0
    return loss, grad / n
