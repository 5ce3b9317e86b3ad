"""Parameter counts of classifier heads: why pooling before the dense layer matters.

A fully connected layer from ``n_in`` values to ``n_out`` classes holds
``n_in * n_out`` weights and ``n_out`` biases. Flattening a ``(C, H, W)`` map
makes ``n_in = C * H * W``; global average pooling makes ``n_in = C``.
"""

from __future__ import annotations

from .. import _validation as v
from ..engine.geometry import output_size

__all__ = ["dense_params", "head_params", "conv_params", "pooled_sizes"]

_HEADS = ("flatten", "gap")


def _shape(shape) -> tuple[int, int, int]:
    if not isinstance(shape, (tuple, list)) or len(shape) != 3:
        raise ValueError(
            f"`shape` must be a triple (C, H, W) of positive ints; got {shape!r}. "
            "Use e.g. shape=(512, 7, 7)"
        )
    c, h, w = (
        v.positive_int(s, name, example=10)
        for s, name in zip(shape, ("channels", "height", "width"), strict=True)
    )
    return c, h, w


def dense_params(n_in, n_out, *, bias=True):
    """Weights (and biases) of a fully connected layer ``n_in -> n_out``.

    Parameters
    ----------
    n_in : int
        Inputs to the layer, at least 1.
    n_out : int
        Outputs (e.g. classes), at least 1.
    bias : bool, default True
        Keyword-only. Count one bias per output.

    Returns
    -------
    int
        ``n_in * n_out + (n_out if bias else 0)``.

    Raises
    ------
    TypeError
        If a count is not an int or ``bias`` is not a bool.
    ValueError
        If a count is below 1.

    Examples
    --------
    >>> dense_params(8, 10)
    90
    >>> dense_params(128, 10, bias=False)
    1280
    """
    n_in, n_out = (
        v.positive_int(n_in, "n_in", example=10),
        v.positive_int(n_out, "n_out", example=10),
    )
    bias = v.flag(bias, "bias")
    return n_in * n_out + (n_out if bias else 0)


def head_params(shape, n_classes, *, head="flatten", bias=True):
    """Parameters of a classifier head on a ``(C, H, W)`` feature map.

    Parameters
    ----------
    shape : (int, int, int)
        The feature map's ``(C, H, W)``.
    n_classes : int
        Outputs of the dense layer.
    head : {"flatten", "gap"}, default "flatten"
        Keyword-only. ``"flatten"`` feeds all ``C * H * W`` values to the
        dense layer; ``"gap"`` first averages each channel to one number
        (global average pooling has no parameters of its own).
    bias : bool, default True
        Keyword-only. Count the dense layer's biases.

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If a size is not an int.
    ValueError
        If ``shape`` is not a triple, a size is below 1 or ``head`` is unknown.

    Examples
    --------
    >>> head_params((8, 4, 4), 10)
    1290
    >>> head_params((8, 4, 4), 10, head="gap")
    90
    >>> head_params((512, 7, 7), 1000, bias=False)
    25088000
    """
    c, h, w = _shape(shape)
    if head not in _HEADS:
        raise ValueError(
            f"`head` must be one of {', '.join(map(repr, _HEADS))}; got head={head!r}. "
            "Use 'gap' for global average pooling"
        )
    n_in = c * h * w if head == "flatten" else c
    return dense_params(n_in, n_classes, bias=bias)


def conv_params(in_channels, out_channels, kernel_size, *, bias=True):
    """Weights (and biases) of a 2-D convolution layer.

    Parameters
    ----------
    in_channels, out_channels : int
        Channels in and out.
    kernel_size : int or (int, int)
        ``k`` or ``(kH, kW)``.
    bias : bool, default True
        Keyword-only.

    Returns
    -------
    int
        ``in_channels * out_channels * kH * kW + (out_channels if bias else 0)``;
        independent of the map's height and width.

    Examples
    --------
    >>> conv_params(3, 64, 3)
    1792
    """
    cin, cout = (
        v.positive_int(in_channels, "in_channels", example=10),
        v.positive_int(out_channels, "out_channels", example=10),
    )
    kh, kw = v.pair(kernel_size, "kernel_size")
    v.at_least((kh, kw), "kernel_size", 1)
    bias = v.flag(bias, "bias")
    return cin * cout * kh * kw + (cout if bias else 0)


def pooled_sizes(n, times, kernel_size=2, stride=None):
    """Side length of a square map after each of ``times`` pooling layers.

    Parameters
    ----------
    n : int
        Starting side length.
    times : int
        Number of pooling layers (0 or more).
    kernel_size : int, default 2
    stride : int, optional
        ``None`` means ``kernel_size``.

    Returns
    -------
    list of int
        ``times + 1`` sizes, starting with ``n``.

    Raises
    ------
    ValueError
        If a layer's window no longer fits the map (the message names it).

    Examples
    --------
    >>> pooled_sizes(224, 5)
    [224, 112, 56, 28, 14, 7]
    >>> pooled_sizes(256, 3)
    [256, 128, 64, 32]
    """
    sizes = [v.positive_int(n, "n", example=10)]
    times = v.count(times, "times")
    for _ in range(times):
        sizes.append(int(output_size(sizes[-1], kernel_size, stride)))
    return sizes
