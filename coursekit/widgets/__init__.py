"""Widgets: the explorers learners move (ipywidgets); one module per explorer,
each built on ``base`` (controls, settings, layout)."""

from .gradient import gradient_explorer
from .image import image_explorer
from .noise import noise_explorer
from .pooling import pooling_explorer
from .shift import shift_explorer

__all__ = [
    "gradient_explorer",
    "image_explorer",
    "noise_explorer",
    "pooling_explorer",
    "shift_explorer",
]
