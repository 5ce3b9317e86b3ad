"""Measures: arrays in, numbers out (no drawing).

shifting (moves and what they change), noise, resolution and segmentation,
params (parameter counts), coverage, gradients (finite differences and the
shares global pooling sends back).
"""

from .coverage import uncovered
from .gradients import global_gradients, numerical_gradient, rel_error
from .noise import add_noise, global_spread, noise_error
from .params import conv_params, dense_params, head_params, pooled_sizes
from .resolution import iou, pool_repeatedly, upsample_nearest
from .segmentation import encode_decode, pool_then_upsample
from .shifting import (
    first_changing_shift,
    move_pixels,
    pooled_change,
    shift_consistency,
    shift_images,
    shift_map,
)

__all__ = [
    "add_noise",
    "conv_params",
    "dense_params",
    "encode_decode",
    "first_changing_shift",
    "global_gradients",
    "global_spread",
    "head_params",
    "iou",
    "move_pixels",
    "noise_error",
    "numerical_gradient",
    "pool_repeatedly",
    "pool_then_upsample",
    "pooled_change",
    "pooled_sizes",
    "rel_error",
    "shift_consistency",
    "shift_images",
    "shift_map",
    "uncovered",
    "upsample_nearest",
]
