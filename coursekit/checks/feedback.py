"""The answer a check gives: right or not, and a message; shown in colour in Jupyter."""

from __future__ import annotations

import html
from dataclasses import dataclass

__all__ = ["Feedback"]


@dataclass(frozen=True)
class Feedback:
    """Result of :func:`coursekit.check` (and of implementation checks): a plain value.

    Making one records nothing; the check functions record an accepted part
    in the learner's progress themselves.

    Attributes
    ----------
    ok : bool
        True when the answer is accepted.
    message : str
        What was right, or a hint about what is off; never the answer itself.
    part : str
        The exercise part that was checked, e.g. ``"1b"``.
    details_html : str
        Optional extra HTML shown under the message (e.g. a failing case).
    """

    ok: bool
    message: str
    part: str = ""
    details_html: str = ""

    def __post_init__(self):
        object.__setattr__(self, "ok", bool(self.ok))
        object.__setattr__(self, "message", str(self.message) or "(no message)")

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        label = "Correct" if self.ok else "Not yet"
        where = f" [{self.part}]" if self.part else ""
        return f"{label}{where}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        colour, mark = ("#1a7f37", "&#10004;") if self.ok else ("#b35900", "&#10008;")
        where = f" <b>[{html.escape(self.part)}]</b>" if self.part else ""
        return (
            f'<div class="coursekit-feedback" data-ok="{str(self.ok).lower()}" '
            f'style="color:{colour};font-family:sans-serif;padding:2px 0">'
            f"{mark}{where} {html.escape(self.message)}</div>{self.details_html}"
        )
