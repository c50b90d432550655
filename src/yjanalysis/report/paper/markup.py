"""The report's own HTML read back as the paper's blocks, so that the paper says what the page says.

The pages are made of a small set of HTML pieces the project writes itself (headings,
paragraphs, notes, lists, the cover's label-value pairs, tables, charts, and the service's
commentary made safe by :func:`yjanalysis.report.commentary.render`). The paper takes the same
pieces from a building block's :class:`~yjanalysis.report.blocks.Part` and the front page, and
reads them into its blocks: the same words, in the same order, with each ``<figure>`` replaced by
the chart the block drew (its matplotlib figure, drawn again as an image). Styles, drawings
and the analyst's tables are left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd

from yjanalysis.report.blocks import Chart as DrawnChart
from yjanalysis.report.paper.document import (
    Banner,
    Block,
    Chart,
    Heading,
    Items,
    Pairs,
    Paragraph,
    Run,
    Table,
)

__all__ = ["blocks_of"]

#: Elements whose content is never read (drawings, styles, the phone's copy of a chart).
_SKIP = {"style", "script", "svg", "details", "figure"}
_BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "pre", "blockquote", "dt", "dd", "caption", "td", "th"}


class _Reader(HTMLParser):
    def __init__(self, charts: list[DrawnChart], style: str, shift: int) -> None:
        super().__init__(convert_charrefs=True)
        self.charts = list(charts)
        self.base_style, self.shift = style, shift
        self.blocks: list[Block] = []
        self.runs: list[Run] = []
        self.bold = self.italic = 0
        self.href: str | None = None
        self.lists: list[Items] = []
        self.where: list[tuple[str, dict]] = []  # open elements that matter, with attributes
        self.skip = 0
        self.pairs: list[tuple[str, str]] | None = None
        self.label = ""
        self.table: dict | None = None

    # -- state -------------------------------------------------------------------------------
    def _classes(self) -> set[str]:
        found: set[str] = set()
        for _, attrs in self.where:
            found |= set((attrs.get("class") or "").split())
        return found

    def _style(self) -> str:
        classes = self._classes()
        if "yj-commentary" in classes:
            return "service"
        if classes & {"yj-note", "yj-chart-note", "yj-commentary-label"}:
            return "note"
        return self.base_style

    def _text(self) -> str:
        return "".join(r.text for r in self.runs).strip()

    def _flush(self, tag: str) -> None:
        runs = [r for r in self.runs if r.text]
        self.runs = []
        text = "".join(r.text for r in runs).strip()
        if not text:
            return
        runs[0] = Run(runs[0].text.lstrip(), runs[0].bold, runs[0].italic, runs[0].href)
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold, runs[-1].italic, runs[-1].href)
        classes = self._classes()
        if self.table is not None:
            self.table["row"].append(text)
        elif self.pairs is not None:
            if tag == "dt":
                self.label = text
            else:
                self.pairs.append((self.label, text))
        elif self.lists:
            self.lists[-1].items.append(runs)
        elif tag in ("h1", "h2", "h3", "h4"):
            self.blocks.append(Heading(text, min(4, int(tag[1]) + self.shift)))
        elif "yj-banner" in classes:
            self.blocks.append(Banner(text))
        elif "yj-marking" in classes:
            return  # the protective marking heads every printed page instead
        else:
            self.blocks.append(Paragraph(runs, self._style()))

    # -- parsing -----------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if self.skip:
            if tag in _SKIP:
                self.skip += 1
            return
        if tag in _SKIP:
            if tag == "figure" and self.charts:
                drawn = self.charts.pop(0)
                self.blocks.append(
                    Chart(
                        drawn.figure,
                        drawn.title,
                        drawn.alt,
                        drawn.source,
                        drawn.caption,
                        data=drawn.data,
                    )
                )
            self.skip = 1
            return
        if tag in _BLOCK:
            self._flush(tag)
        self.where.append((tag, attrs))
        if tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            self.href = attrs.get("href") or None
        elif tag == "br":
            self.runs.append(Run("\n", bool(self.bold), bool(self.italic), self.href))
        elif tag in ("ul", "ol"):
            self.lists.append(Items([], ordered=tag == "ol", style=self._style()))
        elif tag == "dl":
            self.pairs = []
        elif tag == "table":
            self.table = {"caption": "", "header": [], "rows": [], "row": []}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br",) and not self.skip:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.skip:
            if tag in _SKIP:
                self.skip -= 1
            return
        if tag in _BLOCK:
            if self.table is not None and tag == "caption":
                self.table["caption"] = self._text()
                self.runs = []
            else:
                self._flush(tag)
        if tag == "tr" and self.table is not None:
            row, self.table["row"] = self.table["row"], []
            if row and not self.table["header"]:
                self.table["header"] = row
            elif row:
                self.table["rows"].append(row)
        elif tag == "table" and self.table is not None:
            found, self.table = self.table, None
            width = len(found["header"])
            rows = [r + [""] * (width - len(r)) for r in found["rows"] if len(r) <= width]
            if width:
                frame = pd.DataFrame(rows, columns=found["header"])
                self.blocks.append(Table(frame, found["caption"]))
        elif tag == "dl" and self.pairs is not None:
            self.blocks.append(Pairs(self.pairs))
            self.pairs = None
        elif tag in ("ul", "ol") and self.lists:
            done = self.lists.pop()
            if done.items:
                self.blocks.append(done)
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            self.href = None
        for i in range(len(self.where) - 1, -1, -1):
            if self.where[i][0] == tag:
                del self.where[i:]
                break

    def handle_data(self, data):
        if self.skip:
            return
        text = re.sub(r"\s+", " ", data)
        self.runs.append(Run(text, bool(self.bold), bool(self.italic), self.href))


def blocks_of(
    html_text: str, charts: list[DrawnChart] | None = None, style: str = "body", shift: int = 0
) -> list[Block]:
    """Return the paper's blocks for a piece of the report's HTML.

    Parameters
    ----------
    html_text : str
        HTML the report wrote (a part's, the front page's, or commentary made safe).
    charts : list of yjanalysis.report.blocks.Chart, optional
        The charts drawn for it, in order: each ``<figure>`` becomes the next of them.
    style : str
        The style of its paragraphs (``service`` for the service's own words).
    shift : int
        Added to each heading's level (a page's ``h2`` is a part of a section in the paper).

    Examples
    --------
    >>> found = blocks_of("<p>We <strong>will</strong> act.</p><ul><li>One</li><li>Two</li></ul>")
    >>> [type(b).__name__ for b in found], found[0].text, len(found[1].items)
    (['Paragraph', 'Items'], 'We will act.', 2)
    """
    reader = _Reader(charts or [], style, shift)
    reader.feed(html_text)
    reader.close()
    reader._flush("p")
    return reader.blocks
