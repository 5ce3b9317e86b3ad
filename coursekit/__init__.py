"""coursekit: the pooling course's NumPy engine, data, figures, widgets and checks.

Every notebook imports from here, explicitly::

    from coursekit import ANCHOR, pool2d, global_pool
"""

from .adaptive import adaptive_bounds, adaptive_pool2d
from .backward import numerical_gradient, pool2d_backward, rel_error
from .beyond_checks import check_beyond
from .blurpool import blur_filter, blur_pool2d, shift_consistency
from .checks import PARTS, check, hint
from .data import ANCHOR, load_image
from .exercise_figures import (
    global_gradients,
    global_spread,
    show_coverage,
    show_global_gradients,
    show_global_spread,
    show_masks,
    uncovered,
)
from .feedback import Feedback
from .geometry import output_size
from .gradient_widgets import gradient_explorer
from .image_widgets import image_explorer
from .implementation import (
    FEATURES,
    IMPLEMENTATION_STEPS,
    check_implementation,
    time_pooling,
)
from .indices import max_pool2d_with_indices, max_unpool2d
from .noise import add_noise, feature_patch, noise_error
from .params import conv_params, dense_params, head_params, pooled_sizes
from .plotting import (
    show_head_params,
    show_image_pooling,
    show_map,
    show_mask_pooling,
    show_noise_error,
    show_pooling,
    show_repeated_pooling,
    show_shift,
    show_windows,
    window_rects,
)
from .pooling import global_pool, pool2d
from .progress import progress
from .resolution import iou, pool_repeatedly, shapes_mask, upsample_nearest
from .segmentation import encode_decode, pool_then_upsample
from .self_check import self_check
from .shifting import first_changing_shift, pooled_change, shift_map
from .widgets import noise_explorer, pooling_explorer, shift_explorer

__all__ = [
    "ANCHOR",
    "FEATURES",
    "Feedback",
    "IMPLEMENTATION_STEPS",
    "PARTS",
    "adaptive_bounds",
    "adaptive_pool2d",
    "add_noise",
    "blur_filter",
    "blur_pool2d",
    "check",
    "check_beyond",
    "check_implementation",
    "conv_params",
    "dense_params",
    "encode_decode",
    "feature_patch",
    "first_changing_shift",
    "global_gradients",
    "global_pool",
    "global_spread",
    "gradient_explorer",
    "head_params",
    "hint",
    "image_explorer",
    "iou",
    "load_image",
    "max_pool2d_with_indices",
    "max_unpool2d",
    "noise_error",
    "noise_explorer",
    "numerical_gradient",
    "output_size",
    "pool2d",
    "pool2d_backward",
    "pool_repeatedly",
    "pool_then_upsample",
    "pooled_change",
    "pooled_sizes",
    "pooling_explorer",
    "progress",
    "rel_error",
    "self_check",
    "shapes_mask",
    "shift_consistency",
    "shift_explorer",
    "shift_map",
    "show_coverage",
    "show_global_gradients",
    "show_global_spread",
    "show_head_params",
    "show_image_pooling",
    "show_map",
    "show_mask_pooling",
    "show_masks",
    "show_noise_error",
    "show_pooling",
    "show_repeated_pooling",
    "show_shift",
    "show_windows",
    "time_pooling",
    "uncovered",
    "upsample_nearest",
    "window_rects",
]

__version__ = "0.1.0"
