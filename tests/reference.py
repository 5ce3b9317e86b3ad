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


def _windows(n, k, s, p, d, ceil_mode):
    """Taps of each window along one axis, input coordinates (may be outside)."""
    return [[o * s - p + a * d for a in range(k)] for o in range(out_len(n, k, s, p, d, ceil_mode))]


def backward_plane(x, g, k, s, p, d, ceil_mode, mode, count_include_pad=True):
    """Gradient of one plane, PyTorch's way: output cells in row-major order,
    each adding its gradient (over the divisor, for "avg") to the cells it read;
    max and min send it to the first extreme (pool_plane's index). A window that
    reads no input cell passes nothing on."""
    H, W = x.shape
    rows, cols = (
        _windows(H, k[0], s[0], p[0], d[0], ceil_mode),
        _windows(W, k[1], s[1], p[1], d[1], ceil_mode),
    )
    grad = np.zeros((H, W))
    if mode != "avg":
        _, idx = pool_plane(x, k, s, p, d, ceil_mode, mode)
    for i, rr in enumerate(rows):
        for j, cc in enumerate(cols):
            inside = [(r, c) for r in rr for c in cc if 0 <= r < H and 0 <= c < W]
            if not inside:
                continue
            if mode == "avg":
                if count_include_pad:
                    div = sum(1 for r in rr for c in cc if r < H + p[0] and c < W + p[1])
                else:
                    div = len(inside)
                for r, c in inside:
                    grad[r, c] += float(g[i, j]) / div
            else:
                r, c = divmod(int(idx[i, j]), W)
                grad[r, c] += float(g[i, j])
    return grad


def adaptive_plane(x, oh, ow, mode):
    """Adaptive pooling of one plane, PyTorch's way: window i of an axis of n
    covers floor(i*n/out) <= j < ceil((i+1)*n/out); the sum starts at 0 and runs
    in row-major order; max and min keep the first extreme, and a NaN wins."""
    H, W = x.shape
    out = np.zeros((oh, ow), dtype=np.float64 if mode == "avg" else x.dtype)
    for i in range(oh):
        r0, r1 = (i * H) // oh, -((-(i + 1) * H) // oh)
        for j in range(ow):
            c0, c1 = (j * W) // ow, -((-(j + 1) * W) // ow)
            cells = [x[r, c] for r in range(r0, r1) for c in range(c0, c1)]
            if mode == "avg":
                total = 0.0
                for val in cells:
                    total += float(val)
                out[i, j] = total / len(cells)
                continue
            best = cells[0]
            for val in cells[1:]:
                if best != best:  # NaN: later values never replace it, except NaN
                    if val != val:
                        best = val
                    continue
                if val != val or (val > best if mode == "max" else val < best):
                    best = val
            out[i, j] = best
    return out


def blur_plane(x, row, stride):
    """Reflect-pad one plane ((f-1)//2 before, f//2 after; edge when a side is
    one cell), then correlate with outer(row, row) at ``stride``, window by window."""
    f = len(row)
    pads = ((f - 1) // 2, f // 2)
    mode_h = "reflect" if x.shape[0] > 1 else "edge"
    mode_w = "reflect" if x.shape[1] > 1 else "edge"
    padded = np.pad(np.asarray(x, dtype=np.float64), (pads, (0, 0)), mode=mode_h)
    padded = np.pad(padded, ((0, 0), pads), mode=mode_w)
    OH = (padded.shape[0] - f) // stride[0] + 1
    OW = (padded.shape[1] - f) // stride[1] + 1
    out = np.zeros((OH, OW))
    for i in range(OH):
        for j in range(OW):
            total = 0.0
            for a in range(f):
                for b in range(f):
                    total += row[a] * row[b] * padded[i * stride[0] + a, j * stride[1] + b]
            out[i, j] = total
    return out
