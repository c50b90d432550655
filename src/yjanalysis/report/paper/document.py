"""The board paper as a document: headings, paragraphs, lists, charts and tables, in order.

One model, written out as Word (:mod:`~yjanalysis.report.paper.word`) and PDF
(:mod:`~yjanalysis.report.paper.pdf`), so that the two formats say the same thing in the same
order. Text is plain text (never markup): a paragraph is a list of runs, each plain, bold,
italic or a link.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = [
    "Banner",
    "Block",
    "Chart",
    "Document",
    "Heading",
    "Items",
    "Pairs",
    "Paragraph",
    "Run",
    "Table",
    "drop_sentences",
    "print_addresses",
    "reword",
    "say_lead_once",
    "say_once",
    "say_sentences_once",
    "sentences",
    "source_once",
    "spell_out_first",
]


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass
class Heading:
    """A heading: level 1 is the paper's title, 2 a section, 3 a part of one."""

    text: str
    level: int = 2
    #: Whether it starts a new page where little of the current one is left (a section of the
    #: paper does, in the PDF).
    new_page: bool = False


@dataclass
class Paragraph:
    """A paragraph of runs.

    ``style`` is ``body``, ``note`` (smaller, grey) or ``service`` (the service's own words,
    set apart from the generated text).
    """

    runs: list[Run]
    style: str = "body"

    @classmethod
    def of(cls, text: str, style: str = "body") -> Paragraph:
        """Make a paragraph of plain text."""
        return cls([Run(text)], style)

    @property
    def text(self) -> str:
        """The paragraph's words."""
        return "".join(run.text for run in self.runs)


@dataclass
class Items:
    """A list: numbered (``ordered``) or bulleted; each item a list of runs."""

    items: list[list[Run]]
    ordered: bool = False
    style: str = "body"


@dataclass
class Pairs:
    """Label and value pairs: the cover."""

    pairs: list[tuple[str, str]]


@dataclass
class Banner:
    """A warning that must not be missed (the synthetic-data banner)."""

    text: str


@dataclass
class Chart:
    """A chart: its figure (matplotlib), title, source line, caption and alt text."""

    figure: Any
    title: str
    alt: str
    source: str | None = None
    caption: str | None = None
    #: The file name the chart is written to beside the paper (``chart-03``).
    name: str = ""
    #: The rows the chart draws.
    data: pd.DataFrame | None = None
    #: The chart drawn as a PNG image, once drawn (:func:`~yjanalysis.report.paper.charts.png`).
    image: bytes | None = None

    @property
    def number(self) -> int | None:
        """The chart's number in the paper (from its file name), once the paper is numbered."""
        return int(self.name.rsplit("-", 1)[-1]) if self.name else None

    @property
    def numbered_title(self) -> str:
        """The title the paper prints: "Chart 3: First time entrants ...".

        A board member is told "see Chart 3" and an analyst finds its rows on the workbook's
        sheet of the same number.
        """
        return f"Chart {self.number}: {self.title}" if self.number else self.title


@dataclass
class Table:
    """A small table of text cells, with a caption."""

    frame: pd.DataFrame
    caption: str


Block = Heading | Paragraph | Items | Pairs | Banner | Chart | Table


