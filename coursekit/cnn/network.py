"""A small convolutional network in NumPy alone, to see what pooling changes.

conv 3x3 -> ReLU -> max pool 2x2 -> conv 3x3 -> ReLU -> one of two heads ->
softmax (the second convolution is optional: ``filters=8`` gives one layer):

- ``"flatten"``: flatten the pooled maps into one long vector, then a fully
  connected layer (a weight for every channel *and position*);
- ``"gap"``: global average pooling to one number per channel, then a small
  fully connected layer (a weight per channel only).

Every layer has a forward and a backward function, checked against numerical
gradients in the tests. The pooling is coursekit's own :func:`~coursekit.pool2d`
and :func:`~coursekit.pool2d_backward`. Parameters live in a plain dict of
arrays; training is Adam on mini-batches with a fixed seed, so a run gives the
same numbers every time. Data: scikit-learn's 8x8 digits, which ship inside
the package (1,797 images, no download).
"""

from __future__ import annotations

import numpy as np

from .. import _validation as v
from ..engine.backward import pool2d_backward
from ..engine.pooling import pool2d
from .layers import (
    _array4,
    _head,
    conv2d,
    conv2d_backward,
    relu,
    relu_backward,
)

__all__ = [
    "accuracy",
    "adam_step",
    "init_params",
    "network_backward",
    "network_forward",
    "param_count",
    "predict",
]


def _filters(filters) -> tuple[int, ...]:
    if v.is_int(filters):
        filters = (filters,)
    if not isinstance(filters, (tuple, list)) or not 1 <= len(filters) <= 2:
        raise TypeError(
            f"`filters` must be an int or a pair of ints (channels of one or two conv "
            f"layers); got {v._describe(filters)}. Use e.g. filters=(8, 16)"
        )
    return tuple(v.positive_int(f, "filters") for f in filters)


