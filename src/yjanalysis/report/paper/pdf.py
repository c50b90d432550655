"""The board paper as a PDF: A4, the paper's title and page number at the foot of every page.

Written with reportlab (pure Python, so it works on any council laptop without a browser or an
office suite). Headings stay with what follows them; a section starts a new page only where
less than a third of the page is left (so no page is left nearly empty); a chart keeps its
title, picture, source and caption together on one page; the synthetic-data banner, where the
inputs are the demo's, opens the paper and heads every page.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import matplotlib
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as Para
from reportlab.platypus import Table as Grid

from yjanalysis.report.paper.charts import png, shown_inches
from yjanalysis.report.paper.document import (
    Banner,
    Chart,
    Document,
    Heading,
    Items,
    Pairs,
    Paragraph,
    Run,
    Table,
)

__all__ = ["page_count", "write_pdf"]


def _register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans, which matplotlib ships on every platform (the charts' own font).

    reportlab's built-in fonts have no arrows, dashes beyond Latin-1 or the marks the headline
    table uses (▲ ▼ ●); DejaVu Sans has them all, so the paper needs no font of the system's.
    """
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for suffix in ("", "-Bold", "-Oblique", "-BoldOblique"):
        name = f"DejaVuSans{suffix}"
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(
        "DejaVuSans",
        normal="DejaVuSans",
        bold="DejaVuSans-Bold",
        italic="DejaVuSans-Oblique",
        boldItalic="DejaVuSans-BoldOblique",
    )
    return "DejaVuSans", "DejaVuSans-Bold"


FONT, BOLD = _register_fonts()
_BASE = getSampleStyleSheet()
for _style in _BASE.byName.values():
    if isinstance(_style, ParagraphStyle):
        _style.fontName = BOLD if "Bold" in _style.fontName else FONT
STYLES = {
    "title": ParagraphStyle("title", parent=_BASE["Title"], fontSize=18, leading=22,
                            alignment=0, spaceAfter=10),
    "h2": ParagraphStyle("h2", parent=_BASE["Heading2"], fontSize=14, leading=17,
                         spaceBefore=12, spaceAfter=6),
    "h3": ParagraphStyle("h3", parent=_BASE["Heading3"], fontSize=11.5, leading=14,
                         spaceBefore=8, spaceAfter=4),
    "h4": ParagraphStyle("h4", parent=_BASE["Heading4"], fontSize=10.5, leading=13,
                         spaceBefore=6, spaceAfter=3),
    # No paragraph leaves its last line alone at the top of a page, nor its first at the foot
    # (a page holding only "spring." ended a commentary paragraph).
    "body": ParagraphStyle("body", parent=_BASE["BodyText"], fontSize=10, leading=13.5,
                           spaceAfter=5, allowWidows=0, allowOrphans=0),
    "note": ParagraphStyle("note", parent=_BASE["BodyText"], fontSize=8, leading=10.5,
                           textColor=colors.HexColor("#505a5f"), spaceAfter=4,
                           allowWidows=0, allowOrphans=0),
    "service": ParagraphStyle("service", parent=_BASE["BodyText"], fontSize=10, leading=13.5,
                              leftIndent=10, borderPadding=(4, 6, 4, 6),
                              backColor=colors.HexColor("#f3f2f1"), spaceAfter=6,
                              allowWidows=0, allowOrphans=0),
    "banner": ParagraphStyle("banner", parent=_BASE["BodyText"], fontSize=10, leading=13,
                             textColor=colors.white, backColor=colors.HexColor("#d4351c"),
                             borderPadding=6, spaceAfter=10),
    "chart_title": ParagraphStyle("chart_title", parent=_BASE["BodyText"], fontSize=9.5,
                                  leading=12, fontName=BOLD, spaceAfter=2),
    "cell": ParagraphStyle("cell", parent=_BASE["BodyText"], fontSize=8, leading=10),
}  # fmt: skip
TEXT_WIDTH = A4[0] - 4 * cm
#: The height of the text on a page (A4 less the top and bottom margins).
TEXT_HEIGHT = A4[1] - 2 * 1.8 * cm
#: A section starts on a new page where less than this is left of the current one.
SECTION_ROOM = TEXT_HEIGHT / 3


def _markup(runs: list[Run]) -> str:
    """Return runs as reportlab's paragraph markup (every piece of text escaped)."""
    out = []
    for run in runs:
        text = html.escape(run.text).replace("\n", "<br/>")
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        if run.href:
            text = f'<a href="{html.escape(run.href, quote=True)}" color="#1d70b8">{text}</a>'
        out.append(text)
    return "".join(out)


def _chart(chart: Chart) -> KeepTogether:
    picture = png(chart)
    image = Image(io.BytesIO(picture))
    ratio = image.imageHeight / image.imageWidth
    width = min(TEXT_WIDTH, shown_inches(chart) * 72)
    image.drawWidth, image.drawHeight = width, width * ratio
    below = " ".join(t for t in (f"Source: {chart.source}." if chart.source else "",
                                 chart.caption or "") if t)  # fmt: skip
    parts = [Para(_markup([Run(chart.title)]), STYLES["chart_title"]), image]
    if below:
        parts.append(Para(_markup([Run(below)]), STYLES["note"]))
    parts.append(Spacer(1, 4))
    return KeepTogether(parts)


#: Space between a cell's text and its rules, each side (points).
PAD = 3.0


