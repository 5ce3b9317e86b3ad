"""Figures: what learners see drawn (matplotlib). Each ``show_*`` draws one figure."""

from .aliasing import show_consistency, show_shift_outputs
from .exercises import show_coverage, show_global_gradients, show_global_spread, show_masks
from .gradients import show_gradients, show_image_gradients
from .maps import (
    show_head_params,
    show_image_pooling,
    show_map,
    show_mask_pooling,
    show_noise_error,
    show_pooling,
    show_repeated_pooling,
    show_shift,
    show_windows,
)
from .network import (
    show_adaptive_windows,
    show_digits,
    show_filters,
    show_image_row,
    show_shift_accuracy,
    show_training,
)

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
