"""The board paper: the report as a council circulates it, in PDF and Word, with its figures.

A management board or scrutiny panel reads a paper of about twenty pages, not a set of web
pages: the front page (cover, summary, asks of the board, headline figures), then each
section's key charts with their sentences and the service's commentary, then the inspection
context and the sources (:mod:`~yjanalysis.report.paper.contents`). :func:`write` writes it as
PDF (:mod:`~yjanalysis.report.paper.pdf`) and Word (:mod:`~yjanalysis.report.paper.word`),
each chart as a picture (PNG and SVG, :mod:`~yjanalysis.report.paper.charts`), and the figures
behind it as an Excel workbook (:mod:`~yjanalysis.report.paper.workbook`). Every refresh writes
them beside the report's pages; in a notebook::

    from yjanalysis.report import context, paper

    ctx = context.load("Southampton", "2024-12")
    paper.write(ctx, "paper")
"""

from __future__ import annotations

from pathlib import Path

from yjanalysis.report.context import ReportContext
from yjanalysis.report.paper.charts import name_charts, write_charts
from yjanalysis.report.paper.contents import board_paper, without_computed_family
from yjanalysis.report.paper.document import Document
from yjanalysis.report.paper.pdf import write_pdf
from yjanalysis.report.paper.word import write_word
from yjanalysis.report.paper.workbook import write_workbook

__all__ = ["FILES", "Document", "board_paper", "write"]

#: The files a paper is written as, in its folder.
FILES = {"pdf": "paper.pdf", "docx": "paper.docx", "xlsx": "figures.xlsx", "charts": "charts"}


def write(ctx: ReportContext, folder: Path | str) -> dict[str, Path]:
    """Write the board paper of a report to ``folder``: PDF, Word, workbook and charts.

    Parameters
    ----------
    ctx : ReportContext
        The report (its table already under disclosure control).
    folder : Path or str
        Where to write (made if missing).

    Returns
    -------
    dict of str to Path
        Each file written, by kind (``pdf``, ``docx``, ``xlsx``, ``charts``).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # The paper and its workbook compare the same areas: the context without a family this
    # tool computed is made here once and handed to both (each made its own before).
    ctx = without_computed_family(ctx)
    paper = board_paper(ctx)
    name_charts(paper)
    written = {
        "pdf": write_pdf(paper, folder / FILES["pdf"]),
        "docx": write_word(paper, folder / FILES["docx"], ctx.period_end.date()),
        "xlsx": write_workbook(ctx, paper, folder / FILES["xlsx"]),
    }
    write_charts(paper, folder / FILES["charts"])
    written["charts"] = folder / FILES["charts"]
    return written
