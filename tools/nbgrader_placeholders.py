"""The course's placeholders in nbgrader's generate_assignment (see tools.nbgrader_course)."""

from __future__ import annotations

from nbgrader.preprocessors import ClearSolutions

from tools.notebook_build import (
    BEGIN,
    END,
    MD_BEGIN,
    MD_END,
    MD_PLACEHOLDER,
    _blocks,
    _placeholder,
    _strip_blocks,
)

__all__ = ["CourseClearSolutions"]


class CourseClearSolutions(ClearSolutions):
    """nbgrader's ClearSolutions, writing the course's placeholders.

    A code block becomes ``# YOUR CODE HERE`` and every name it assigns set to
    ``...`` (a ``def`` keeps its signature and docstring and returns None), so
    Run All goes through and each check says "not answered yet"; a written
    answer becomes ``*Write your answer here.*``. The release is then the same
    as ``notebooks/``.
    """

    def _replace_solution_region(self, cell, language: str) -> bool:
        text = cell.source
        if cell.cell_type == "code":
            found = bool(_blocks(text, BEGIN, END))
            cell.source = _strip_blocks(text, BEGIN, END, _placeholder)
        else:
            found = bool(_blocks(text, MD_BEGIN, MD_END))
            cell.source = _strip_blocks(text, MD_BEGIN, MD_END, lambda b, i: [MD_PLACEHOLDER])
        return found
