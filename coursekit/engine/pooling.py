"""Max, average and min pooling with PyTorch's semantics, in NumPy alone.

The engine is separable: the maximum (or sum) over a kH x kW window is the
maximum over kH rows of the maxima over kW columns. Each pass is a handful of
long one-dimensional ufunc calls over a block of planes that stays in cache,
so there is no Python loop over windows and no copy of the windows.

Temporaries stay within 1.5x the output's size. Scratch buffers up to 8 MiB
each are kept between calls (one set per thread), so repeated calls, as a
slider makes them, do not pay for fresh memory each time.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import numpy as np

from .. import _validation as v
from .geometry import plan

__all__ = ["pool2d", "global_pool"]

# Bytes of padded input handled per block: at most about the L2 cache (1 MiB
# here), and small enough that all temporaries together stay under the size of
# the output (an input-sized copy is never made), but not so small that the
# per-block call overhead dominates.
_BLOCK_MAX = 1024 * 1024
# All temporaries together stay within this multiple of the output's size.
_MEMORY_BUDGET = 1.5
_BLOCK_MIN = 64 * 1024


# Scratch buffers are kept between calls, one set per thread: a fresh large
# array per call costs a page fault per 4 KiB on first touch, which can double
# the time of a call (how often depends on the C allocator's state).
_SCRATCH_KEEP = 8 * 1024 * 1024
_local = threading.local()


def _scratch(name: str, size: int, dtype: np.dtype) -> np.ndarray:
    """A 1-D scratch array of ``size`` elements, reused across calls when small.

    Its contents are undefined: callers write before they read.
    """
    cache = getattr(_local, "buffers", None)
    if cache is None:
        cache = _local.buffers = {}
    buf = cache.get((name, dtype))
    if buf is None or buf.size < size:
        buf = np.empty(size, dtype=dtype)
        if buf.nbytes <= _SCRATCH_KEEP:
            cache[(name, dtype)] = buf
    return buf[:size]


def _fill_value(dtype: np.dtype, mode: str):
    """The value padding takes: one that max (or min) never picks."""
    if mode == "avg":
        return 0
    if dtype.kind == "b":
        return mode == "min"
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return info.min if mode == "max" else info.max
    return -np.inf if mode == "max" else np.inf


def _work_dtype(dtype: np.dtype, mode: str) -> np.dtype:
    if mode != "avg":
        return dtype
    if dtype.kind in "biu":
        return np.dtype(np.float64)
    if dtype.itemsize < 4:  # float16: sum in float32, give float16 back
        return np.dtype(np.float32)
    return dtype


def _out_dtype(dtype: np.dtype, mode: str) -> np.dtype:
    if mode == "avg" and dtype.kind in "biu":
        return np.dtype(np.float64)
    return dtype


def _planes_per_block(B: int, plane: int, per_plane: int, out_bytes: int) -> int:
    """How many planes one block holds: about a cache's worth of input, with all
    temporaries (``per_plane`` bytes each) within the memory budget; 0 when even
    one plane's temporaries would exceed it."""
    by_memory = int(_MEMORY_BUDGET * out_bytes) // max(per_plane, 1)
    if by_memory < 1:
        return 0
    return min(B, by_memory, max(_BLOCK_MIN // plane, _BLOCK_MAX // plane, 1))


def _line_reduce(src: np.ndarray, k: int, step: int, op, out: np.ndarray) -> np.ndarray:
    """``out[j] = op over i < k of src[j + i*step]`` for the valid j, 1-D.

    The tail of ``out`` (the last ``step*(k-1)`` entries) is left unwritten;
    callers never read it.
    """
    if k == 1:
        return src
    m = src.size - step * (k - 1)
    if m <= 0:  # no window fits inside: callers read none of it
        return out[: src.size]
    op(src[:m], src[step : step + m], out=out[:m])
    for i in range(2, k):
        op(out[:m], src[i * step : i * step + m], out=out[:m])
    return out[: src.size]


@lru_cache(maxsize=256)
def _row_plan(ah):
    """Output rows whose window lies inside the input, and the others' taps.

    Returns ``(lo, hi, edges)``: rows ``lo <= o < hi`` read only input rows;
    ``edges`` lists ``(o, taps)`` for the rest, with the taps that are inside.
    """
    taps = ah.taps()
    inside = (taps >= 0) & (taps < ah.n)
    whole = np.flatnonzero(inside.all(axis=1))
    lo, hi = (int(whole[0]), int(whole[-1]) + 1) if whole.size else (0, 0)
    edges = tuple(
        (o, tuple(int(t) for t in taps[o][inside[o]])) for o in range(ah.out) if not lo <= o < hi
    )
    return lo, hi, edges


def _separable_unpadded_rows(x3: np.ndarray, ah, aw, mode: str, zeros=None) -> np.ndarray:
    """Like :func:`_separable`, without copying the input into a padded block.

    The H pass reads the input itself; the few output rows whose window
    reaches into the padding (or past the end in ceil mode) are reduced over
    their inside taps only. Padding along W lives in the picked-rows buffer,
    whose pad columns are filled once.
    """
    B, H, W = x3.shape
    work = x3.dtype
    op = _OPS[mode]
    Wp, OH, OW = aw.span, ah.out, aw.out
    ww = min(W, Wp - aw.p)
    lo, hi, edges = _row_plan(ah)
    size = work.itemsize
    plane = H * W * size
    per_plane = size * (H * W * (ah.k > 1) + OH * Wp * (1 + (aw.k > 1)))
    nb_max = _planes_per_block(B, plane, per_plane, B * OH * OW * size)
    if nb_max == 0:  # one plane's temporaries would outweigh the output
        if zeros is not None:
            zeros.append(None)
        return _by_taps_in_place(x3, ah, aw, mode)
    out = np.empty((B, OH, OW), dtype=work)
    fill = _fill_value(work, mode)
    ver_buf = _scratch("ver", nb_max * H * W, work) if ah.k > 1 else None
    pick_buf = _scratch("pick", nb_max * OH * Wp, work)
    row_buf = _scratch("row", nb_max * OH * Wp, work) if aw.k > 1 else None
    c0, c1 = aw.p, aw.p + ww
    # The pad columns are written once per call; every block rewrites the rest.
    layout = pick_buf.reshape(nb_max, OH, Wp)
    layout[:, :, :c0] = fill
    layout[:, :, c1:] = fill
    r0 = lo * ah.s - ah.p
    for b0 in range(0, B, nb_max):
        nb = min(nb_max, B - b0)
        block = x3[b0 : b0 + nb]
        full = _line_reduce(block.reshape(-1), ah.k, ah.d * W, op, ver_buf).reshape(nb, H, W)
        picked = pick_buf[: nb * OH * Wp].reshape(nb, OH, Wp)
        if hi > lo:
            picked[:, lo:hi, c0:c1] = full[:, r0 : r0 + (hi - lo - 1) * ah.s + 1 : ah.s, :ww]
        for o, taps in edges:
            if taps:
                op.reduce(block[:, list(taps), :ww], axis=1, out=picked[:, o, c0:c1])
            else:
                picked[:, o, c0:c1] = fill
        rows = _line_reduce(picked.reshape(-1), aw.k, aw.d, op, row_buf)
        out[b0 : b0 + nb] = rows.reshape(nb, OH, Wp)[:, :, : (OW - 1) * aw.s + 1 : aw.s]
        if zeros is not None and _may_hold_zero(x3[b0 : b0 + nb], out[b0 : b0 + nb]):
            zeros.append((b0, b0 + nb))
    return out


def _sum_rows(dst: np.ndarray, src: np.ndarray, taps) -> None:
    """``dst = sum of src[..., t, :] over taps``, 0 without taps: (B, W) views."""
    if not taps:
        dst[...] = 0
    elif len(taps) == 1:
        dst[...] = src[:, taps[0]]
    else:
        np.add(src[:, taps[0]], src[:, taps[1]], out=dst)
        for t in taps[2:]:
            np.add(dst, src[:, t], out=dst)


def _average_flat(x3: np.ndarray, ah, aw, divisor):
    """Average pooling in the fewest passes over memory, divided block by block.

    For the common layouts: C-contiguous float32 or float64, and along W either
    stride 1 with ``OW == W`` (e.g. k3 s1 p1) or stride 2 with ``W == 2 * OW``
    (e.g. k3 s2 p1, k2 s2). Then an output row is a whole number of input rows
    wide, so the W pass is a few 1-D calls over the whole block that write
    straight into the output (stride 1), or into a buffer whose even entries
    are the output, taken in one contiguous pass by reading each pair of
    float32 as one uint64 and keeping its low half (stride 2), instead of a
    strided copy. Columns whose window reaches the padding (their 1-D sums
    wrap into the neighbouring row) are summed again from their inside taps
    with one strided 1-D call per tap. Along H, stride 1 with ``OH == H``
    writes the H pass straight into the rows buffer; other strides pick rows
    from the stride-1 pass, as :func:`_separable_unpadded_rows` does.

    Returns None when the layout does not fit (the caller takes the general
    path); else the (B, OH, OW) output, already divided by ``divisor``.
    """
    B, H, W = x3.shape
    work = x3.dtype
    OH, OW = ah.out, aw.out
    if work.kind != "f" or work.itemsize < 4 or not x3.flags.c_contiguous:
        return None
    if not ((aw.s == 1 and OW == W) or (aw.s == 2 and W == 2 * OW)):
        return None
    pairs = aw.s == 2 and work.itemsize == 4 and work.isnative and np.little_endian
    direct_h = ah.s == 1 and OH == H
    # Temporaries per plane: the stride-1 H pass (unless written straight into
    # the rows buffer), the rows buffer, and for stride 2 along W the sums,
    # which reuse the H pass's buffer once its rows are picked.
    ver = ah.k > 1 and not direct_h
    reuse = ver and H >= OH  # the sums fit in the H pass's buffer
    size = work.itemsize
    per_plane = size * (H * W * ver + OH * W * (1 + (aw.s == 2 and not reuse)))
    nb_max = _planes_per_block(B, H * W * size, per_plane, B * OH * OW * size)
    if nb_max == 0:
        return None
    lo, hi, row_edges = _row_plan(ah)
    _, _, col_edges = _row_plan(aw)  # the same plan, along W
    out = np.empty((B, OH, OW), dtype=work)
    ver_buf = _scratch("ver", nb_max * H * W, work) if ver else None
    pick_buf = _scratch("pick", nb_max * OH * W, work)
    sum_buf = None
    if aw.s == 2:
        sum_buf = ver_buf if reuse else _scratch("sums", nb_max * OH * W, work)
    r0 = lo * ah.s - ah.p
    for b0 in range(0, B, nb_max):
        nb = min(nb_max, B - b0)
        block = x3[b0 : b0 + nb]
        flat = block.reshape(-1)
        picked = pick_buf[: nb * OH * W]
        p3 = picked.reshape(nb, OH, W)
        # Pass 1, along H.
        if direct_h and ah.k > 1:  # row o of the stride-1 pass is output row o + p
            _line_reduce(flat, ah.k, ah.d * W, np.add, picked[ah.p * W :])
        elif direct_h:
            picked[...] = flat
        elif hi > lo:
            full = _line_reduce(flat, ah.k, ah.d * W, np.add, ver_buf).reshape(nb, H, W)
            p3[:, lo:hi] = full[:, r0 : r0 + (hi - lo - 1) * ah.s + 1 : ah.s]
        for o, taps in row_edges:
            _sum_rows(p3[:, o], block, taps)
        # Pass 2, along W, into the output (stride 1) or the sums buffer.
        target = out[b0 : b0 + nb].reshape(-1) if aw.s == 1 else sum_buf[: nb * OH * W]
        if aw.k > 1:
            _line_reduce(picked, aw.k, aw.d, np.add, target[aw.p :])
        else:
            target[...] = picked
        for j, taps in col_edges:
            dst = target[j * aw.s :: W]
            if not taps:
                dst[...] = 0
                continue
            dst[...] = picked[taps[0] :: W]
            for t in taps[1:]:
                np.add(dst, picked[t::W], out=dst)
        ob = out[b0 : b0 + nb]
        if aw.s == 2:
            if pairs:  # the low half of each little-endian uint64 is its even float32
                np.copyto(ob.reshape(-1).view(np.uint32), target.view(np.uint64), casting="unsafe")
            else:
                ob[...] = target.reshape(nb, OH, W)[:, :, ::2]
        ob /= divisor
    return out


def _separable(x3: np.ndarray, ah, aw, mode: str, zeros=None) -> np.ndarray:
    """Pool a (B, H, W) stack of planes; returns (B, OH, OW) in the work dtype.

    With a list ``zeros``, each block of planes whose output holds a zero is
    recorded as ``(b0, b1)`` while it is still in cache (None: not checked),
    for :func:`_keep_first_zero`.
    """
    B, H, W = x3.shape
    work = _work_dtype(x3.dtype, mode)
    if work == x3.dtype and x3.flags.c_contiguous and (ah.p or aw.p or ah.span > H):
        return _separable_unpadded_rows(x3, ah, aw, mode, zeros)
    op = _OPS[mode]
    Hp, Wp, OH, OW = ah.span, aw.span, ah.out, aw.out
    # Rows and columns of the input that the windows reach (ceil mode may reach
    # past the input, floor mode may stop short of its end).
    hh, ww = min(H, Hp - ah.p), min(W, Wp - aw.p)
    direct = (
        ah.p == 0
        and aw.p == 0
        and Hp == H
        and Wp == W
        and work == x3.dtype
        and x3.flags.c_contiguous
    )
    # Temporaries: padded copy, H pass (full size); row pick and W pass (OH rows).
    need_rows = not (ah.s == 1 and OH == Hp)
    size = work.itemsize
    plane = Hp * Wp * size
    per_plane = size * (Hp * Wp * ((not direct) + (ah.k > 1)) + OH * Wp * (need_rows + (aw.k > 1)))
    nb_max = _planes_per_block(B, plane, per_plane, B * OH * OW * size)
    if nb_max == 0:  # one plane's temporaries would outweigh the output
        if zeros is not None:
            zeros.append(None)
        return _by_taps_in_place(x3, ah, aw, mode)
    out = np.empty((B, OH, OW), dtype=work)
    pad_buf = None
    if not direct:
        pad_buf = _scratch("pad", nb_max * Hp * Wp, work).reshape(nb_max, Hp, Wp)
        pad_buf.fill(_fill_value(work, mode))  # the border; blocks rewrite the inside
    ver_buf = _scratch("ver", nb_max * Hp * Wp, work) if ah.k > 1 else None
    pick_buf = _scratch("pick", nb_max * OH * Wp, work) if need_rows else None
    row_buf = _scratch("row", nb_max * OH * Wp, work) if aw.k > 1 else None
    for b0 in range(0, B, nb_max):
        nb = min(nb_max, B - b0)
        if direct:
            src = x3[b0 : b0 + nb].reshape(-1)
        else:
            block = pad_buf[:nb]
            block[:, ah.p : ah.p + hh, aw.p : aw.p + ww] = x3[b0 : b0 + nb, :hh, :ww]
            src = block.reshape(-1)
        # Pass 1: along H at stride 1 as long 1-D calls (a tap is Wp values
        # further on), then every s-th row: whole contiguous rows, a cheap copy.
        full = _line_reduce(src, ah.k, ah.d * Wp, op, ver_buf)
        if need_rows:
            picked3 = pick_buf[: nb * OH * Wp].reshape(nb, OH, Wp)
            picked3[...] = full.reshape(nb, Hp, Wp)[:, : (OH - 1) * ah.s + 1 : ah.s]
            picked = picked3.reshape(-1)
        else:
            picked = full
        # Pass 2: along W, on the fewer rows, then every s-th column into out.
        rows = _line_reduce(picked, aw.k, aw.d, op, row_buf)
        out[b0 : b0 + nb] = rows.reshape(nb, OH, Wp)[:, :, : (OW - 1) * aw.s + 1 : aw.s]
        if zeros is not None and _may_hold_zero(x3[b0 : b0 + nb], out[b0 : b0 + nb]):
            zeros.append((b0, b0 + nb))
    return out


def _by_taps(x3: np.ndarray, ah, aw, mode: str) -> np.ndarray:
    """Small maps: combine the kH * kW strided taps directly (least overhead)."""
    B, H, W = x3.shape
    work = x3.dtype if mode != "avg" else _work_dtype(x3.dtype, mode)
    if ah.p or aw.p or ah.span > H or aw.span > W or work != x3.dtype:
        Hp, Wp = max(ah.span, H + ah.p), max(aw.span, W + aw.p)
        src = np.full((B, Hp, Wp), _fill_value(work, mode), dtype=work)
        src[:, ah.p : ah.p + H, aw.p : aw.p + W] = x3
    else:
        src = x3
    rows_end, cols_end = (ah.out - 1) * ah.s + 1, (aw.out - 1) * aw.s + 1
    op = _OPS[mode]
    if ah.s == ah.k and aw.s == aw.k and ah.d == 1 and aw.d == 1:
        # Windows tile the map: one reshape and a reduction over two axes.
        tiles = src[:, : ah.span, : aw.span].reshape(B, ah.out, ah.k, aw.out, aw.k)
        return op.reduce(tiles, axis=(2, 4))
    out = None
    for a in range(0, ah.k * ah.d, ah.d):
        rows = src[:, a : a + rows_end : ah.s]
        for b in range(0, aw.k * aw.d, aw.d):
            tap = rows[:, :, b : b + cols_end : aw.s]
            if out is None:
                out = tap.copy()
            else:
                op(out, tap, out=out)
    return out


def _tap_range(ax, a: int):
    """Output positions whose ``a``-th tap lies inside the input, and that tap's
    first input position: ``(lo, hi, first)``; empty when ``lo >= hi``."""
    offset = a * ax.d - ax.p
    lo = max(0, -(offset // ax.s)) if offset < 0 else 0
    hi = min(ax.out, (ax.n - 1 - offset) // ax.s + 1) if ax.n - 1 >= offset else 0
    return lo, hi, lo * ax.s + offset


def _by_taps_in_place(x3: np.ndarray, ah, aw, mode: str) -> np.ndarray:
    """Combine each tap's inside part straight into the output: no padded copy.

    For a single plane too large for the blocked path's temporaries: the only
    memory used is the output itself.
    """
    B = x3.shape[0]
    work = _work_dtype(x3.dtype, mode)
    op = _OPS[mode]
    out = np.full((B, ah.out, aw.out), _fill_value(work, mode), dtype=work)
    for a in range(ah.k):
        rlo, rhi, r0 = _tap_range(ah, a)
        if rlo >= rhi:
            continue
        rows = x3[:, r0 : r0 + (rhi - rlo - 1) * ah.s + 1 : ah.s]
        for b in range(aw.k):
            clo, chi, c0 = _tap_range(aw, b)
            if clo >= chi:
                continue
            target = out[:, rlo:rhi, clo:chi]
            op(target, rows[:, :, c0 : c0 + (chi - clo - 1) * aw.s + 1 : aw.s], out=target)
    return out


# For each float size: the signed and unsigned ints of that size, and the
# bits of -0.0 as the signed one (its minimum).
_ZERO_BITS = {
    size: (np.dtype(f"i{size}"), np.dtype(f"u{size}"), np.iinfo(f"i{size}").min)
    for size in (2, 4, 8)
}


def _has_zero(a: np.ndarray) -> bool:
    """Whether a float array holds +0.0 or -0.0, by two integer minima of its
    bits (faster than ``a.all()``): +0.0 is the only float whose bits are 0 as
    an unsigned int, -0.0 the only one whose bits are the most negative signed
    int."""
    signed, unsigned, lowest = _ZERO_BITS[a.dtype.itemsize]
    return bool(a.view(signed).min() == lowest or a.view(unsigned).min() == 0)


def _may_hold_zero(block: np.ndarray, out: np.ndarray) -> bool:
    """Whether ``out``, the max or min pooling of ``block``, may need its zeros'
    signs fixed. When the input is smaller than two passes over the output,
    one pass over it first: without -0.0 in the input every zero is +0.0 and
    none can be wrong."""
    if block.size < 2 * out.size:
        signed, _, lowest = _ZERO_BITS[block.dtype.itemsize]
        if block.view(signed).min() != lowest:
            return False
    return _has_zero(out)


def _keep_first_zero(x3: np.ndarray, ah, aw, out: np.ndarray, blocks=None) -> None:
    """Give each window whose extreme is a zero the sign of its first zero.

    ``np.maximum(0.0, -0.0)`` may return either zero, and the separable passes
    scan a window column by column; PyTorch keeps the first maximum (minimum)
    in row-major order, so a window of ``[[0.0, -0.0], [-0.0, -0.0]]`` gives
    ``0.0``. Only cells equal to zero can differ, so only they are scanned
    again, tap by tap, in PyTorch's order. ``blocks`` lists the ``(b0, b1)``
    ranges of planes that hold a zero, as the blocked path found them while
    each block was in cache; without it (or with a None in it) the whole
    output is checked first, two passes over it.
    """
    if out.dtype.kind != "f":
        return
    if blocks is None or None in blocks:
        if not _has_zero(out):
            return
        blocks = [(0, out.shape[0])]
    for b0, b1 in blocks:
        _first_zero_again(x3[b0:b1], ah, aw, out[b0:b1])


def _first_zero_again(x3: np.ndarray, ah, aw, out: np.ndarray) -> None:
    flat = out.reshape(-1)
    cells = np.flatnonzero(flat == 0)
    B, H, W = x3.shape
    plane, o = np.divmod(cells, ah.out * aw.out)
    oh, ow = np.divmod(o, aw.out)
    todo = np.ones(cells.size, dtype=bool)
    for a in range(ah.k):
        r = oh * ah.s - ah.p + a * ah.d
        for b in range(aw.k):
            c = ow * aw.s - aw.p + b * aw.d
            look = np.flatnonzero(todo & (r >= 0) & (r < H) & (c >= 0) & (c < W))
            vals = x3[plane[look], r[look], c[look]]
            hit = look[vals == 0]
            flat[cells[hit]] = vals[vals == 0]
            todo[hit] = False


_OPS = {"max": np.maximum, "min": np.minimum, "avg": np.add}
# Maps up to this many values take the direct path: per-call overhead dominates.
_SMALL = 2048


@lru_cache(maxsize=256)
def _divisor(ah, aw, count_include_pad: bool):
    """The divisor of each output cell, or one int when it is the same for all."""
    ch, cw = ah.counts(count_include_pad), aw.counts(count_include_pad)
    if ch.min() == ch.max() and cw.min() == cw.max():
        return int(ch[0]) * int(cw[0])
    return np.outer(ch, cw)


def pool2d(
    x,
    kernel_size,
    stride=None,
    padding=0,
    *,
    mode="max",
    dilation=1,
    ceil_mode=False,
    count_include_pad=True,
):
    """Max, average or min pooling over the last two axes, as PyTorch does it.

    Parameters
    ----------
    x : (H, W), (C, H, W) or (N, C, H, W) array_like
        Feature map(s) of real numbers (bool, int or float). ``N`` may be 0,
        as in PyTorch; a PyTorch tensor is read detached, as NumPy reads it.
    kernel_size : int or (int, int)
        Window size ``k`` or ``(kH, kW)``, at least 1.
    stride : int or (int, int), optional
        Step between windows; ``None`` (default) means ``kernel_size``.
    padding : int or (int, int), default 0
        Implicit padding on both sides, at most ``kernel_size // 2``. Max and
        min pooling never pick a padded cell; average pooling counts padded
        cells as zeros.
    mode : {"max", "avg", "min"}, default "max"
        Keyword-only. Which reduction each window gets.
    dilation : int or (int, int), default 1
        Keyword-only. Spacing between the taps of a window.
    ceil_mode : bool, default False
        Keyword-only. Round the output size up, keeping a last, partial window
        when it starts inside the input or its left padding.
    count_include_pad : bool, default True
        Keyword-only, average pooling only. Whether padded zeros count in the
        divisor. Cells past the right padding (ceil mode) never count.

    Returns
    -------
    out : (OH, OW), (C, OH, OW) or (N, C, OH, OW) ndarray
        Same leading axes as ``x``. Max and min keep ``x``'s dtype; average
        pooling of integers or bools gives float64, of floats keeps the dtype.

    Raises
    ------
    TypeError
        If ``x`` is not a real numeric array (or a tensor NumPy cannot read),
        or an argument has the wrong type (``2.0`` and ``True`` are not ints).
    ValueError
        If ``x`` has fewer than 2 or more than 4 axes or an empty axis other
        than N, a size is below 1 (padding below 0) or above ``2**31 - 1``, a
        pair has the wrong length, padding exceeds half the window, ``mode``
        is unknown, or the window does not fit the padded input.

    See Also
    --------
    output_size : the output length along one axis.
    global_pool : one value per plane.
    max_pool2d_with_indices : max pooling that also says where each max was.

    Notes
    -----
    Along each axis, ``out = floor((n + 2p - d(k - 1) - 1) / s) + 1``; in ceil
    mode ``ceil`` replaces ``floor`` and the last window is dropped if it
    would start at or past ``n + p``. ``min`` pooling equals ``-max(-x)``.
    NaN propagates: a window holding a NaN gives NaN, as in PyTorch, and an
    infinity stays in the windows that hold it. Ties keep the first extreme
    in row-major order, so ``[[0.0, -0.0], [-0.0, -0.0]]`` gives ``0.0``.

    The cost is about ``kH + kW`` passes over the data; no window is copied.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> pool2d(ANCHOR, 2)
    array([[20, 11],
           [10, 18]])
    >>> pool2d(ANCHOR, 2, mode="avg")
    array([[13.75,  6.25],
           [ 6.75, 13.25]])
    >>> pool2d(ANCHOR, 2, mode="min")
    array([[8, 3],
           [2, 5]])
    >>> pool2d(ANCHOR, 3, stride=3, ceil_mode=True)
    array([[20, 18],
           [10, 16]])
    """
    arr = v.feature_map(x, empty_batch=True)
    mode = v.mode(mode)
    count_include_pad = v.flag(count_include_pad, "count_include_pad")
    ah, aw = plan(arr.shape[-2:], kernel_size, stride, padding, dilation, ceil_mode)
    lead = arr.shape[:-2]
    if arr.size == 0:  # N = 0: PyTorch gives an empty batch of the output's shape
        return np.empty(lead + (ah.out, aw.out), dtype=_out_dtype(arr.dtype, mode))
    x3 = arr.reshape((-1,) + arr.shape[-2:])
    if mode != "avg":
        if x3.size <= _SMALL:
            out = _by_taps(x3, ah, aw, mode)
            _keep_first_zero(x3, ah, aw, out)
        else:
            blocks = [] if x3.dtype.kind == "f" else None
            out = _separable(x3, ah, aw, mode, blocks)
            _keep_first_zero(x3, ah, aw, out, blocks)
    else:
        # inf + -inf in a window is NaN, and a dilated window can read only
        # padding: with count_include_pad=False it has no cell to average, and
        # its result is NaN (0 / 0). Both silently, as in PyTorch.
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            divisor = _divisor(ah, aw, count_include_pad)
            out = None if x3.size <= _SMALL else _average_flat(x3, ah, aw, divisor)
            if out is None:
                out = (
                    _by_taps(x3, ah, aw, mode)
                    if x3.size <= _SMALL
                    else _separable(x3, ah, aw, mode)
                )
                out /= divisor
    out = out.astype(_out_dtype(arr.dtype, mode), copy=False)
    return out.reshape(lead + out.shape[-2:])


def global_pool(x, mode="avg"):
    """Reduce each plane to one number: global average (or max, min) pooling.

    Parameters
    ----------
    x : (H, W), (C, H, W) or (N, C, H, W) array_like
        Feature map(s) of real numbers.
    mode : {"avg", "max", "min"}, default "avg"
        The reduction.

    Returns
    -------
    out : scalar, (C,) or (N, C) ndarray
        A NumPy scalar for a 2-D map, else the leading axes of ``x``. Average
        of integers gives float64; floats keep their dtype.

    Raises
    ------
    TypeError, ValueError
        As for :func:`pool2d`.

    Notes
    -----
    The same as ``pool2d(x, (H, W), mode=mode)`` with the last two axes
    dropped. The average is a matrix-vector product with a vector of ones,
    which BLAS does faster than ``mean``.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> float(global_pool(ANCHOR))
    10.0
    >>> int(global_pool(ANCHOR, mode="max"))
    20
    """
    arr = v.feature_map(x, empty_batch=True)
    mode = v.mode(mode)
    lead = arr.shape[:-2]
    hw = arr.shape[-2] * arr.shape[-1]
    flat = arr.reshape(-1, hw)
    if mode != "avg":
        res = flat.max(axis=1) if mode == "max" else flat.min(axis=1)
        if res.dtype.kind == "f" and not res.all():  # a zero: the sign of the first one
            rows = np.flatnonzero(res == 0)
            zeros = flat[rows] == 0
            res[rows] = flat[rows, zeros.argmax(axis=1)]
    else:
        work = _work_dtype(arr.dtype, "avg")
        flat = flat.astype(work, copy=False)
        with np.errstate(invalid="ignore", over="ignore"):  # inf - inf: NaN, as in PyTorch
            res = (flat @ np.ones(hw, dtype=work)) / work.type(hw)
        res = res.astype(_out_dtype(arr.dtype, "avg"), copy=False)
        if arr.dtype.kind == "f" and arr.dtype.itemsize < 4:
            res = res.astype(arr.dtype)
    res = res.reshape(lead)
    return res[()] if res.ndim == 0 else res
