"""A plain loop over windows: the definition the fast engine is tested against.

Written for clarity, not speed; it follows PyTorch's CPU kernels step by step.
"""

from __future__ import annotations

import math

import numpy as np


def out_len(n, k, s, p, d, ceil_mode):
    num = n + 2 * p - d * (k - 1) - 1
    out = (math.ceil(num / s) if ceil_mode else math.floor(num / s)) + 1
    if ceil_mode and (out - 1) * s >= n + p:
        out -= 1
    return out


def pool_plane(x, k, s, p, d, ceil_mode, mode, count_include_pad=True):
    """Pool one 2-D plane; every argument a pair."""
    H, W = x.shape
    OH = out_len(H, k[0], s[0], p[0], d[0], ceil_mode)
    OW = out_len(W, k[1], s[1], p[1], d[1], ceil_mode)
    if mode == "avg":
        out = np.zeros((OH, OW), dtype=np.float64)
    else:
        out = np.zeros((OH, OW), dtype=x.dtype)
    idx = np.zeros((OH, OW), dtype=np.int64)
    for i in range(OH):
        for j in range(OW):
            r0, c0 = i * s[0] - p[0], j * s[1] - p[1]
            taps = [(r0 + a * d[0], c0 + b * d[1]) for a in range(k[0]) for b in range(k[1])]
            inside = [(r, c) for r, c in taps if 0 <= r < H and 0 <= c < W]
            if mode == "avg":
                total = sum(float(x[r, c]) for r, c in inside)
                if count_include_pad:
                    div = sum(1 for r, c in taps if r < H + p[0] and c < W + p[1])
                else:
                    div = len(inside)
                out[i, j] = total / div
                continue
            best, where = None, None
            for r, c in inside:
                val = x[r, c]
                better = best is None or (val > best if mode == "max" else val < best)
                if better or (isinstance(val, float | np.floating) and np.isnan(val)):
                    best, where = val, r * W + c
            if best is None:  # a window of padding only (dilation): PyTorch's start values
                if x.dtype.kind == "f":
                    best = -np.inf if mode == "max" else np.inf
                else:
                    info = np.iinfo(x.dtype)
                    best = info.min if mode == "max" else info.max
                rr = next(r for r in range(r0, r0 + d[0] * k[0] + 1, d[0]) if r >= 0)
                cc = next(c for c in range(c0, c0 + d[1] * k[1] + 1, d[1]) if c >= 0)
                where = rr * W + cc
            out[i, j], idx[i, j] = best, where
    return out, idx


def pool(x, k, s, p, d, ceil_mode, mode, count_include_pad=True):
    """Pool the last two axes of x, any leading axes; every argument a pair."""
    x = np.asarray(x)
    planes = x.reshape((-1,) + x.shape[-2:])
    outs = [pool_plane(pl, k, s, p, d, ceil_mode, mode, count_include_pad) for pl in planes]
    out = np.stack([o for o, _ in outs])
    idx = np.stack([i for _, i in outs])
    shape = x.shape[:-2] + out.shape[-2:]
    return out.reshape(shape), idx.reshape(shape)
