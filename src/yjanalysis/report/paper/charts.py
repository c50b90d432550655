"""The paper's charts as image files, for Word, PDF and a council's own templates."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.pyplot as plt

from yjanalysis.report.paper.document import Chart, Document

__all__ = ["DPI", "SHOWN", "name_charts", "png", "shown_inches", "write_charts"]

#: Resolution of the charts as pictures: sharp when printed at the width of an A4 page.
DPI = 200
#: A chart on paper is shown at this share of its own size (capped at the text's width): its
#: 10-point labels print at 9 points, the size of the paper's notes.
SHOWN = 0.9


def name_charts(paper: Document) -> None:
    """Give each chart of the paper its file name, numbered in the order it appears."""
    for number, chart in enumerate(paper.charts, start=1):
        chart.name = f"chart-{number:02d}"


def png(chart: Chart) -> bytes:
    """Return the chart drawn as a PNG image (drawn once; the same bytes for the same chart)."""
    if chart.image is None:
        buffer = io.BytesIO()
        chart.figure.savefig(
            buffer, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches="tight"
        )
        chart.image = buffer.getvalue()
    return chart.image


def shown_inches(chart: Chart) -> float:
    """Return the width in inches the chart is shown at on paper (before any cap)."""
    picture = png(chart)
    pixels = int.from_bytes(picture[16:20], "big")  # the PNG header's width
    return pixels / DPI * SHOWN


def write_charts(paper: Document, folder: Path) -> list[Path]:
    """Write every chart of the paper to ``folder`` as PNG and SVG; return the files.

    The PNG goes into Word and PDF; the SVG is for a council that re-uses a chart in its own
    template at any size.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for chart in paper.charts:
        target = folder / f"{chart.name}.png"
        target.write_bytes(png(chart))  # drawn already for the PDF and Word
        vector = folder / f"{chart.name}.svg"
        with plt.rc_context({"svg.hashsalt": chart.name}):  # the same bytes on every run
            chart.figure.savefig(
                vector, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight"
            )
        written += [target, vector]
    return written
