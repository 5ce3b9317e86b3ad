"""Show each figure exactly once in a notebook, however the cell ends, with its description.

A plotting function returns its Figure (for tests, ``savefig`` or more
drawing), but a Figure that is the cell's last value would be shown twice:
once by the inline backend when the cell ends and once as the cell's result.
The trailing ``;`` that usually silences the second one does not work under
nbval (it runs cells without storing history, where IPython looks for the
``;``). So in a notebook the figure is shown at once, in order with the
cell's prints, closed so the backend does not show it again, and returned
marked to display as nothing. Outside a notebook the figure is left alone.

Every figure carries a short description of what it shows (its data, not its
styling): ``fig.alt_text``. In a notebook it is the output's ``text/plain``,
the PNG's ``alt`` metadata, and the ``alt`` of an ``<img>`` in the output's
``text/html``: JupyterLab and nbconvert prefer that HTML to the bare PNG, which
they draw with no alt text (so a screen reader would meet an unnamed image).
nbval compares the HTML with the picture's bytes masked (tests/nbval_sanitize.cfg).
"""

from __future__ import annotations

__all__ = ["once", "panel_titles"]


def once(fig, alt: str = ""):
    """Give ``fig`` its description; show it now in a notebook with the inline backend.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str
        What the figure shows, in a sentence or three, for readers who cannot
        see it.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig``, with ``fig.alt_text == alt``.
    """
    fig.alt_text = " ".join(alt.split())
    if _inline_kernel():
        import matplotlib.pyplot as plt
        from IPython import get_ipython
        from IPython.display import display

        data, metadata = get_ipython().display_formatter.format(fig)
        if fig.alt_text:
            data["text/plain"] = fig.alt_text
            for mime in ("image/png", "image/svg+xml", "image/jpeg"):
                if mime in data:
                    metadata.setdefault(mime, {})["alt"] = fig.alt_text
            if "image/png" in data:
                data["text/html"] = _img_html(data["image/png"], fig.alt_text)
        display(data, raw=True, metadata=metadata)
        plt.close(fig)
        fig._ipython_display_ = _nothing
    return fig


def panel_titles(fig) -> str:
    """The figure's panel titles, in order, as one phrase (for descriptions)."""
    titles = [" ".join(ax.get_title().split()) for ax in fig.axes]
    return "; ".join(t for t in titles if t)


def _img_html(png, alt: str) -> str:
    """``<img>`` of a PNG (bytes, or base64 text as IPython gives it) with its alt text."""
    import base64
    import html

    text = png if isinstance(png, str) else base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{text}" alt="{html.escape(alt, quote=True)}">'


def _inline_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or "IPKernelApp" not in getattr(shell, "config", {}):
        return False
    import matplotlib

    return "inline" in matplotlib.get_backend().lower()


def _nothing(*_args, **_kwargs) -> None:
    return None