def init_params(
    head="flatten", *, filters=(8, 16), kernel_size=3, image_size=12, classes=10, seed=0
):
    """Fresh parameters of the small CNN, He-initialised from a fixed seed.

    The network: conv 1 -> ReLU -> max pool 2x2 [-> conv 2 -> ReLU] -> head.

    Parameters
    ----------
    head : {"flatten", "gap"}, default "flatten"
        The classifier head.
    filters : int or (int, int), default (8, 16)
        Keyword-only. Channels of each convolution layer (one or two layers).
    kernel_size : int, default 3
        Keyword-only. Odd filter size; padding keeps the map size.
    image_size : int, default 12
        Keyword-only. Side of the square input.
    classes : int, default 10
        Keyword-only.
    seed : int, default 0
        Keyword-only.

    Returns
    -------
    dict of str to ndarray
        ``conv1_w (F1, 1, k, k)``, ``conv1_b (F1,)``, [``conv2_w (F2, F1, k, k)``,
        ``conv2_b (F2,)``], ``fc_w (D, classes)``, ``fc_b (classes,)`` with
        ``D = F_last * (image_size // 2)**2`` for ``"flatten"`` and
        ``D = F_last`` for ``"gap"``.

    Raises
    ------
    TypeError, ValueError
        If an argument breaks its rule.

    Examples
    --------
    >>> {k: v.shape for k, v in init_params("gap", filters=8, image_size=8).items()}
    {'conv1_w': (8, 1, 3, 3), 'conv1_b': (8,), 'fc_w': (8, 10), 'fc_b': (10,)}
    >>> param_count(init_params("flatten")), param_count(init_params("gap"))
    (7018, 1418)
    """
    head = _head(head)
    fs = _filters(filters)
    k = v.positive_int(kernel_size, "kernel_size")
    if k % 2 == 0:
        raise ValueError(f"`kernel_size` must be odd so padding keeps the size; got {k}")
    n = v.positive_int(image_size, "image_size")
    if n < 2:
        raise ValueError(f"`image_size` must be at least 2 to pool 2x2; got {n}")
    c = v.positive_int(classes, "classes")
    rng = np.random.default_rng(seed)
    params = {}
    fan_in = 1
    for i, f in enumerate(fs, 1):
        params[f"conv{i}_w"] = rng.normal(0.0, np.sqrt(2.0 / (fan_in * k * k)), (f, fan_in, k, k))
        params[f"conv{i}_b"] = np.zeros(f)
        fan_in = f
    d = fs[-1] * (n // 2) ** 2 if head == "flatten" else fs[-1]
    params["fc_w"] = rng.normal(0.0, np.sqrt(2.0 / d), size=(d, c))
    params["fc_b"] = np.zeros(c)
    return params


def param_count(params) -> int:
    """Number of trainable values in a parameter dict.

    Examples
    --------
    >>> param_count({"w": np.zeros((3, 4)), "b": np.zeros(4)})
    16
    """
    return int(sum(np.asarray(p).size for p in params.values()))


def _layers(params) -> int:
    return 2 if "conv2_w" in params else 1


def _infer_head(params) -> str:
    last = params[f"conv{_layers(params)}_w"].shape[0]
    return "gap" if params["fc_w"].shape[0] == last else "flatten"


def network_forward(params, x):
    """Class scores of the small CNN, and what the backward pass needs.

    Parameters
    ----------
    params : dict
        From :func:`init_params` (layers and head are read from the keys and shapes).
    x : (N, 1, H, W) array_like
        Images.

    Returns
    -------
    logits : (N, classes) ndarray
    cache : dict
        Intermediate maps: ``conv1``, ``act1``, ``pooled``, [``conv2``,
        ``act2``], ``maps`` (what the head gets) and ``features``.

    Examples
    --------
    >>> logits, cache = network_forward(init_params("gap"), np.zeros((2, 1, 12, 12)))
    >>> logits.shape, cache["pooled"].shape, cache["maps"].shape, cache["features"].shape
    ((2, 10), (2, 8, 6, 6), (2, 16, 6, 6), (2, 16))
    """
    x = _array4(x, "x")
    pad = params["conv1_w"].shape[-1] // 2
    cache = {"x": x}
    cache["conv1"] = conv2d(x, params["conv1_w"], params["conv1_b"], padding=pad)
    cache["act1"] = relu(cache["conv1"])
    maps = cache["pooled"] = pool2d(cache["act1"], 2)
    if _layers(params) == 2:
        cache["conv2"] = conv2d(maps, params["conv2_w"], params["conv2_b"], padding=pad)
        maps = cache["act2"] = relu(cache["conv2"])
    cache["maps"] = maps
    if _infer_head(params) == "gap":
        features = maps.mean(axis=(2, 3))
    else:
        features = maps.reshape(len(x), -1)
    cache["features"] = features
    return features @ params["fc_w"] + params["fc_b"], cache


def network_backward(params, cache, grad_logits):
    """Gradients of the loss with respect to every parameter.

    Parameters
    ----------
    params : dict
    cache : dict
        From :func:`network_forward`.
    grad_logits : (N, classes) array_like
        E.g. the second result of :func:`softmax_cross_entropy`.

    Returns
    -------
    dict of str to ndarray
        Same keys and shapes as ``params``.
    """
    g = np.asarray(grad_logits, dtype=np.float64)
    grads = {"fc_w": cache["features"].T @ g, "fc_b": g.sum(axis=0)}
    g_feat = g @ params["fc_w"].T
    maps = cache["maps"]
    if _infer_head(params) == "gap":
        hw = maps.shape[2] * maps.shape[3]
        g_maps = np.broadcast_to((g_feat / hw)[:, :, None, None], maps.shape)
    else:
        g_maps = g_feat.reshape(maps.shape)
    pad = params["conv1_w"].shape[-1] // 2
    if _layers(params) == 2:
        g_conv2 = relu_backward(cache["conv2"], g_maps)
        g_maps, grads["conv2_w"], grads["conv2_b"] = conv2d_backward(
            cache["pooled"], params["conv2_w"], g_conv2, padding=pad
        )
    g_act1 = pool2d_backward(cache["act1"], g_maps, 2)
    g_conv1 = relu_backward(cache["conv1"], g_act1)
    _, grads["conv1_w"], grads["conv1_b"] = conv2d_backward(
        cache["x"], params["conv1_w"], g_conv1, padding=pad
    )
    return {key: grads[key] for key in params}


def adam_step(params, grads, state, *, lr=0.01, betas=(0.9, 0.999), eps=1e-8):
    """One Adam update, in place; returns the updated optimiser state.

    Parameters
    ----------
    params, grads : dict of str to ndarray
        Same keys and shapes. ``params`` is updated in place.
    state : dict or None
        ``None`` on the first step; then what the previous call returned.
    lr : float, default 0.01
        Keyword-only. Step size.

    Returns
    -------
    dict
        The moment estimates and step count.

    Examples
    --------
    >>> p = {"w": np.array([1.0])}
    >>> state = adam_step(p, {"w": np.array([2.0])}, None, lr=0.1)
    >>> np.round(p["w"], 6)  # the first Adam step moves by lr against the sign
    array([0.9])
    """
    lr = v.positive_float(lr, "lr")
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()}}
        state["v"] = {k: np.zeros_like(p) for k, p in params.items()}
    state["t"] += 1
    b1, b2 = betas
    t = state["t"]
    for k, p in params.items():
        m = state["m"][k] = b1 * state["m"][k] + (1 - b1) * grads[k]
        s = state["v"][k] = b2 * state["v"][k] + (1 - b2) * grads[k] ** 2
        p -= lr * (m / (1 - b1**t)) / (np.sqrt(s / (1 - b2**t)) + eps)
    return state


def predict(params, x, *, batch_size=512):
    """Predicted class of each image: the highest score.

    Parameters
    ----------
    params : dict
        From :func:`init_params` or :func:`train`.
    x : (N, 1, H, W) array_like
    batch_size : int, default 512
        Keyword-only. Images per forward pass (bounds the memory used).

    Returns
    -------
    (N,) ndarray of int64

    Examples
    --------
    >>> predict(init_params("gap", image_size=4), np.zeros((3, 1, 4, 4))).shape
    (3,)
    """
    x = _array4(x, "x")
    bs = v.positive_int(batch_size, "batch_size")
    out = [network_forward(params, x[i : i + bs])[0].argmax(axis=1) for i in range(0, len(x), bs)]
    return np.concatenate(out)


def accuracy(params, x, y) -> float:
    """Fraction of images classified correctly, from 0 to 1.

    Parameters
    ----------
    params : dict
    x : (N, 1, H, W) array_like
    y : (N,) array_like of int

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``x`` and ``y`` differ in length.
    """
    y = np.asarray(y)
    if len(y) != len(x):
        raise ValueError(f"`x` and `y` must have the same length; got {len(x)} and {len(y)}")
    return float((predict(params, x) == y).mean())
