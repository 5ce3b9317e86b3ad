"""The course's data: the anchor map, photographs, generated maps and the digits.

Nothing is downloaded: photographs come from scikit-image, digits from
scikit-learn, everything else is generated.
"""

from __future__ import annotations

import numpy as np

from . import _validation as v

__all__ = ["ANCHOR", "feature_patch", "load_digits_split", "load_image", "shapes_mask"]


def _anchor() -> np.ndarray:
    arr = np.array(
        [
            [12, 20, 3, 7],
            [8, 15, 11, 4],
            [6, 9, 14, 18],
            [2, 10, 5, 16],
        ],
        dtype=np.int64,
    )
    arr.flags.writeable = False
    return arr


#: The 4x4 feature map every lesson starts from, read-only (``int64``).
ANCHOR = _anchor()

_IMAGES = ("camera", "coins", "moon", "text", "page", "checkerboard")


def load_image(name: str = "camera", size: int | None = None) -> np.ndarray:
    """A grey-scale photograph as float64 in [0, 1], from scikit-image's data.

    The images ship inside the scikit-image package, so nothing is downloaded.

    Parameters
    ----------
    name : {"camera", "coins", "moon", "text", "page", "checkerboard"}
        Which sample image.
    size : int, optional
        Crop the centre to ``size x size`` (at most the image's shorter side).

    Returns
    -------
    (H, W) ndarray of float64

    Examples
    --------
    >>> load_image("camera").shape
    (512, 512)
    >>> load_image("coins", size=128).shape
    (128, 128)
    """
    if not isinstance(name, str) or name not in _IMAGES:
        raise ValueError(f"`name` must be one of {', '.join(map(repr, _IMAGES))}; got {name!r}")
    from skimage import data as skdata

    img = np.asarray(getattr(skdata, name)(), dtype=np.float64)
    if img.ndim == 3:
        img = img[..., :3].mean(axis=-1)
    img = img / 255.0 if img.max() > 1 else img
    if size is not None:
        short = min(img.shape)
        if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= short:
            raise ValueError(f"`size` must be an int from 1 to {short} for {name!r}; got {size!r}")
        top = (img.shape[0] - size) // 2
        left = (img.shape[1] - size) // 2
        img = img[top : top + size, left : left + size]
    return np.ascontiguousarray(img)


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


def shapes_mask(size=256):
    """A synthetic segmentation mask: a disc, thin bars and small squares.

    The bars are 2, 4 and 12 pixels wide and the squares 3 and 6 pixels, so
    three 2x2 poolings (8-pixel blocks) show which structures survive.

    Parameters
    ----------
    size : int, default 256
        Side of the square mask, at least 32.

    Returns
    -------
    (size, size) ndarray of bool

    Examples
    --------
    >>> m = shapes_mask(64)
    >>> m.shape, m.dtype
    ((64, 64), dtype('bool'))
    """
    n = v.pair(size, "size")[0]
    if n < 32:
        raise ValueError(f"`size` must be at least 32; got size={n}")
    u = n / 256
    yy, xx = np.mgrid[0:n, 0:n]
    mask = (yy - 90 * u) ** 2 + (xx - 80 * u) ** 2 <= (50 * u) ** 2
    for i, width in enumerate((2, 4, 12)):
        top = int((160 + 28 * i) * u) + 3
        mask[top : top + max(1, int(width * u)), int(20 * u) : int(236 * u)] = True
    for i, side in enumerate((3, 6)):
        r, c = int((40 + 40 * i) * u) + 5, int(190 * u) + 5
        mask[r : r + max(1, int(side * u)), c : c + max(1, int(side * u))] = True
    return mask


def feature_patch(size=8, patch=4, *, level=1.0):
    """A clean test map: ``level`` on a ``patch x patch`` top-left block, 0 elsewhere.

    Parameters
    ----------
    size : int, default 8
        Side of the square map.
    patch : int, default 4
        Side of the block where the feature is present.
    level : float, default 1.0
        Keyword-only. The feature's strength.

    Returns
    -------
    (size, size) ndarray of float64

    Examples
    --------
    >>> feature_patch(4, 2)
    array([[1., 1., 0., 0.],
           [1., 1., 0., 0.],
           [0., 0., 0., 0.],
           [0., 0., 0., 0.]])
    """
    n, p = v.pair(size, "size")[0], v.pair(patch, "patch")[0]
    v.at_least((n, n), "size", 1)
    v.at_least((p, p), "patch", 0)
    if p > n:
        raise ValueError(f"`patch` must be at most `size`; got patch={p}, size={n}")
    out = np.zeros((n, n))
    out[:p, :p] = float(level)
    return out