@dataclass
class Document:
    """A paper: its title, its blocks in order and the short title at the foot of each page."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    #: At the foot of every printed page, before "Page N of M" (the title, where not set).
    footer: str | None = None
    #: Shown at the top of every page (the protective marking), where there is one.
    marking: str | None = None
    #: Shown at the top of every page too: that the figures are synthetic, for the demo's.
    running_banner: str | None = None

    @property
    def foot(self) -> str:
        """What the foot of every page says before its number."""
        return self.footer or self.title

    def add(self, *blocks: Block | None) -> None:
        """Append blocks, leaving out ``None``."""
        self.blocks.extend(b for b in blocks if b is not None)

    @property
    def charts(self) -> list[Chart]:
        """Every chart of the paper, in order."""
        return [b for b in self.blocks if isinstance(b, Chart)]

    def words(self) -> int:
        """How many words the paper has (its text, titles and captions; not its tables)."""
        texts: list[str] = [self.title]
        for b in self.blocks:
            if isinstance(b, Heading | Banner):
                texts.append(b.text)
            elif isinstance(b, Paragraph):
                texts.append(b.text)
            elif isinstance(b, Items):
                texts += ["".join(r.text for r in item) for item in b.items]
            elif isinstance(b, Pairs):
                texts += [f"{a} {v}" for a, v in b.pairs]
            elif isinstance(b, Chart):
                texts += [b.title, b.source or "", b.caption or ""]
            elif isinstance(b, Table):
                texts.append(b.caption)
        return sum(len(t.split()) for t in texts)


def spell_out_first(paper: Document, short: str, long: str) -> None:
    """Spell out an abbreviation where a reader first meets it: ``Youth Justice Board (YJB)``.

    The first of the paper's headings, paragraphs, lists and cover rows to use ``short`` gets
    ``long (short)`` there; later uses stay short. Nothing changes where ``long`` comes first.
    """
    import re

    word = re.compile(rf"\b{re.escape(short)}\b")

    def first(text: str) -> str | None:
        found = word.search(text)
        spelt = text.find(long)
        if spelt >= 0 and (found is None or spelt < found.start()):
            # Spelt out before it is abbreviated: say "(YJB)" there, so that the reader
            # knows the short form when it comes.
            if text[spelt + len(long) :].startswith(f" ({short})"):
                return text
            end = spelt + len(long)
            return f"{text[:end]} ({short}){text[end:]}"
        if found is None:
            return None
        return f"{text[: found.start()]}{long} ({short}){text[found.end() :]}"

    for block in paper.blocks:
        if isinstance(block, Chart):
            # A chart's source line can be the first to use it ("pooled counts of 10 YJSs").
            for name in ("source", "caption"):
                said = first(getattr(block, name) or "")
                if said is not None:
                    setattr(block, name, said)
                    return
            continue
        if isinstance(block, Heading):
            said = first(block.text)
            if said is not None:
                block.text = said
                return
            continue
        lists = (
            [block.runs]
            if isinstance(block, Paragraph)
            else block.items
            if isinstance(block, Items)
            else []
        )
        if isinstance(block, Pairs):
            for i, (label, value) in enumerate(block.pairs):
                said = first(value)
                if said is not None:
                    block.pairs[i] = (label, said)
                    return
        for runs in lists:
            for i, run in enumerate(runs):
                said = first(run.text)
                if said is not None:
                    runs[i] = dataclasses.replace(run, text=said)
                    return


def shorten_sources(paper: Document, long: str, short: str) -> None:
    """Name a publication by its short name in source lines after the paper names it in full.

    A board paper named "Youth Justice Board, youth justice statistics: local level open data
    (Children table)" ten times, mostly under charts, after its cover had named it: a source
    line after the first full naming says ``short`` instead. Sentences keep the full name (they
    are the pages' sentences, word for word).
    """
    seen = False
    for block in paper.blocks:
        if seen and isinstance(block, Chart) and block.source:
            block.source = block.source.replace(long, short)
        elif seen and isinstance(block, Paragraph) and block.text.startswith("Source:"):
            block.runs = [
                dataclasses.replace(run, text=run.text.replace(long, short)) for run in block.runs
            ]
        text = _block_text(block) + (block.source or "" if isinstance(block, Chart) else "")
        seen = seen or long in text


def _block_text(block: Block) -> str:
    """Return the words of a block as a reader meets them (a table's caption and cells too)."""
    if isinstance(block, Heading | Banner | Paragraph):
        return block.text
    if isinstance(block, Items):
        return " ".join("".join(r.text for r in item) for item in block.items)
    if isinstance(block, Pairs):
        return " ".join(f"{a} {v}" for a, v in block.pairs)
    if isinstance(block, Table):
        cells = block.frame.astype(str).to_numpy().ravel().tolist()
        return " ".join([block.caption, *map(str, block.frame.columns), *cells])
    if isinstance(block, Chart):
        return " ".join([block.title, block.caption or ""])
    return ""


def define_first(paper: Document, term: str, sentence: str, not_in: str = "") -> None:
    """Define a term in one plain sentence where the paper first uses it.

    The definition is a paragraph right after the first block whose words hold ``term``
    (matched as a word, in any case): after a list that uses it, or after a table and the
    paragraph under it (its key), never pages later.
    Nothing is added to a paper that never uses the term, nor where the sentence is there.
    A use followed by ``not_in`` (a source's name holding the term, such as the "serious youth
    violence toolkit" on the cover) is not a use of the term.
    """
    import re

    unless = rf"(?!{re.escape(not_in)})" if not_in else ""
    word = re.compile(rf"\b{re.escape(term)}\b{unless}", re.IGNORECASE)
    if any(sentence in _block_text(b) for b in paper.blocks):
        return
    for i, block in enumerate(paper.blocks):
        if word.search(_block_text(block)):
            after = i + 1
            # A table's key or note stays under it: the definition follows them.
            if isinstance(block, Table) and after < len(paper.blocks):
                if isinstance(paper.blocks[after], Paragraph):
                    after += 1
            paper.blocks.insert(after, Paragraph.of(sentence))
            return


def print_addresses(paper: Document, sections: dict[str, str]) -> None:
    """Print each link's address after its text, for a paper read on paper or sent on its own.

    A web address or an e-mail address follows the link's words in brackets (unless the words
    are the address); a link to a page of the report names the section of the paper it became
    (``sections``: page stem to section title) and loses its link, which would lead nowhere
    from a PDF sent on its own. Link words that are part of the section's title become the
    title ("see the education, training and employment section"): a ninth reader met "see
    education (the education, training and employment section of this paper)".
    """
    import re

    def said(run: Run) -> tuple[Run, str]:
        href = run.href or ""
        if href.startswith(("http://", "https://")):
            return run, href
        if href.startswith("mailto:"):
            return run, href.removeprefix("mailto:")
        stem = re.sub(r"\.html?(#.*)?$", "", href.split("/")[-1])
        if stem in sections:
            title = sections[stem]
            if run.text.strip().lower() in title.lower():
                return dataclasses.replace(run, href=None, text=f"the {title} section"), ""
            return dataclasses.replace(run, href=None), f"in the {title} section"
        return run, ""

    def printed(runs: list[Run]) -> list[Run]:
        out: list[Run] = []
        for i, run in enumerate(runs):
            if not run.href:
                out.append(run)
                continue
            kept, address = said(run)
            out.append(kept)
            last = i + 1 == len(runs) or runs[i + 1].href != run.href
            if last and address and address not in run.text:
                out.append(Run(f" ({address})", run.bold, run.italic))
        return out

    for block in paper.blocks:
        if isinstance(block, Paragraph):
            block.runs = printed(block.runs)
        elif isinstance(block, Items):
            block.items = [printed(item) for item in block.items]


def reword(paper: Document, plain: Callable[[str], str]) -> None:
    """Put the paper's generated words through ``plain`` (a method's name into plain words).

    The pages name a method beside each chart and explain it there; the paper, read by a board,
    says the same in plain words. The service's own words (style ``service``) are never changed.
    """
    for block in paper.blocks:
        if isinstance(block, Paragraph) and block.style != "service":
            block.runs = [dataclasses.replace(r, text=plain(r.text)) for r in block.runs]
        elif isinstance(block, Items) and block.style != "service":
            block.items = [
                [dataclasses.replace(r, text=plain(r.text)) for r in item] for item in block.items
            ]
        elif isinstance(block, Chart):
            block.title = plain(block.title)
            block.source = plain(block.source) if block.source else block.source
            block.caption = plain(block.caption) if block.caption else block.caption
        elif isinstance(block, Table):
            block.caption = plain(block.caption)
            block.frame = block.frame.rename(columns=lambda c: plain(str(c)))


def say_once(paper: Document, said: str) -> None:
    """Keep a long explanation where the paper first gives it, and drop it everywhere after.

    A board member met why a figure is hidden ([c]) five to seven times, word for word; each
    later figure keeps its "[c]" and the words before ``said`` (``hidden to protect the
    children behind it``), losing only ``said`` itself.
    """
    seen = False

    def once(text: str) -> str:
        nonlocal seen
        if said not in text:
            return text
        if not seen:
            seen = True
            first = text.index(said) + len(said)
            return text[:first] + text[first:].replace(said, "")
        return text.replace(said, "")

    for block in paper.blocks:
        if isinstance(block, Paragraph):
            block.runs = [dataclasses.replace(r, text=once(r.text)) for r in block.runs]
        elif isinstance(block, Items):
            block.items = [
                [dataclasses.replace(r, text=once(r.text)) for r in item] for item in block.items
            ]
        elif isinstance(block, Chart):
            block.source = once(block.source) if block.source else block.source
            block.caption = once(block.caption) if block.caption else block.caption


#: Where one sentence ends and the next begins: a full stop, question or exclamation mark,
#: then a space and a capital, a digit or a bracket.
SENTENCE_END = r"(?<=[.!?])\s+(?=[A-Z0-9(\[“\"])"
#: The shortest sentence kept once only: shorter ones ("It is hidden.") say a figure's own fact.
ONCE_WORDS = 10


def sentences(text: str) -> list[str]:
    """Split text into sentences (at a full stop, question or exclamation mark and a capital).

    Examples
    --------
    >>> sentences("It rose. Since 2023 it has risen; a change could be chance. (See below.)")
    ['It rose.', 'Since 2023 it has risen; a change could be chance.', '(See below.)']
    """
    import re

    return [s for s in re.split(SENTENCE_END, text.strip()) if s]


def say_sentences_once(paper: Document) -> None:
    """Keep each generated sentence of ten words or more where the paper first says it.

    A board member met the same method sentence under every chart ("The black line across
    Southampton's bar is its 95% interval ...") and the same paragraph on the spread between
    services four times: a paper says a thing once, and the figure each sentence stands on is
    where it first appears. The service's own words (style ``service``) are never changed; a
    paragraph or list item left empty goes.
    """
    import re

    seen: set[str] = set()

    def once(text: str) -> str:
        kept, dropped = [], False
        for sentence in sentences(text):
            key = re.sub(r"\s+", " ", sentence).strip()
            # A chart's or table's source line stays under each (every chart names its source).
            if len(key.split()) >= ONCE_WORDS and not key.startswith("Source:"):
                if key in seen:
                    dropped = True
                    continue
                seen.add(key)
            kept.append(sentence)
        if not dropped:
            return text
        # Keep the spacing the text began and ended with (runs join into one paragraph).
        lead = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()) :]
        return lead + " ".join(kept) + tail if kept else ""

    def runs_once(runs: list[Run]) -> list[Run]:
        out = [dataclasses.replace(r, text=once(r.text)) for r in runs]
        return [r for r in out if r.text]

    kept_blocks: list[Block] = []
    for block in paper.blocks:
        if isinstance(block, Paragraph) and block.style != "service":
            block.runs = runs_once(block.runs)
            if not block.text.strip():
                continue
        elif isinstance(block, Items) and block.style != "service":
            block.items = [item for item in map(runs_once, block.items) if item]
            if not block.items:
                continue
        elif isinstance(block, Chart):
            block.caption = once(block.caption) or None if block.caption else block.caption
        kept_blocks.append(block)
    paper.blocks = kept_blocks


