"""Figures: what learners see drawn (matplotlib). Each ``show_*`` draws one figure.

Grouped by what is drawn: ``maps`` (small maps cell by cell), ``map_changes``
(a map before and after a shift, gradients), ``images`` (photographs, masks,
digits) and ``charts`` (lines and bars); all draw maps with ``heatmap``.
"""

from .charts import (
    show_consistency,
    show_global_spread,
    show_head_params,
    show_noise_error,
    show_shift_accuracy,
    show_shift_outputs,
    show_training,
)
from .images import (
    show_digits,
    show_filters,
    show_image_gradients,
    show_image_pooling,
    show_image_row,
    show_mask_pooling,
    show_masks,
    show_repeated_pooling,
)
from .map_changes import show_global_gradients, show_gradients, show_shift
from .maps import show_adaptive_windows, show_coverage, show_map, show_pooling, show_windows

__all__ = [
    "show_adaptive_windows",
    "show_consistency",
    "show_coverage",
    "show_digits",
    "show_filters",
    "show_global_gradients",
    "show_global_spread",
    "show_gradients",
    "show_head_params",
    "show_image_gradients",
    "show_image_pooling",
    "show_image_row",
    "show_map",
    "show_mask_pooling",
    "show_masks",
    "show_noise_error",
    "show_pooling",
    "show_repeated_pooling",
    "show_shift",
    "show_shift_accuracy",
    "show_shift_outputs",
    "show_training",
    "show_windows",
]
