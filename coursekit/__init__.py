"""coursekit: the pooling course's NumPy engine, data, figures, widgets and checks.

Every notebook imports from here, explicitly::

    from coursekit import ANCHOR, pool2d, global_pool
"""

from .backward import numerical_gradient, pool2d_backward, rel_error
from .data import ANCHOR, load_image
from .feedback import Feedback
from .geometry import output_size
from .indices import max_pool2d_with_indices, max_unpool2d
from .plotting import show_map, show_pooling, show_windows, window_rects
from .pooling import global_pool, pool2d
from .widgets import pooling_explorer

__all__ = [
    "ANCHOR",
    "Feedback",
    "global_pool",
    "load_image",
    "max_pool2d_with_indices",
    "max_unpool2d",
    "numerical_gradient",
    "output_size",
    "pool2d",
    "pool2d_backward",
    "pooling_explorer",
    "rel_error",
    "show_map",
    "show_pooling",
    "show_windows",
    "window_rects",
]

__version__ = "0.1.0"
