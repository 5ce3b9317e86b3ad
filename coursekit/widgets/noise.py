"""The noise explorer: a noise slider; average pooling holds steady, max pooling drifts."""

from __future__ import annotations

import html

import numpy as np

from .. import _validation as v
from .._render import map_table
from ..engine.pooling import pool2d
from ..measures.noise import add_noise, noise_error
from .base import assemble, new_uid

__all__ = ["noise_explorer", "noise_html"]


def noise_html(x, sigma, *, seed=0, kernel_size=4, trials=200, uid="ck-noise"):
    """The noise explorer's view: a noisy map, its average and max pools, their errors.

    Parameters
    ----------
    x : (H, W) array_like
        The map before any noise is added.
    sigma : float
        How strong the noise is: its standard deviation (0 or more).
    seed : int, default 0
        Keyword-only. Which noise draw to show.
    kernel_size : int or (int, int), default 4
        Keyword-only. Window, stride = window.
    trials : int, default 200
        Keyword-only. Draws behind the RMS errors.
    uid : str
        Keyword-only.

    Returns
    -------
    str
        HTML; ``<code class="ck-values">`` holds the average and max pooled
        outputs of the shown draw.

    Examples
    --------
    >>> from coursekit import feature_patch
    >>> "avg=" in noise_html(feature_patch(), 0.2)
    True
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2).astype(np.float64)
    noisy = add_noise(arr, sigma, seed=seed)
    parts = []
    shown = {}
    lo, hi = float(min(arr.min(), noisy.min())), float(max(arr.max(), noisy.max()))
    for mode in ("avg", "max"):
        clean = pool2d(arr, kernel_size, mode=mode)
        out = np.round(pool2d(noisy, kernel_size, mode=mode), 2)
        shown[mode] = out
        err = noise_error(arr, sigma, kernel_size, mode=mode, trials=trials, seed=seed + 1)
        parts.append(
            f'<div style="display:inline-block;margin-right:16px;vertical-align:top">'
            f"<b>{mode} pool</b><br>clean {map_table(clean, lo=lo, hi=hi)}"
            f" noisy {map_table(out, lo=lo, hi=hi)}<br>"
            f"RMS change over {trials} draws: <b>{err:.3f}</b></div>"
        )
    values = " ".join(
        f"{m}={np.array2string(o, separator=', ')}".replace("\n", "") for m, o in shown.items()
    )
    return (
        f'<div class="{uid}" style="font-family:sans-serif">'
        f"<div><b>noisy map</b> (sigma={sigma:.2f}, draw {seed})</div>"
        f"{map_table(np.round(noisy, 2), lo=lo, hi=hi, size=30)}<br>"
        + "".join(parts)
        + f'<div>pooled (rounded): <code class="ck-values">{html.escape(values)}</code></div></div>'
    )


def noise_explorer(x=None, *, kernel_size=4, sigma=0.3):
    """A noise slider: watch average pooling hold steady while max pooling drifts.

    Parameters
    ----------
    x : (H, W) array_like, optional
        The clean map; by default an 8x8 map with a feature (1.0) on its
        top-left 4x4 block and 0 elsewhere.
    kernel_size : int or (int, int), default 4
        Keyword-only. Window, stride = window.
    sigma : float, default 0.3
        Keyword-only. Starting noise level.

    Returns
    -------
    ipywidgets.VBox
        ``.controls`` holds ``"sigma"`` and ``"seed"``, ``.view`` the HTML
        widget (see :func:`noise_html`).
    """
    import ipywidgets as w

    from ..data import feature_patch

    arr = feature_patch() if x is None else v.feature_map(x, min_ndim=2, max_ndim=2)
    uid = new_uid("noise")
    controls = {
        "sigma": w.FloatSlider(
            value=sigma,
            min=0.0,
            max=1.0,
            step=0.05,
            description="noise",
            tooltip="noise standard deviation (sigma)",
        ),
        "seed": w.IntSlider(
            value=0, min=0, max=20, description="draw", tooltip="which random noise draw to show"
        ),
    }
    view = w.HTML()

    def redraw(_=None):
        view.value = noise_html(
            arr,
            controls["sigma"].value,
            seed=controls["seed"].value,
            kernel_size=kernel_size,
            uid=uid,
        )

    return assemble(controls, view, redraw, rows=[["sigma", "seed"]])