def drop_sentences(paper: Document, pattern: str) -> None:
    """Drop each generated sentence matching ``pattern`` (a regular expression, from its start).

    For a sentence a paper need not say: one that tells in words what the table beneath it
    shows. The service's own words (style ``service``) are never changed; a paragraph left
    empty goes.
    """
    import re

    kept: list[Block] = []
    for block in paper.blocks:
        if isinstance(block, Paragraph) and block.style != "service":
            runs = []
            for run in block.runs:
                said = [s for s in sentences(run.text) if not re.match(pattern, s)]
                if said != sentences(run.text):
                    run = dataclasses.replace(run, text=" ".join(said))
                if run.text:
                    runs.append(run)
            block.runs = runs
            if not block.text.strip():
                continue
        kept.append(block)
    paper.blocks = kept


def _source_part(part: str) -> tuple[str, tuple[str, ...]]:
    """Return a source line's part as its source and the words of its areas, in any order.

    Custody's trend named "England, Southampton family, England and Wales and South East" of
    the source its headline's chart had named for "Southampton family, South East, England and
    England and Wales": the same areas, listed in another order.
    """
    areas, _, source = part.strip().rstrip(".").rpartition(": ")
    return source, tuple(sorted(areas.replace(",", " ").split()))


def source_once(paper: Document) -> None:
    """Say a chart's source once where the chart before it has the same sources.

    Two charts of one section from the same sources, listed in another order, gave the same
    forty words twice on one page; the second now says so in four.
    """
    previous: frozenset | None = None
    for block in paper.blocks:
        if isinstance(block, Heading) and block.level <= 2:
            previous = None  # a new section names its sources afresh
        if not isinstance(block, Chart) or not block.source:
            continue
        parts = frozenset(_source_part(p) for p in block.source.split(";"))
        if parts == previous:
            block.source = "as for the chart above"
        else:
            previous = parts


def say_lead_once(paper: Document, lead: str) -> None:
    """Keep the words a sentence opens with where the paper first says them; later, the rest.

    Each section's verdict opened "Against each area's figure, using the service's likely
    range, it is higher than ...": after the first, the sentence starts at "It is higher".
    The service's own words (style ``service``) are never changed.
    """
    import re

    seen = False

    def once(text: str) -> str:
        nonlocal seen
        if lead not in text:
            return text
        first = text.index(lead) + len(lead) if not seen else 0
        seen = True
        rest = re.sub(re.escape(lead) + r"(\w)", lambda m: m.group(1).upper(), text[first:])
        return text[:first] + rest

    for block in paper.blocks:
        if isinstance(block, Paragraph) and block.style != "service":
            block.runs = [dataclasses.replace(r, text=once(r.text)) for r in block.runs]
