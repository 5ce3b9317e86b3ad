"""A small convolutional network in NumPy, built on the engine's pooling.

layers (forward and backward of convolution, ReLU, softmax cross-entropy),
network (parameters, the two heads, Adam, prediction), training, and the shift
study of lesson 20 (both heads, every direction, several seeds).
"""

from .layers import conv2d, conv2d_backward, relu, relu_backward, softmax_cross_entropy
from .network import (
    accuracy,
    adam_step,
    init_params,
    network_backward,
    network_forward,
    param_count,
    predict,
)
from .shift_study import shift_labels, shift_study
from .training import train

__all__ = [
    "accuracy",
    "adam_step",
    "conv2d",
    "conv2d_backward",
    "init_params",
    "network_backward",
    "network_forward",
    "param_count",
    "predict",
    "relu",
    "relu_backward",
    "shift_labels",
    "shift_study",
    "softmax_cross_entropy",
    "train",
]
