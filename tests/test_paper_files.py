"""The files of the board paper as a council opens them: the PDF, the Word file, the workbook.

A board reader and an analyst opened each: a heading alone at the foot of a PDF page, Word
headings a council's template must be able to restyle (its navigation pane shows the
paper's outline), and a workbook whose sheets are named after the paper's charts, with the
front page's figures first, numbers at the paper's precision and words rather than codes.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from yjanalysis.report.paper.document import Document, Heading, Items, Paragraph, Run, Table
from yjanalysis.report.paper.pdf import write_pdf


def _pdf_pages(path) -> list[str]:
    """The text of each page of a PDF, as pdftotext reads it."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler) is not installed: the PDF's text cannot be read")
    done = subprocess.run([tool, str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout.split("\f")


LONG_ITEM = (
    "Ask the partnership for a plan that sets out, for each of the next four quarters, what "
    "the service and its partners will do about custodial sentences, who will do it, how the "
    "board will know it has worked and when the board will next hear of it, with the figures "
    "that the plan stands on named in full."
)


def _then(block: str):
    """What follows the heading: a list of long items, or a table of many rows."""
    import pandas as pd

    if block == "list":
        return Items([[Run(f"{n}. {LONG_ITEM}")] for n in range(1, 4)], ordered=True)
    rows = pd.DataFrame({"Quarter": [f"Q{n} row" for n in range(1, 31)], "Children": ["3"] * 30})
    return Table(rows, "Children in custody at the end of each quarter")


@pytest.mark.parametrize("block", ["list", "table"])
def test_a_heading_is_never_left_alone_at_the_foot_of_a_pdf_page(tmp_path, block):
    """Whatever the room left on a page, a heading is on the page where what follows it
    starts. Failed before (the table held already): a heading followed by a list stood alone at the foot of a page
    where the list's first item did not fit below it (a list splits into its items whatever
    the room, so the heading was let stay)."""
    first = "1. Ask the partnership" if block == "list" else "Q1 row"
    for lines in range(30, 52):
        paper = Document("A paper", footer="A service, December 2024")
        paper.add(*[Paragraph.of(f"Filler line {n} of the page.") for n in range(lines)])
        paper.add(Heading("What the service asks of the board", 2), _then(block))
        pages = _pdf_pages(write_pdf(paper, tmp_path / f"{block}-{lines}.pdf"))
        (at,) = [n for n, text in enumerate(pages) if "What the service asks" in text]
        assert first in pages[at], (lines, pages[at][-300:])
