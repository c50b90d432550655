"""The board paper as a PDF: A4, the paper's title and page number at the foot of every page.

Written with reportlab (pure Python, so it works on any council laptop without a browser or an
office suite). Headings stay with what follows them; a section starts a new page only where
less than a third of the page is left (so no page is left nearly empty); a chart keeps its
title, picture, source and caption together on one page, its picture shrinking a little where
that finishes a page; a table or paragraph too long for the room left starts there, its
heading and first rows with it; the synthetic-data banner, where the inputs are the demo's,
opens the paper and heads every page; a last page that would hold a line or two takes what
precedes it with it. :func:`pages` says how full each page is.
"""

from __future__ import annotations

import html
import io
import itertools
from dataclasses import dataclass
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
    Flowable,
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
from reportlab.platypus.flowables import _listWrapOn

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

__all__ = ["Page", "page_count", "pages", "write_pdf"]


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
#: The least share of its text height the last page holds, where the layout can give it.
LAST_ROOM = 1 / 4


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


#: The least share of its size a chart's picture is shrunk to, to fit the room left on a page.
LEAST_SCALE = 0.6


class _Chart(Flowable):
    """A chart kept whole on one page: the headings before it, its title, picture and notes.

    Where the page has less room left than the chart needs, the picture shrinks to fit, down
    to :data:`LEAST_SCALE` of its size, rather than move to the next page and leave the rest
    of this one blank (a chart a little too tall for the room left had left pages a third to
    two-thirds empty). Only what does not fit even so starts the next page.
    """

    def __init__(self, above: list[Para], picture: Image, below: list[Para]) -> None:
        super().__init__()
        self.above, self.picture, self.below = above, picture, below
        self.size = picture.drawWidth, picture.drawHeight
        self.scale = 1.0
        self.spaceBefore = above[0].getSpaceBefore()
        self.spaceAfter = (below[-1].getSpaceAfter() if below else 0) + 4

    def _gaps(self) -> list[float]:
        """Return the space above each part after the first (the larger of the two sides')."""
        parts = [*self.above, self.picture, *self.below]
        return [max(a.getSpaceAfter(), b.getSpaceBefore()) for a, b in itertools.pairwise(parts)]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        texts = sum(p.wrap(availWidth, availHeight)[1] for p in [*self.above, *self.below])
        fixed = texts + sum(self._gaps())
        room, tall = availHeight - fixed, self.size[1]
        self.scale = room / tall if LEAST_SCALE * tall <= room < tall else 1.0
        self.width, self.height = availWidth, fixed + tall * self.scale
        return self.width, self.height

    def draw(self) -> None:
        width, tall = (side * self.scale for side in self.size)
        self.picture.drawWidth, self.picture.drawHeight = width, tall
        y = self.height
        parts = [*self.above, self.picture, *self.below]
        for part, gap in zip(parts, [0.0, *self._gaps()], strict=True):
            y -= gap + (tall if part is self.picture else part.height)
            x = (self.width - width) / 2 if part is self.picture else 0.0
            part.drawOn(self.canv, x, y)

    def with_headings(self, headings: list[Para]) -> _Chart:
        """Return the chart kept with the headings before it."""
        return _Chart([*headings, *self.above], self.picture, self.below)


class _KeepStart(KeepTogether):
    """Headings kept with the start of what follows them: a paragraph, list or table.

    The whole moves to the next page only where not even the headings and the first lines
    (or the header and first rows) of what follows fit in the room left; otherwise what
    follows is split there. A heading kept with the whole of a long table had moved both to
    the next page, leaving the rest of this one blank.
    """

    def split(self, aW: float, aH: float) -> list:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        *lead, last = self._content
        if self._H > aH and lead:
            _, above = _listWrapOn(lead, aW, self.canv)
            room = aH - above - max(lead[-1].getSpaceAfter(), last.getSpaceBefore())
            if room > 0 and _starts_in(last, aW, room, self.canv):
                return list(self._content)
        return super().split(aW, aH)


def _starts_in(flowable: Flowable, width: float, room: float, canv) -> bool:
    """Say whether the start of ``flowable`` fits in ``room``: it whole, or a first part of it.

    A list splits into its items whatever the room (reportlab's ``ListFlowable.split``), so
    its first item is what must fit: a heading kept with a list whose first item did not fit
    was left alone at the foot of a page, the list on the next.
    """
    if flowable.wrapOn(canv, width, room)[1] <= room:
        return True
    parts = flowable.split(width, room)
    if isinstance(flowable, ListFlowable):
        return bool(parts) and _starts_in(parts[0], width, room, canv)
    return bool(parts)


def _chart(chart: Chart) -> _Chart:
    picture = png(chart)
    image = Image(io.BytesIO(picture))
    ratio = image.imageHeight / image.imageWidth
    width = min(TEXT_WIDTH, shown_inches(chart) * 72)
    image.drawWidth, image.drawHeight = width, width * ratio
    below = " ".join(t for t in (f"Source: {chart.source}." if chart.source else "",
                                 chart.caption or "") if t)  # fmt: skip
    notes = [Para(_markup([Run(below)]), STYLES["note"])] if below else []
    title = Para(_markup([Run(chart.numbered_title)]), STYLES["chart_title"])
    return _Chart([title], image, notes)


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


class _Whole(Grid):
    """A table too short to split: it moves to the next page whole rather than split there."""

    def split(self, availWidth: float, availHeight: float) -> list:
        return []


