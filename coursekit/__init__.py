"""coursekit: the pooling course's NumPy engine, measures, figures, widgets and checks.

Every notebook imports from here, explicitly::

    from coursekit import ANCHOR, pool2d, check

The package is a house of rooms that import downward only::

    engine/    NumPy only: geometry, pooling, indices, adaptive, blurpool, backward
    measures/  arrays in, numbers out: shifting, noise, resolution, params, ...
    cnn/       the small NumPy network of lesson 20
    figures/   what is drawn (matplotlib)
    widgets/   the explorers (ipywidgets)
    checks/    every checked part, its feedback and the learner's progress

with ``data`` (the anchor map, photographs, generated maps, digits),
``_validation`` (every argument rule) and ``_render`` (number format, palettes,
the HTML map table) shared below them. Names load on first use (PEP 562), so
``import coursekit`` and ``from coursekit import pool2d`` stay cheap: matplotlib
and ipywidgets load only when a figure or a widget is asked for.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: Public name -> the module (relative to this package) that defines it.
_HOME = {
    # data
    "ANCHOR": "data",
    "feature_patch": "data",
    "load_digits_split": "data",
    "load_image": "data",
    "shapes_mask": "data",
    # engine
    "adaptive_bounds": "engine",
    "adaptive_pool2d": "engine",
    "blur_filter": "engine",
    "blur_pool2d": "engine",
    "global_pool": "engine",
    "max_pool2d_with_indices": "engine",
    "max_unpool2d": "engine",
    "output_size": "engine",
    "pool2d": "engine",
    "pool2d_backward": "engine",
    "window_rects": "engine",
    # measures
    "add_noise": "measures",
    "conv_params": "measures",
    "dense_params": "measures",
    "encode_decode": "measures",
    "first_changing_shift": "measures",
    "global_gradients": "measures",
    "global_spread": "measures",
    "head_params": "measures",
    "iou": "measures",
    "noise_error": "measures",
    "numerical_gradient": "measures",
    "pool_repeatedly": "measures",
    "pool_then_upsample": "measures",
    "pooled_change": "measures",
    "pooled_sizes": "measures",
    "rel_error": "measures",
    "shift_consistency": "measures",
    "shift_images": "measures",
    "shift_map": "measures",
    "uncovered": "measures",
    "upsample_nearest": "measures",
    # the small network
    "accuracy": "cnn",
    "conv2d": "cnn",
    "init_params": "cnn",
    "network_backward": "cnn",
    "network_forward": "cnn",
    "param_count": "cnn",
    "relu": "cnn",
    "shift_labels": "cnn",
    "shift_study": "cnn",
    "softmax_cross_entropy": "cnn",
    "train": "cnn",
    # figures
    "show_adaptive_windows": "figures",
    "show_consistency": "figures",
    "show_coverage": "figures",
    "show_digits": "figures",
    "show_filters": "figures",
    "show_global_gradients": "figures",
    "show_global_spread": "figures",
    "show_gradients": "figures",
    "show_head_params": "figures",
    "show_image_gradients": "figures",
    "show_image_pooling": "figures",
    "show_image_row": "figures",
    "show_map": "figures",
    "show_mask_pooling": "figures",
    "show_masks": "figures",
    "show_noise_error": "figures",
    "show_pooling": "figures",
    "show_repeated_pooling": "figures",
    "show_shift": "figures",
    "show_shift_accuracy": "figures",
    "show_shift_outputs": "figures",
    "show_training": "figures",
    "show_windows": "figures",
    # widgets
    "gradient_explorer": "widgets",
    "image_explorer": "widgets",
    "noise_explorer": "widgets",
    "pooling_explorer": "widgets",
    "shift_explorer": "widgets",
    # checks
    "FEATURES": "checks",
    "Feedback": "checks",
    "GRAD_OUT": "checks",
    "IMPLEMENTATION_STEPS": "checks",
    "PARTS": "checks",
    "check": "checks",
    "check_beyond": "checks",
    "check_implementation": "checks",
    "hint": "checks",
    "progress": "checks",
    "self_check": "checks",
    "solution": "checks",
    "solved": "checks",
    "time_pooling": "checks",
}

__all__ = sorted(_HOME)


def __getattr__(name: str):
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'coursekit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
