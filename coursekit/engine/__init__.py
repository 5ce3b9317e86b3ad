"""The pooling engine: NumPy only (no matplotlib, no ipywidgets).

geometry (output sizes, window positions), pooling (max / avg / min, global) on the
separable passes of `passes` and the signed-zero rule of `zeros`,
indices (max pooling with indices, unpooling), adaptive, blurpool, backward.
"""

from .adaptive import adaptive_bounds, adaptive_pool2d
from .backward import pool2d_backward
from .blurpool import blur_filter, blur_pool2d
from .geometry import output_size, window_rects
from .indices import max_pool2d_with_indices, max_unpool2d
from .pooling import global_pool, pool2d

__all__ = [
    "adaptive_bounds",
    "adaptive_pool2d",
    "blur_filter",
    "blur_pool2d",
    "global_pool",
    "max_pool2d_with_indices",
    "max_unpool2d",
    "output_size",
    "pool2d",
    "pool2d_backward",
    "window_rects",
]
