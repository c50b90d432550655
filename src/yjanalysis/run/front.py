"""The index page and the board paper, written by a kernel of the pool like a notebook.

A refresh runs this as one more job of its kernels (:func:`job`), beside the section
notebooks: the kernel has the report's modules imported already and the service's controlled
table in memory, and the refreshing process, which coordinates every notebook of a batch
under one interpreter lock, is left with the export of the pages and the manifest. The board
paper alone is about 4 s of processor time a service; in the refreshing process it was the
largest part of what a batch could not share between cores (docs/refresh.md, Speed).
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["job", "write"]


def write(
    yjs: str,
    period_end: str,
    audience: str,
    raw: str,
    processed: str,
    reports: str,
    links: list[dict[str, str]],
    staging: str,
) -> None:
    """Write a report's index page and board paper into its staging folder.

    Parameters
    ----------
    yjs, period_end, audience : str
        The report, as the notebooks are given it.
    raw, processed, reports : str
        The refresh's folders (the table is under disclosure control already).
    links : list of dict
        Each section page's ``title`` and ``html`` file, in the notebooks' order.
    staging : str
        The report's staging folder.
    """
    from yjanalysis.methods.benchmark import unchanging
    from yjanalysis.report import index_page, paper
    from yjanalysis.report.context import load

    ctx = load(yjs, period_end, audience, raw, processed, reports=reports)
    record = json.loads((Path(processed) / "build.json").read_text())
    # The page and the paper ask the table many of the same questions (the paper shows each
    # section's key parts, made as the notebooks make them): each is answered once.
    with unchanging(ctx.table):
        html = index_page.render(ctx, links, record)
        (Path(staging) / "index.html").write_text(html, encoding="utf-8")
        paper.write(ctx, staging)


def job(**arguments):
    """Return a notebook of one cell that calls :func:`write` with ``arguments`` (plain values).

    papermill runs it on a pooled kernel as it runs a section's notebook, so a kernel that
    dies or a cell that fails is noticed and named the same way.
    """
    import nbformat

    cell = f"from yjanalysis.run.front import write\nwrite(**{arguments!r})"
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)])
    book.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    book.metadata["language_info"] = {"name": "python"}
    return book
