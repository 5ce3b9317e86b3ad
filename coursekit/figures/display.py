"""Show each figure exactly once in a notebook, however the cell ends.

A plotting function returns its Figure (for tests, ``savefig`` or more
drawing), but a Figure that is the cell's last value would be shown twice:
once by the inline backend when the cell ends and once as the cell's result.
The trailing ``;`` that usually silences the second one does not work under
nbval (it runs cells without storing history, where IPython looks for the
``;``). So in a notebook the figure is shown at once, in order with the
cell's prints, closed so the backend does not show it again, and returned
marked to display as nothing. Outside a notebook the figure is left alone.
"""

from __future__ import annotations


def once(fig):
    """Show ``fig`` now if running in a notebook with the inline backend; return it."""
    if _inline_kernel():
        import matplotlib.pyplot as plt
        from IPython.display import display

        display(fig)
        plt.close(fig)
        fig._ipython_display_ = _nothing
    return fig


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