def _widths(rows: list[list[str]], size: float) -> list[float] | None:
    """Column widths from content: each at least its longest word, the rest by text length.

    A column is never narrower than its longest word, so that words wrap at spaces only
    ("Southampton", never "Southampto / n"); ``None`` where the longest words alone do not
    fit the page at this font size.
    """
    columns = list(zip(*rows, strict=True))
    least = [
        max(pdfmetrics.stringWidth(w, FONT, size) for v in col for w in v.split() or [""])
        + 2 * PAD
        + 1
        for col in columns
    ]
    if sum(least) > TEXT_WIDTH:
        return None
    whole = [max(pdfmetrics.stringWidth(v, FONT, size) for v in col) + 2 * PAD for col in columns]
    spare = TEXT_WIDTH - sum(least)
    wants = [max(w - m, 0.0) for w, m in zip(whole, least, strict=True)]
    share = spare / sum(wants) if sum(wants) else 0.0
    return [m + min(w, w * share) for m, w in zip(least, wants, strict=True)]


def _grid(rows: list[list[str]], widths: list[float] | None, header: bool) -> Grid:
    cell = STYLES["cell"]
    if widths is None:
        # The smallest font, down to 6.5 points, at which every word fits its column.
        for size in (8.0, 7.5, 7.0, 6.5):
            widths = _widths(rows, size)
            if widths is not None:
                break
        cell = ParagraphStyle(
            f"cell{size}", parent=cell, fontSize=size, leading=size * 1.25, splitLongWords=0
        )
    cells = [[Para(_markup([Run(str(v))]), cell) for v in row] for row in rows]
    grid = Grid(cells, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b1b4b6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")))
    grid.setStyle(TableStyle(style))
    return grid


def _flowables(paper: Document) -> list:
    story: list = []
    pending: list = []  # a heading waits for what follows it, so that it is never stranded
    for block in paper.blocks:
        made: list = []
        if isinstance(block, Heading):
            style = "title" if block.level == 1 else f"h{min(block.level, 4)}"
            if block.new_page and story:
                # A section starts a new page only where little of this one is left: a hard
                # break after every section left pages holding a few lines (Southampton's
                # education section ran five lines onto a page of its own).
                story += [*pending, CondPageBreak(SECTION_ROOM)]
                pending = []
            pending.append(Para(_markup([Run(block.text)]), STYLES[style]))
            continue
        if isinstance(block, Banner):
            made = [Para(_markup([Run(block.text, bold=True)]), STYLES["banner"])]
        elif isinstance(block, Paragraph):
            made = [Para(_markup(block.runs), STYLES.get(block.style, STYLES["body"]))]
        elif isinstance(block, Items):
            style = STYLES.get(block.style, STYLES["body"])
            made = [
                ListFlowable(
                    [ListItem(Para(_markup(item), style)) for item in block.items],
                    bulletType="1" if block.ordered else "bullet",
                    leftIndent=14,
                    bulletFontSize=8 if not block.ordered else 9,
                )
            ]
        elif isinstance(block, Pairs):
            made = [_grid([[a, b] for a, b in block.pairs], [4 * cm, TEXT_WIDTH - 4 * cm], False),
                    Spacer(1, 8)]  # fmt: skip
        elif isinstance(block, Chart):
            made = [_chart(block)]
        elif isinstance(block, Table):
            rows = [list(map(str, block.frame.columns)), *block.frame.astype(str).values.tolist()]
            caption = Para(_markup([Run(block.caption, bold=True)]), STYLES["cell"])
            # The caption stays with its table (and the heading before it, with both): a
            # heading at the foot of one page had its table on the next.
            made = [KeepTogether([caption, _grid(rows, None, True)]), Spacer(1, 8)]
        if pending:
            # One level of keeping together: a KeepTogether inside another always measures as
            # taller than any page (reportlab's wrap forces a split), so a heading before a
            # chart pushed both to a new page even where they fitted, leaving a page nearly
            # empty.
            first = made[0]._content if isinstance(made[0], KeepTogether) else [made[0]]
            story.append(KeepTogether([*pending, *first]))
            story += made[1:]
            pending = []
        else:
            story += made
    story += pending
    return story


def write_pdf(paper: Document, target: Path) -> Path:
    """Write the paper to ``target`` as an A4 PDF; return it."""
    target = Path(target)
    buffer = io.BytesIO()

    def furniture(canvas, page_number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#505a5f"))
        canvas.drawCentredString(
            A4[0] / 2, 1.1 * cm, f"{paper.title} · Page {page_number} of {total}"
        )
        heads = [h for h in (paper.running_banner, paper.marking) if h]
        if heads:
            canvas.setFont(BOLD, 7.5)
            if paper.running_banner:
                canvas.setFillColor(colors.HexColor("#d4351c"))
            canvas.drawCentredString(A4[0] / 2, A4[1] - 1.1 * cm, " · ".join(heads))
        canvas.restoreState()

    class Counted(Canvas):
        """A canvas that keeps each page until the last, to print "Page N of M" in one pass."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._kept: list[dict] = []

        def showPage(self) -> None:  # reportlab's name
            self._kept.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._kept:
                self.__dict__.update(state)
                furniture(self, self._pageNumber, len(self._kept))
                super().showPage()
            super().save()

    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm,
        bottomMargin=1.8 * cm, title=paper.title, author="yjanalysis", creator="yjanalysis",
        invariant=True,  # the same bytes for the same paper
    )  # fmt: skip
    doc.build(_flowables(paper), canvasmaker=Counted)
    target.write_bytes(buffer.getvalue())
    return target


def page_count(pdf: Path) -> int:
    """How many pages a PDF this module wrote has."""
    import re

    return len(re.findall(rb"/Type /Page\b", Path(pdf).read_bytes()))
