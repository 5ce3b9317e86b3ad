"""The course's data: the anchor feature map and real images that ship offline."""

from __future__ import annotations

import numpy as np

__all__ = ["ANCHOR", "load_image"]


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
