"""Widgets: the explorers learners move (ipywidgets); one module per explorer."""

from .explorers import noise_explorer, pooling_explorer, shift_explorer
from .gradient import gradient_explorer
from .image import image_explorer

__all__ = [
    "gradient_explorer",
    "image_explorer",
    "noise_explorer",
    "pooling_explorer",
    "shift_explorer",
]
