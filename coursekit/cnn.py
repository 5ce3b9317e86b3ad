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

import sys

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import _validation as v
from .backward import pool2d_backward
from .pooling import pool2d

__all__ = [
    "accuracy",
    "adam_step",
    "conv2d",
    "conv2d_backward",
    "init_params",
    "load_digits_split",
    "network_backward",
    "network_forward",
    "param_count",
    "predict",
    "relu",
    "relu_backward",
    "shift_images",
    "softmax_cross_entropy",
    "train",
]

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


def _positive_int(value, name: str) -> int:
    if not v.is_int(value):
        raise TypeError(f"`{name}` must be an int; got {v._describe(value)}")
    if value < 1:
        raise ValueError(f"`{name}` must be positive (at least 1); got {name}={value}")
    return int(value)


def _positive_float(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"`{name}` must be a number; got {v._describe(value)}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"`{name}` must be positive and finite; got {name}={value}")
    return float(value)


# ------------------------------------------------------------------ layers


def _pad(x: np.ndarray, p: tuple[int, int]) -> np.ndarray:
    if p == (0, 0):
        return x
    return np.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))


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
    x = _array4(x, "x")
    w = _array4(w, "w")
    s = v.pair(stride, "stride")
    p = v.pair(padding, "padding")
    expected = conv2d(x, w, stride=s, padding=p).shape
    g = np.asarray(grad_out, dtype=np.result_type(x.dtype, w.dtype))
    if g.shape != expected:
        raise ValueError(
            f"`grad_out` must have the shape of conv2d's output; got {g.shape}, expected {expected}"
        )
    kh, kw = w.shape[2:]
    xp = _pad(x, p)
    win = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, :: s[0], :: s[1]]
    dw = np.tensordot(g, win, axes=([0, 2, 3], [0, 2, 3]))  # (F, C, kH, kW)
    db = g.sum(axis=(0, 2, 3))
    dxp = np.zeros_like(xp)
    oh, ow = g.shape[2:]
    for i in range(kh):
        for j in range(kw):
            # every output position's gradient, through tap (i, j) of the filter
            contrib = np.tensordot(g, w[:, :, i, j], axes=([1], [0]))  # (N, OH, OW, C)
            dxp[:, :, i : i + s[0] * (oh - 1) + 1 : s[0], j : j + s[1] * (ow - 1) + 1 : s[1]] += (
                contrib.transpose(0, 3, 1, 2)
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


# ----------------------------------------------------------------- network


def _filters(filters) -> tuple[int, ...]:
    if v.is_int(filters):
        filters = (filters,)
    if not isinstance(filters, (tuple, list)) or not 1 <= len(filters) <= 2:
        raise TypeError(
            f"`filters` must be an int or a pair of ints (channels of one or two conv "
            f"layers); got {v._describe(filters)}. Use e.g. filters=(8, 16)"
        )
    return tuple(_positive_int(f, "filters") for f in filters)


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
    k = _positive_int(kernel_size, "kernel_size")
    if k % 2 == 0:
        raise ValueError(f"`kernel_size` must be odd so padding keeps the size; got {k}")
    n = _positive_int(image_size, "image_size")
    if n < 2:
        raise ValueError(f"`image_size` must be at least 2 to pool 2x2; got {n}")
    c = _positive_int(classes, "classes")
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
    lr = _positive_float(lr, "lr")
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
    bs = _positive_int(batch_size, "batch_size")
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
    epochs = _positive_int(epochs, "epochs")
    bs = _positive_int(batch_size, "batch_size")
    progress = v.flag(progress, "progress")
    if threads is not None:
        threads = _positive_int(threads, "threads")
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


# -------------------------------------------------------------------- data


def load_digits_split(test_size=0.25, seed=0, *, border=2):
    """scikit-learn's 8x8 digits, scaled to [0, 1], framed, split into train and test.

    Parameters
    ----------
    test_size : float, default 0.25
        Share of the 1,797 images kept for testing (stratified by class).
    seed : int, default 0
    border : int, default 2
        Keyword-only. Blank pixels added on every side, so that a digit can be
        moved by up to ``border`` pixels without losing any of its ink.

    Returns
    -------
    x_train : (N_train, 1, S, S) ndarray of float64
        ``S = 8 + 2 * border``.
    x_test : (N_test, 1, S, S) ndarray of float64
    y_train, y_test : ndarray of int64

    Raises
    ------
    TypeError, ValueError
        If ``test_size`` is not a float strictly between 0 and 1, or
        ``border`` is not a non-negative int.

    Examples
    --------
    >>> x_tr, x_te, y_tr, y_te = load_digits_split()
    >>> x_tr.shape, x_te.shape, float(x_tr.max())
    ((1347, 1, 12, 12), (450, 1, 12, 12), 1.0)
    """
    if isinstance(test_size, bool) or not isinstance(test_size, (float, np.floating)):
        raise TypeError(
            f"`test_size` must be a float between 0 and 1; got {v._describe(test_size)}"
        )
    if not 0 < test_size < 1:
        raise ValueError(f"`test_size` must be between 0 and 1; got test_size={test_size}")
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    if not v.is_int(border) or border < 0:
        raise (TypeError if not v.is_int(border) else ValueError)(
            f"`border` must be a non-negative int (blank pixels per side); got {border!r}"
        )
    digits = load_digits()
    x = (digits.images / 16.0)[:, None].astype(np.float64)
    x = np.pad(x, ((0, 0), (0, 0), (border, border), (border, border)))
    y = digits.target.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(
        x, y, test_size=test_size, random_state=seed, stratify=y
    )
    return x_tr, x_te, y_tr, y_te


def shift_images(x, down=0, right=0):
    """Move every image by whole pixels; cells moved in from outside are 0.

    Parameters
    ----------
    x : (..., H, W) array_like
    down, right : int
        Pixels down (negative: up) and right (negative: left).

    Returns
    -------
    ndarray, shape and dtype of ``x``

    Examples
    --------
    >>> shift_images(np.arange(4.0).reshape(1, 2, 2), right=1)
    array([[[0., 0.],
            [0., 2.]]])
    """
    arr = np.asarray(x)
    if arr.ndim < 2:
        raise ValueError(f"`x` must have at least 2 dimensions (..., H, W); got shape {arr.shape}")
    for value, name in ((down, "down"), (right, "right")):
        if not v.is_int(value):
            raise TypeError(f"`{name}` must be an int number of pixels; got {v._describe(value)}")
    h, w = arr.shape[-2:]
    out = np.zeros_like(arr)
    dy, dx = int(down), int(right)
    if abs(dy) >= h or abs(dx) >= w:
        return out
    src = arr[..., max(0, -dy) : h - max(0, dy), max(0, -dx) : w - max(0, dx)]
    out[..., max(0, dy) : max(0, dy) + src.shape[-2], max(0, dx) : max(0, dx) + src.shape[-1]] = src
    return out