#: The most rows a table keeps whole: a three-row table had split after its first row, its
#: header printed twice for three rows.
WHOLE_ROWS = 5
#: The fewest rows a longer table leaves on either side of a page break.
FEWEST_ROWS = 3


class _Rows(Grid):
    """A longer table split only where each page keeps :data:`FEWEST_ROWS` rows or more.

    Southampton's family table of serious violence broke after two rows, its other seven on
    the next page (failed before): where the rows that fit are fewer, the table moves to the
    next page; where fewer would be left for the next, the break comes earlier.
    """

    def split(self, availWidth: float, availHeight: float) -> list:
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        head = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        rows = len(self._cellvalues) - head
        first = len(parts[0]._cellvalues) - head
        keep = min(first, rows - FEWEST_ROWS)
        if keep < FEWEST_ROWS:
            return []
        if keep == first:
            return parts
        return super().split(availWidth, sum(self._rowHeights[: head + keep]) + 0.5)


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
    kind = _Whole if header and len(rows) <= WHOLE_ROWS + 1 else _Rows if header else Grid
    grid = kind(cells, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
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
            # The caption stays with its table's first rows (and the heading before it, with
            # both): a heading at the foot of one page had its table on the next.
            made = [_KeepStart([caption, _grid(rows, None, True)]), Spacer(1, 8)]
        if pending:
            # One level of keeping together: a KeepTogether inside another always measures as
            # taller than any page (reportlab's wrap forces a split), so a heading before a
            # chart pushed both to a new page even where they fitted, leaving a page nearly
            # empty.
            first = made[0]
            if isinstance(first, _Chart):
                story.append(first.with_headings(pending))
            else:
                content = first._content if isinstance(first, KeepTogether) else [first]
                story.append(_KeepStart([*pending, *content]))
            story += made[1:]
            pending = []
        else:
            story += made
    story += pending
    return story


@dataclass(frozen=True)
class Page:
    """A page of the paper's PDF as laid out."""

    #: How much of the page's text height is filled (0 an empty page, 1 a full one).
    filled: float
    #: The words the page opens with (its first paragraph, heading or chart title).
    opens: str


class _Measured(SimpleDocTemplate):
    """A document that notes, as each page ends, how full it is and what it opens with."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pages: list[Page] = []
        self._opens: str | None = None

    def afterFlowable(self, flowable) -> None:  # reportlab's name
        first = flowable.above[0] if isinstance(flowable, _Chart) else flowable
        if self._opens is None and isinstance(first, Para):  # not a break or a space
            self._opens = first.getPlainText()

    def afterPage(self) -> None:  # reportlab's name
        frame = self.frame
        filled = (frame._y2 - frame._y) / (frame._y2 - frame._y1)
        self.pages.append(Page(filled, self._opens or ""))
        self._opens = None


def _laid_out(paper: Document) -> tuple[bytes, list[Page]]:
    """Lay the paper out as an A4 PDF: its bytes, and each page as laid out."""
    buffer = io.BytesIO()

    def furniture(canvas, page_number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#505a5f"))
        canvas.drawCentredString(
            A4[0] / 2, 1.1 * cm, f"{paper.foot} · Page {page_number} of {total}"
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

    settings = dict(
        pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm,
        bottomMargin=1.8 * cm, title=paper.title, author="yjanalysis", creator="yjanalysis",
        invariant=True,  # the same bytes for the same paper
    )  # fmt: skip
    doc = _Measured(buffer, **settings)
    doc.build(_flowables(paper), canvasmaker=Counted)
    if len(doc.pages) < 2 or doc.pages[-1].filled >= LAST_ROOM:
        return buffer.getvalue(), doc.pages
    # A last page holding a line or two (Newport's held one list of background papers): the
    # end is kept with what precedes it, one more part at a time, until the last page holds
    # a fair share; the paper as first laid out stands where none does.
    for parts in range(2, 6):
        again = io.BytesIO()
        tried = _Measured(again, **settings)
        tried.build(_end_kept(_flowables(paper), parts), canvasmaker=Counted)
        if tried.pages[-1].filled >= LAST_ROOM and len(tried.pages) == len(doc.pages):
            return again.getvalue(), tried.pages
    return buffer.getvalue(), doc.pages


def _end_kept(story: list, parts: int) -> list:
    """Keep the story's last ``parts`` flowables together (on one page where they fit).

    What is kept together already is opened into the one kept whole: a KeepTogether within
    another measures as taller than any page.
    """
    if parts >= len(story):
        return story
    end = [
        f
        for part in story[-parts:]
        for f in (part._content if isinstance(part, KeepTogether) else [part])
    ]
    return [*story[:-parts], KeepTogether(end)]


def write_pdf(paper: Document, target: Path) -> Path:
    """Write the paper to ``target`` as an A4 PDF; return it."""
    target = Path(target)
    target.write_bytes(_laid_out(paper)[0])
    return target


def pages(paper: Document) -> list[Page]:
    """Return each page of the paper's PDF as laid out: how full it is, what it opens with.

    A page left mostly blank (before a section, or above a chart or table that would not fit)
    shows as one little filled.
    """
    return _laid_out(paper)[1]


def page_count(pdf: Path) -> int:
    """How many pages a PDF this module wrote has."""
    import re

    return len(re.findall(rb"/Type /Page\b", Path(pdf).read_bytes()))
