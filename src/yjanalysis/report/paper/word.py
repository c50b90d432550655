"""The board paper as a Word document (.docx), which a council can restyle as its own paper.

Written with python-docx on Word's built-in styles (Title, Heading 1 to 3, List Number, List
Bullet, Caption, Intense Quote, Table Grid), so that a council's template restyles it by
style name: apply the template's styles and the paper takes the council's look. Charts are
pictures at the page's width, each with its title above and its source and caption below, and
its alt text as the picture's description for screen readers. The footer of every page names
the paper and gives the page number.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor

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
from yjanalysis.report.paper.steady import steady_zip

__all__ = ["write_word"]

GREY = RGBColor(0x50, 0x5A, 0x5F)
TEXT_WIDTH = Cm(17)


def _runs(paragraph, runs: list[Run], size: float | None = None, colour=None) -> None:
    for run in runs:
        if run.href:
            _link(paragraph, run)
            continue
        made = paragraph.add_run(run.text)
        made.bold = run.bold or None
        made.italic = run.italic or None
        if size:
            made.font.size = Pt(size)
        if colour is not None:
            made.font.color.rgb = colour


def _link(paragraph, run: Run) -> None:
    """Add a hyperlink (python-docx has no call for one: the element is made by hand)."""
    part = paragraph.part
    target = part.relate_to(
        run.href,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), target)
    inner = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    inner.append(properties)
    text = OxmlElement("w:t")
    text.text = run.text
    text.set(qn("xml:space"), "preserve")
    inner.append(text)
    link.append(inner)
    paragraph._p.append(link)


def _footer(document, title: str) -> None:
    """Put the paper's short title and 'Page N of M' at the foot of every page (Word's fields)."""
    section = document.sections[0]
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lead = paragraph.add_run(f"{title} · Page ")
    lead.font.size = Pt(8)
    for field, after in (("PAGE", " of "), ("NUMPAGES", "")):
        for kind, text in (("begin", None), (None, field), ("end", None)):
            run = paragraph.add_run()
            run.font.size = Pt(8)
            if kind:
                mark = OxmlElement("w:fldChar")
                mark.set(qn("w:fldCharType"), kind)
                run._r.append(mark)
            else:
                code = OxmlElement("w:instrText")
                code.set(qn("xml:space"), "preserve")
                code.text = text
                run._r.append(code)
        if after:
            tail = paragraph.add_run(after)
            tail.font.size = Pt(8)


def _picture(document, chart: Chart) -> None:
    title = document.add_paragraph(style="Caption")
    _runs(title, [Run(chart.numbered_title, bold=True)], size=10, colour=RGBColor(0, 0, 0))
    title.paragraph_format.keep_with_next = True
    # As in the PDF: at nine tenths of the chart's own size, never wider than the text.
    width = min(TEXT_WIDTH, Inches(shown_inches(chart)))
    document.add_picture(io.BytesIO(png(chart)), width=width)
    picture = document.paragraphs[-1]
    picture.paragraph_format.keep_with_next = True
    shape = document.inline_shapes[-1]
    shape._inline.docPr.set("descr", chart.alt)  # the alt text screen readers give
    shape._inline.docPr.set("title", chart.title)
    below = [t for t in (f"Source: {chart.source}." if chart.source else "", chart.caption) if t]
    if below:
        note = document.add_paragraph(style="Caption")
        _runs(note, [Run(" ".join(below))], size=8, colour=GREY)


def _numbered_from_one(document) -> int:
    """Return a numbering of Word's "List Number" style that starts again at 1.

    Every paragraph of the style shares one numbering, so the paper's second numbered list
    went on from the first (the changes since the last report were numbered 5 to 7, the asks
    8 to 10, where the PDF numbers each list from 1).
    """
    numbering = document.part.numbering_part.numbering_definitions._numbering
    shared = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(shared).abstractNumId.val
    fresh = numbering.add_num(abstract)
    fresh.add_lvlOverride(ilvl=0).add_startOverride(1)
    return fresh.numId


def _table(document, block: Table) -> None:
    if block.caption:
        caption = document.add_paragraph(style="Caption")
        _runs(caption, [Run(block.caption, bold=True)], size=9, colour=RGBColor(0, 0, 0))
        caption.paragraph_format.keep_with_next = True
    frame = block.frame
    table = document.add_table(rows=1, cols=len(frame.columns), style="Table Grid")
    # The header row repeats on every page the table runs onto, as in the PDF.
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for cell, name in zip(table.rows[0].cells, frame.columns, strict=True):
        cell.text = str(name)
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = Pt(8)
    for _, row in frame.iterrows():
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)


def write_word(paper: Document, target: Path, day: date) -> Path:
    """Write the paper to ``target`` as a .docx file dated ``day``; return it."""
    document = WordDocument()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = paper.title
    document.core_properties.author = "yjanalysis"
    document.core_properties.comments = ""
    _footer(document, paper.foot)
    heads = [h for h in (paper.running_banner, paper.marking) if h]
    if heads:
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        red = RGBColor(0xD4, 0x35, 0x1C) if paper.running_banner else None
        _runs(head, [Run(" · ".join(heads), bold=True)], size=9, colour=red)
    for block in paper.blocks:
        if isinstance(block, Heading):
            level = 0 if block.level == 1 else min(block.level - 1, 3)
            made = document.add_heading(block.text, level=level)
            # Word has no conditional page break: a section flows on after the last, its
            # heading kept with what follows (a break before each left pages nearly empty).
            made.paragraph_format.keep_with_next = True
        elif isinstance(block, Banner):
            made = document.add_paragraph(style="Intense Quote")
            _runs(made, [Run(block.text, bold=True)])
        elif isinstance(block, Paragraph):
            if block.style == "service":
                made = document.add_paragraph(style="Quote")
                _runs(made, block.runs)
            elif block.style == "note":
                made = document.add_paragraph()
                _runs(made, block.runs, size=8.5, colour=GREY)
            else:
                _runs(document.add_paragraph(), block.runs)
        elif isinstance(block, Items):
            style = "List Number" if block.ordered else "List Bullet"
            restart = _numbered_from_one(document) if block.ordered else None
            for item in block.items:
                made = document.add_paragraph(style=style)
                if restart is not None:
                    numbers = made._p.get_or_add_pPr().get_or_add_numPr()
                    numbers.get_or_add_ilvl().val = 0
                    numbers.get_or_add_numId().val = restart
                _runs(made, item)
        elif isinstance(block, Pairs):
            table = document.add_table(rows=0, cols=2, style="Table Grid")
            for label, value in block.pairs:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, value
                cells[0].paragraphs[0].runs[0].bold = True
                cells[0].width, cells[1].width = Cm(4), Cm(13)
            document.add_paragraph()
        elif isinstance(block, Chart):
            _picture(document, block)
        elif isinstance(block, Table):
            _table(document, block)
    target = Path(target)
    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(steady_zip(buffer.getvalue(), day))
    return target
