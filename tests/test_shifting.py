"""Shifts and the local invariance of max pooling."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import ANCHOR, first_changing_shift, pool2d, pooled_change, shift_map


@pytest.mark.parametrize(("down", "right"), [(0, 1), (1, 0), (-1, 2), (3, -3), (0, 0)])
def test_shift_map_moves_every_value(down, right):
    out = shift_map(ANCHOR, down, right)
    assert out.shape == ANCHOR.shape and out.dtype == ANCHOR.dtype
    for (r, c), val in np.ndenumerate(ANCHOR):
        if 0 <= r + down < 4 and 0 <= c + right < 4:
            assert out[r + down, c + right] == val
    uncovered = out.size - (4 - abs(down)) * (4 - abs(right))
    assert np.count_nonzero(out == 0) >= uncovered


def test_shift_map_off_the_map_and_fill():
    assert not shift_map(ANCHOR, 4, 0).any()
    assert (shift_map(ANCHOR, 0, 1, fill=-1)[:, 0] == -1).all()


def test_move_inside_window_is_invisible_across_boundary_is_not():
    moved = ANCHOR.copy()
    moved[0, 1], moved[1, 0] = ANCHOR[1, 0], ANCHOR[0, 1]
    assert not pooled_change(ANCHOR, moved).any()
    spot = np.zeros((6, 6), int)
    spot[2, 2] = 9
    changes = [pooled_change(spot, shift_map(spot, right=s)).any() for s in range(4)]
    assert changes == [False, False, True, True]
    assert np.array_equal(pool2d(shift_map(spot, right=2), 2), shift_map(pool2d(spot, 2), right=1))


def test_errors():
    with pytest.raises(TypeError, match=r"`down` must be an int \(pixels\); got 1.5"):
        shift_map(ANCHOR, 1.5)
    with pytest.raises(ValueError, match=r"`x` and `shifted` must have the same shape"):
        pooled_change(ANCHOR, ANCHOR[:2])


@pytest.mark.parametrize("col", range(6))
def test_first_changing_shift_is_the_step_to_the_next_window(col):
    spot = np.zeros((4, 6), dtype=int)
    spot[1, col] = 5
    # the first step that crosses the window's right edge, by brute force
    expected = next(
        s
        for s in range(1, 6)
        if not np.array_equal(pool2d(spot, 2), pool2d(shift_map(spot, right=s), 2))
    )
    assert first_changing_shift(spot) == expected
    assert first_changing_shift(spot.T, axis=0) == expected
    assert first_changing_shift(spot) == (1 if col % 2 else 2)


def test_first_changing_shift_without_change_and_bad_axis():
    assert first_changing_shift(np.zeros((4, 4))) is None
    assert first_changing_shift(ANCHOR, 4, mode="min") == 1  # the zero moved in is the new min
    assert first_changing_shift(np.ones((4, 4))) == 2  # the first window all zeros
    with pytest.raises(
        ValueError, match=r"`axis` must be 1 \(shift right\) or 0 \(shift down\); got axis=2"
    ):
        first_changing_shift(ANCHOR, axis=2)
