"""The passes of the pooling engine: separable reductions over blocks of planes.

The maximum (or sum) over a kH x kW window is the maximum over kH rows of the
maxima over kW columns; each pass is a few long one-dimensional ufunc calls over
a block of planes that stays in cache. Also the tap paths (small maps, and single
planes too large for the blocked temporaries) and the scratch buffers kept
between calls.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import numpy as np

from .zeros import may_hold_zero

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


def fill_value(dtype: np.dtype, mode: str):
    """The value padding takes: one that max (or min) never picks."""
    if mode == "avg":
        return 0
    if dtype.kind == "b":
        return mode == "min"
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return info.min if mode == "max" else info.max
    return -np.inf if mode == "max" else np.inf


def work_dtype(dtype: np.dtype, mode: str) -> np.dtype:
    if mode != "avg":
        return dtype
    if dtype.kind in "biu":
        return np.dtype(np.float64)
    if dtype.itemsize < 4:  # float16: sum in float32, give float16 back
        return np.dtype(np.float32)
    return dtype


def out_dtype(dtype: np.dtype, mode: str) -> np.dtype:
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
    """Like :func:`separable`, without copying the input into a padded block.

    The H pass reads the input itself; the few output rows whose window
    reaches into the padding (or past the end in ceil mode) are reduced over
    their inside taps only. Padding along W lives in the picked-rows buffer,
    whose pad columns are filled once.
    """
    B, H, W = x3.shape
    work = x3.dtype
    op = OPS[mode]
    Wp, OH, OW = aw.span, ah.out, aw.out
    ww = min(W, Wp - aw.p)
    lo, hi, edges = _row_plan(ah)
    size = work.itemsize
    plane = H * W * size
    per_plane = size * (H * W * (ah.k > 1) + OH * Wp * (1 + (aw.k > 1)))
    nb_max = _planes_per_block(B, plane, per_plane, B * OH * OW * size)
    if nb_max == 0:  # one plane's temporaries would outweigh the output
        return _in_place(x3, ah, aw, mode, zeros)
    out = np.empty((B, OH, OW), dtype=work)
    fill = fill_value(work, mode)
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
        if zeros is not None and may_hold_zero(x3[b0 : b0 + nb], out[b0 : b0 + nb]):
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


def average_flat(x3: np.ndarray, ah, aw, divisor):
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
        ob += 0.0  # a zero average is +0.0 in PyTorch, whatever the signs summed
    return out


def separable(x3: np.ndarray, ah, aw, mode: str, zeros=None) -> np.ndarray:
    """Pool a (B, H, W) stack of planes; returns (B, OH, OW) in the work dtype.

    With a list ``zeros``, each block of planes whose output may hold a zero of
    the wrong sign (:func:`may_hold_zero`) is recorded as ``(b0, b1)`` while it
    is still in cache (None: not checked), for :func:`keep_first_zero`.
    """
    B, H, W = x3.shape
    work = work_dtype(x3.dtype, mode)
    if work == x3.dtype and x3.flags.c_contiguous and (ah.p or aw.p or ah.span > H):
        return _separable_unpadded_rows(x3, ah, aw, mode, zeros)
    op = OPS[mode]
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
        return _in_place(x3, ah, aw, mode, zeros)
    out = np.empty((B, OH, OW), dtype=work)
    pad_buf = None
    if not direct:
        pad_buf = _scratch("pad", nb_max * Hp * Wp, work).reshape(nb_max, Hp, Wp)
        pad_buf.fill(fill_value(work, mode))  # the border; blocks rewrite the inside
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
        if zeros is not None and may_hold_zero(x3[b0 : b0 + nb], out[b0 : b0 + nb]):
            zeros.append((b0, b0 + nb))
    return out


def by_taps(x3: np.ndarray, ah, aw, mode: str) -> np.ndarray:
    """Small maps: combine the kH * kW strided taps directly (least overhead)."""
    B, H, W = x3.shape
    work = x3.dtype if mode != "avg" else work_dtype(x3.dtype, mode)
    if ah.p or aw.p or ah.span > H or aw.span > W or work != x3.dtype:
        Hp, Wp = max(ah.span, H + ah.p), max(aw.span, W + aw.p)
        src = np.full((B, Hp, Wp), fill_value(work, mode), dtype=work)
        src[:, ah.p : ah.p + H, aw.p : aw.p + W] = x3
    else:
        src = x3
    rows_end, cols_end = (ah.out - 1) * ah.s + 1, (aw.out - 1) * aw.s + 1
    op = OPS[mode]
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


def _in_place(x3: np.ndarray, ah, aw, mode: str, zeros) -> np.ndarray:
    """The tap path for planes too large for blocked temporaries; no zero blocks to recheck."""
    if zeros is not None:
        zeros.append(None)
    return _by_taps_in_place(x3, ah, aw, mode)


def _by_taps_in_place(x3: np.ndarray, ah, aw, mode: str) -> np.ndarray:
    """Combine each tap's inside part straight into the output: no padded copy.

    For a single plane too large for the blocked path's temporaries: the only
    memory used is the output itself.
    """
    B = x3.shape[0]
    work = work_dtype(x3.dtype, mode)
    op = OPS[mode]
    out = np.full((B, ah.out, aw.out), fill_value(work, mode), dtype=work)
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


#: The ufunc that combines two taps, by mode.
OPS = {"max": np.maximum, "min": np.minimum, "avg": np.add}
